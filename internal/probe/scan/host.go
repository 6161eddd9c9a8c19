package scan

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/httpprobe"
	"triage/internal/probe/ports"
	"triage/internal/probe/tlsprobe"
)

// host checks the ports of one address and looks closer at what is open.
// A web port is probed (TLS, HTTP) as soon as it is found open, without
// waiting for slow ports: a filtered port takes the whole timeout.
func (s *scanner) host(ctx context.Context, hr *HostReport) {
	start := time.Now()
	banner := min(2*time.Second, s.cfg.Timeout)
	sc := &ports.Scanner{Dialer: s.dialer, Timeout: s.cfg.Timeout, BannerTimeout: banner}
	hr.Ports = make([]ports.Result, len(s.cfg.Ports))
	services := make([]*ServiceReport, len(s.cfg.Ports))
	var checked, probed sync.WaitGroup
	for i, p := range s.cfg.Ports {
		hr.Ports[i] = ports.Result{Host: hr.Addr, Port: p, State: ports.Unreachable, Error: "the scan was stopped"}
		checked.Add(1)
		probed.Add(1)
		go func() {
			defer probed.Done()
			s.do(ctx, func() { hr.Ports[i] = sc.Check(ctx, hr.Addr, p) })
			r := hr.Ports[i] // portGaps may relabel it once all are checked
			checked.Done()
			if r.State == ports.Open {
				services[i] = &ServiceReport{Port: r, Name: r.Name}
				if p.IsWeb() {
					s.webService(ctx, hr.Addr, services[i])
				}
			}
		}()
	}
	checked.Wait()
	s.step("ports", hr.Addr.String(), start, s.portGaps(hr))
	probed.Wait()
	for _, sr := range services {
		if sr != nil {
			hr.Services = append(hr.Services, sr)
		}
	}
	for _, sr := range hr.Services {
		s.kev(sr)
		sr.Problems = append(serviceProblems(hr.Addr, sr), sr.Problems...)
	}
}

// portGaps records ports that could not be checked at all and returns a
// reason for the progress line. "Host unreachable" on some ports of a host
// that answered on others is a firewall blocking them: filtered.
func (s *scanner) portGaps(hr *HostReport) string {
	answered := false
	for _, r := range hr.Ports {
		answered = answered || r.State == ports.Open || r.State == ports.Closed
	}
	var failed []string
	reason := ""
	for i, r := range hr.Ports {
		if r.State != ports.Unreachable {
			continue
		}
		if answered && r.HostUnreachable {
			hr.Ports[i].State, hr.Ports[i].Error = ports.Filtered, ""
			continue
		}
		failed = append(failed, r.Port.String())
		if reason == "" {
			reason = r.Error
		}
	}
	switch {
	case len(failed) == 0:
		return ""
	case len(failed) == len(hr.Ports):
		hr.Unreachable = reason
		s.gap("scan", fmt.Sprintf("%s could not be scanned: %s", hr.Addr, reason))
		return reason
	}
	s.gap("scan", fmt.Sprintf("ports %s of %s could not be checked: %s", strings.Join(failed, ", "), hr.Addr, reason))
	return ""
}

// webService runs TLS and HTTP on an open web port, at once. A port named
// https that answers plain HTTP (or the reverse) is renamed for what it is.
func (s *scanner) webService(ctx context.Context, addr netip.Addr, sr *ServiceReport) {
	start := time.Now()
	port := sr.Port.Port.Number
	hostport := net.JoinHostPort(addr.String(), strconv.Itoa(port))
	if sr.Name == "https" {
		var res tlsprobe.Result
		var f httpprobe.Finding
		parallel(
			func() { res = s.probeTLS(ctx, addr, port, "") },
			func() { f = s.identify(ctx, httpprobe.Target{Addr: hostport, TLS: true}) },
		)
		s.step("tls", hostport, start, res.Error)
		if len(res.Versions) == 0 && res.NotAfter.IsZero() && f.Error != "" {
			if plain := s.identify(ctx, httpprobe.Target{Addr: hostport}); plain.Error == "" {
				sr.Name, sr.Web = "http", &plain
				s.step("http", hostport, start, "")
				return
			}
		}
		sr.TLS, sr.Web = &res, &f
		s.step("http", hostport, start, httpNotChecked(f))
		return
	}
	f := s.identify(ctx, httpprobe.Target{Addr: hostport})
	if f.Error != "" {
		// Some devices serve HTTPS on ports usually plain (8080, 5000).
		if tf := s.identify(ctx, httpprobe.Target{Addr: hostport, TLS: true}); tf.Error == "" {
			res := s.probeTLS(ctx, addr, port, "")
			sr.Name, sr.TLS, f = "https", &res, tf
		}
	}
	sr.Web = &f
	s.step("http", hostport, start, httpNotChecked(f))
}

