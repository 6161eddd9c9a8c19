// Command servers runs the made-up practices of scantest on their real
// port numbers (443, 3389, ...) on 127.0.0.2-127.0.0.6, with a DNS server
// for their zones, until interrupted. bench/scan/run.sh starts it so that
// Triage, nmap and testssl.sh scan the same servers. It needs root (ports
// below 1024) and listens on loopback only.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"triage/internal/probe/scan/scantest"
)

func main() {
	dns := flag.String("dns", "127.0.0.1:5300", "where the DNS server listens")
	ca := flag.String("ca", "", "write the test CA certificate (PEM) here")
	info := flag.String("info", "", "write the servers' description (JSON) here")
	flag.Parse()
	w, err := scantest.Start(scantest.Options{DNSAddr: *dns, RealPorts: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "servers:", err)
		os.Exit(1)
	}
	defer w.Close()
	if *ca != "" {
		if err := os.WriteFile(*ca, w.CA.PEM(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "servers:", err)
			os.Exit(1)
		}
	}
	if *info != "" {
		desc := map[string]any{"dns": w.DNS, "domains": scantest.Domains, "tls": w.TLSEndpoints, "exposed": scantest.Exposed.String(), "exposed_ports": scantest.ExposedPorts}
		data, _ := json.MarshalIndent(desc, "", "  ")
		if err := os.WriteFile(*info, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "servers:", err)
			os.Exit(1)
		}
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
}
