// Command scanner runs Triage's external scan the way 'triage scan' does
// (same resolver, dialer, timeouts and KEV lookup) and writes facts.json
// or the text report. bench/scan/run.sh uses it only while the triage
// binary has no scan command registered; the work measured is the same
// scan.Run.
package main

import (
	"context"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"triage/internal/importer"
	"triage/internal/probe/dnsx"
	"triage/internal/probe/scan"
	"triage/internal/refdata"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var domains, ips list
	flag.Var(&domains, "domain", "domain (repeatable)")
	flag.Var(&ips, "ip", "address (repeatable)")
	resolver := flag.String("resolver", "127.0.0.1:5300", "DNS server")
	roots := flag.String("roots", "", "PEM file of trusted CAs")
	format := flag.String("format", "json", "json or text")
	timeout := flag.Duration("timeout", scan.DefaultTimeout, "per connection")
	progress := flag.Bool("progress", false, "print each step and its time on stderr")
	rate := flag.Float64("rate", 0, "new connections a second per address (0: the scan's default, negative: no limit)")
	flag.Parse()
	if err := run(domains, ips, *resolver, *roots, *format, *timeout, *progress, *rate); err != nil {
		fmt.Fprintln(os.Stderr, "scanner:", err)
		os.Exit(1)
	}
}

// kevLookup decodes the embedded catalogue in the background, as the CLI
// does, and answers from it.
func kevLookup() func(vendor, product, version string) []string {
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		refdata.KEVFor("", "")
	}()
	return func(vendor, product, _ string) []string {
		<-ready
		var ids []string
		for _, e := range refdata.KEVFor(vendor, product) {
			ids = append(ids, e.CVE)
		}
		return ids
	}
}

func run(domains, ips []string, resolver, roots, format string, timeout time.Duration, progress bool, rate float64) error {
	cfg := scan.Config{
		Domains:     domains,
		Resolver:    &dnsx.Client{Server: resolver, Timeout: min(timeout, dnsx.DefaultTimeout), Attempts: dnsx.DefaultAttempts},
		Dialer:      &net.Dialer{},
		Timeout:     timeout,
		KEVLookup:   kevLookup(),
		RatePerHost: rate,
	}
	for _, s := range ips {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return err
		}
		cfg.IPs = append(cfg.IPs, a)
	}
	if roots != "" {
		pem, err := os.ReadFile(roots)
		if err != nil {
			return err
		}
		cfg.Roots = x509.NewCertPool()
		cfg.Roots.AppendCertsFromPEM(pem)
	}
	if progress {
		start := time.Now()
		cfg.Progress = func(s scan.Step) {
			fmt.Fprintf(os.Stderr, "%7.3fs %s %s ... %s (%s)\n", time.Since(start).Seconds(), s.Kind, s.Target, s.Status, s.Took.Round(time.Millisecond))
		}
	}
	rep, err := scan.Run(context.Background(), cfg)
	if err != nil {
		return err
	}
	if format == "text" {
		return rep.WriteText(os.Stdout)
	}
	return importer.WriteFacts(os.Stdout, rep.Facts())
}