func httpNotChecked(f httpprobe.Finding) string {
	if f.Error != "" {
		return "no HTTP answer (" + f.Error + ")"
	}
	return ""
}

func (s *scanner) identify(ctx context.Context, t httpprobe.Target) httpprobe.Finding {
	var f httpprobe.Finding
	s.do(ctx, func() { f = s.web.Identify(ctx, t) })
	return f
}

// kev asks the lookup about a recognised product.
func (s *scanner) kev(sr *ServiceReport) {
	if s.cfg.KEVLookup == nil || sr.Web == nil || sr.Web.Vendor == "" || sr.Web.KEVProduct == "" {
		return
	}
	sr.KEV = s.cfg.KEVLookup(sr.Web.Vendor, sr.Web.KEVProduct, sr.Web.Version)
}

// The services the exposure controls name: fail when reachable, and
// should-not-be-reachable.
var (
	mustClose = map[string]string{
		"rdp":           "Remote Desktop is the most common way ransomware gangs get into practices: they guess or buy passwords and log straight in",
		"smb":           "Windows file sharing exposes the practice's shared folders and has had many worm-able flaws",
		"netbios":       "Windows file sharing (NetBIOS) exposes shared folders and computer names",
		"mssql":         "the SQL Server database (which holds the clinical system's data) can be attacked directly",
		"mssql-browser": "the SQL Server Browser tells anyone which databases run here and where",
		"vnc":           "VNC remote control is often set up with a weak or no password",
		"telnet":        "Telnet sends passwords unencrypted and is usually a device's management login",
	}
	shouldClose = map[string]string{
		"ftp":        "FTP sends passwords unencrypted",
		"mysql":      "a database should not be reachable from the internet",
		"postgresql": "a database should not be reachable from the internet",
		"firebird":   "a database should not be reachable from the internet",
	}
)

// serviceWords are the names owners know the services by.
var serviceWords = map[string]string{
	"rdp": "Remote Desktop (RDP)", "smb": "Windows file sharing (SMB)", "netbios": "Windows file sharing (NetBIOS)",
	"mssql": "SQL Server", "mssql-browser": "SQL Server Browser", "vnc": "VNC remote control", "telnet": "Telnet",
	"ftp": "FTP", "ssh": "SSH", "mysql": "MySQL", "postgresql": "PostgreSQL", "firebird": "Firebird database",
	"http": "A web server", "https": "A web server (HTTPS)", "smtp": "A mail server (SMTP)",
}

func label(name string) string {
	if w := serviceWords[name]; w != "" {
		return w
	}
	return name
}

// serviceProblems says what an open port means for the practice.
func serviceProblems(addr netip.Addr, sr *ServiceReport) []probe.Problem {
	var ps []probe.Problem
	add := adder(&ps)
	where := fmt.Sprintf("%s port %d/%s", addr, sr.Port.Port.Number, sr.Port.Port.Proto)
	detail := ""
	if sr.Port.Detail != "" {
		detail = " (" + sr.Port.Detail + ")"
	}
	if why, ok := mustClose[sr.Name]; ok {
		add("exposed."+sr.Name, probe.Error, "%s is reachable from the internet at %s%s: %s. Close this port on the firewall and reach the service through a VPN that requires MFA.", label(sr.Name), where, detail, why)
	}
	if why, ok := shouldClose[sr.Name]; ok {
		add("exposed."+sr.Name, probe.Warning, "%s is reachable from the internet at %s: %s. Close the port unless someone outside really needs it.", label(sr.Name), where, why)
	}
	if sr.Name == "ssh" {
		add("exposed.ssh", probe.Info, "SSH is reachable at %s. Make sure it is meant to be, and that it accepts keys only, not passwords.", where)
	}
	if w := sr.Web; w != nil && w.Product != "" {
		product := strings.TrimSpace(w.Product + " " + w.Version)
		switch {
		case w.Admin:
			add("exposed.admin", probe.Error, "The %s is reachable from the internet at %s. Anyone can try passwords or known flaws on it. Turn off management from the internet (WAN) side, or limit it to your IT provider's address.", product, w.MatchedAt)
		case w.Remote:
			add("exposed.portal", probe.Warning, "A remote-access portal (%s) is reachable at %s. That is expected for a VPN or remote desktop gateway, but it must have every security update and require MFA.", product, w.MatchedAt)
		}
		if len(sr.KEV) > 0 {
			add("kev", probe.Error, "The %s has flaws that attackers are known to be exploiting (%s, in the CISA KEV catalogue). Unless your IT provider confirms every one is fixed, update it today.", product, strings.Join(sr.KEV, ", "))
		}
	}
	if sr.TLS != nil {
		ps = append(ps, sr.TLS.Problems...)
	}
	return ps
}
