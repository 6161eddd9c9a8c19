// Command compare prints how Triage's external scan agrees with nmap
// (open TCP ports) and testssl.sh (TLS protocol versions) on the bench's
// loopback servers, and the times of both. bench/scan/run.sh runs it;
// with -ports it prints the TCP ports of Triage's default list, for
// nmap's -p.
package main

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"time"

	"triage/internal/probe/ports"
)

func main() {
	printPorts := flag.Bool("ports", false, "print the TCP ports of the default list and exit")
	nmapFile := flag.String("nmap", "", "nmap -oX output for the exposed host")
	triageHost := flag.String("triage-host", "", "Triage facts.json for the exposed host")
	host := flag.String("host", "127.0.0.5", "the exposed host")
	testsslDir := flag.String("testssl", "", "directory of testssl.sh --jsonfile outputs named IP_PORT.json")
	triageTLS := flag.String("triage-tls", "", "Triage facts.json covering the TLS endpoints")
	times := flag.String("times", "", "file of 'label seconds' lines")
	flag.Parse()
	if *printPorts {
		var tcp []string
		for _, p := range ports.Default {
			if p.Proto == "tcp" {
				tcp = append(tcp, strconv.Itoa(p.Number))
			}
		}
		fmt.Println(strings.Join(tcp, ","))
		return
	}
	ok := true
	if *nmapFile != "" {
		ok = exposure(*nmapFile, *triageHost, *host) && ok
	}
	if *times != "" {
		timing(*times)
	}
	if *testsslDir != "" {
		ok = protocols(*testsslDir, *triageTLS) && ok
	}
	if !ok {
		os.Exit(1)
	}
}

type facts struct {
	Facts []struct {
		Service *struct {
			Host, Proto, Name, Product, Version string
			Port                                int
			Admin, Remote                       bool
			KEV                                 []string
		} `json:"service"`
		TLS *struct {
			Host     string
			Port     int
			Versions []string
		} `json:"tls"`
	} `json:"facts"`
}

func readFacts(path string) facts {
	var f facts
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	return f
}

type nmapRun struct {
	Hosts []struct {
		Ports []struct {
			Protocol string `xml:"protocol,attr"`
			PortID   int    `xml:"portid,attr"`
			State    struct {
				State string `xml:"state,attr"`
			} `xml:"state"`
			Service struct {
				Name string `xml:"name,attr"`
			} `xml:"service"`
		} `xml:"ports>port"`
	} `xml:"host"`
}

// exposure compares open TCP ports.
func exposure(nmapFile, triageFile, host string) bool {
	data, err := os.ReadFile(nmapFile)
	var run nmapRun
	if err == nil {
		err = xml.Unmarshal(data, &run)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	nmapOpen := map[int]string{}
	for _, h := range run.Hosts {
		for _, p := range h.Ports {
			if p.Protocol == "tcp" && p.State.State == "open" {
				nmapOpen[p.PortID] = p.Service.Name
			}
		}
	}
	triage := map[int]string{}
	udp := []string{}
	for _, f := range readFacts(triageFile).Facts {
		s := f.Service
		if s == nil || s.Host != host {
			continue
		}
		desc := s.Name
		if s.Product != "" {
			desc += " (" + strings.TrimSpace(s.Product+" "+s.Version) + ")"
		}
		if s.Admin {
			desc += " admin"
		}
		if s.Remote {
			desc += " remote-access"
		}
		if len(s.KEV) > 0 {
			desc += fmt.Sprintf(" KEV:%d", len(s.KEV))
		}
		if s.Proto == "udp" {
			udp = append(udp, fmt.Sprintf("%d/udp %s", s.Port, desc))
			continue
		}
		triage[s.Port] = desc
	}
	all := map[int]bool{}
	for p := range nmapOpen {
		all[p] = true
	}
	for p := range triage {
		all[p] = true
	}
	var list []int
	for p := range all {
		list = append(list, p)
	}
	sort.Ints(list)
	fmt.Printf("Open TCP ports on %s (nmap -sT vs Triage, same %d-port list)\n\n", host, countTCP())
	fmt.Printf("| port | nmap -sT (service by port table) | Triage (service identified) |\n|---|---|---|\n")
	diff := 0
	for _, p := range list {
		n, t := nmapOpen[p], triage[p]
		if n == "" || t == "" {
			diff++
		}
		fmt.Printf("| %d | %s | %s |\n", p, or(n, "closed"), or(t, "closed"))
	}
	for _, u := range udp {
		fmt.Printf("| %s | (not scanned: -sT is TCP only) | open |\n", u)
	}
	fmt.Printf("\nSame open TCP ports: %v (%d open by nmap, %d by Triage, %d differences)\n\n", diff == 0, len(nmapOpen), len(triage), diff)
	return diff == 0
}

func countTCP() int {
	n := 0
	for _, p := range ports.Default {
		if p.Proto == "tcp" {
			n++
		}
	}
	return n
}

// timing prints the median of each label's runs.
func timing(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	runs := map[string][]float64{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			d, derr := time.ParseDuration(f[1]) // Triage's "took 23ms"
			if derr != nil {
				continue
			}
			v = d.Seconds()
		}
		if _, seen := runs[f[0]]; !seen {
			order = append(order, f[0])
		}
		runs[f[0]] = append(runs[f[0]], v)
	}
	fmt.Printf("Wall-clock time, median of the runs (each run is a fresh process)\n\n| what | runs | median s | min s | max s |\n|---|---|---|---|---|\n")
	for _, k := range order {
		v := slices.Clone(runs[k])
		slices.Sort(v)
		fmt.Printf("| %s | %d | %.3f | %.3f | %.3f |\n", k, len(v), v[len(v)/2], v[0], v[len(v)-1])
	}
	fmt.Println()
}

type testsslFinding struct {
	ID      string `json:"id"`
	IP      string `json:"ip"`
	Port    string `json:"port"`
	Finding string `json:"finding"`
}

var testsslIDs = map[string]string{"SSLv3": "SSL3.0", "TLS1": "TLS1.0", "TLS1_1": "TLS1.1", "TLS1_2": "TLS1.2", "TLS1_3": "TLS1.3"}

// protocols compares offered TLS versions per endpoint.
func protocols(dir, triageFile string) bool {
	triage := map[string][]string{}
	for _, f := range readFacts(triageFile).Facts {
		if f.TLS != nil {
			triage[f.TLS.Host+":"+strconv.Itoa(f.TLS.Port)] = f.TLS.Versions
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	fmt.Printf("TLS protocol versions offered (testssl.sh -p vs Triage)\n\n| endpoint | testssl.sh | Triage | same |\n|---|---|---|---|\n")
	same := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		var fs []testsslFinding
		if err == nil {
			err = json.Unmarshal(data, &fs)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", file, err)
			os.Exit(2)
		}
		var offered []string
		endpoint := strings.TrimSuffix(filepath.Base(file), ".json")
		endpoint = strings.Replace(endpoint, "_", ":", 1)
		for _, f := range fs {
			if name, ok := testsslIDs[f.ID]; ok && strings.HasPrefix(f.Finding, "offered") {
				offered = append(offered, name)
			}
		}
		slices.Sort(offered)
		t := slices.Clone(triage[endpoint])
		slices.Sort(t)
		eq := slices.Equal(offered, t)
		if eq {
			same++
		}
		fmt.Printf("| %s | %s | %s | %s |\n", endpoint, strings.Join(offered, " "), strings.Join(t, " "), yesNo(eq))
	}
	fmt.Printf("\nSame verdicts on %d of %d endpoints\n\n", same, len(files))
	return same == len(files)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
