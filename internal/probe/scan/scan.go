package scan

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"time"

	"triage/internal/audit"
	"triage/internal/probe"
	"triage/internal/probe/dkim"
	"triage/internal/probe/dmarc"
	"triage/internal/probe/httpprobe"
	"triage/internal/probe/mtasts"
	"triage/internal/probe/ports"
	"triage/internal/probe/spf"
	"triage/internal/probe/tlsprobe"
)

// Report is everything one scan found.
type Report struct {
	Started time.Time       `json:"started"`
	Took    time.Duration   `json:"took"`
	Domains []*DomainReport `json:"domains"`
	Hosts   []*HostReport   `json:"hosts"`
	Gaps    []audit.Gap     `json:"gaps,omitempty"`
	gapsMu  sync.Mutex
}

// DomainReport is what was found about one domain.
type DomainReport struct {
	Domain string `json:"domain"`
	// Error is set when the domain's email records could not be read
	// (SPF or DMARC lookups failed), or the domain does not exist.
	Error string `json:"error,omitempty"`

	MX         []probe.MX `json:"mx"`
	MXError    string     `json:"mx_error,omitempty"` // the MX lookup failed temporarily
	MXFiltered *bool      `json:"mx_filtered,omitempty"`
	MXFilters  []string   `json:"mx_filters,omitempty"` // the filtering services seen

	SPF    spf.Analysis        `json:"spf"`
	DMARC  dmarc.Result        `json:"dmarc"`
	DKIM   dkim.Result         `json:"dkim"`
	MTASTS mtasts.Result       `json:"mta_sts"`
	TLSRPT mtasts.TLSRPTResult `json:"tls_rpt"`
	DNSSEC DNSSECResult        `json:"dnssec"`
	CAA    CAAResult           `json:"caa"`

	Web        []*WebReport     `json:"web"`
	MTASTSHost *tlsprobe.Result `json:"mta_sts_host,omitempty"`
	Problems   []probe.Problem  `json:"problems"` // MX, DNSSEC and CAA
}

// WebReport is one website host (the domain or www).
type WebReport struct {
	Host   string               `json:"host"`
	Addr   netip.Addr           `json:"addr,omitzero"`
	Lookup string               `json:"lookup,omitempty"` // "no address", or why the lookup failed
	TLS    *tlsprobe.Result     `json:"tls,omitempty"`
	Site   *httpprobe.WebResult `json:"site,omitempty"`
}

// HostReport is what was found at one IP address.
type HostReport struct {
	Addr     netip.Addr       `json:"addr"`
	Ports    []ports.Result   `json:"ports"`    // every port checked
	Services []*ServiceReport `json:"services"` // the open ones
	// Unreachable is set when no port could even be tried.
	Unreachable string `json:"unreachable,omitempty"`
}

// ServiceReport is one open port with what the TLS and HTTP probes found.
type ServiceReport struct {
	Port     ports.Result       `json:"port"`
	Name     string             `json:"name"` // the audit's service name
	TLS      *tlsprobe.Result   `json:"tls,omitempty"`
	Web      *httpprobe.Finding `json:"web,omitempty"`
	KEV      []string           `json:"kev,omitempty"`
	Problems []probe.Problem    `json:"problems"`
}

// Scan runs the scan and returns its facts.
func Scan(ctx context.Context, cfg Config) ([]audit.Fact, error) {
	r, err := Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return r.Facts(), nil
}

// Run scans every domain and address of cfg. It fails only on a bad
// Config; what could not be checked is in the Report.
func Run(ctx context.Context, c Config) (*Report, error) {
	if c.Resolver == nil && len(c.Domains) > 0 {
		return nil, errors.New("scan: no resolver configured")
	}
	cfg := c.withDefaults()
	s := &scanner{cfg: cfg, sem: make(chan struct{}, cfg.Concurrency)}
	dialer := cfg.Dialer
	if cfg.RatePerHost > 0 {
		dialer = &ports.PoliteDialer{Dialer: cfg.Dialer, Rate: cfg.RatePerHost, Burst: cfg.Burst}
	}
	s.dialer = dialer
	s.web = &httpprobe.Client{Dialer: dialer, Timeout: cfg.Timeout, Roots: cfg.Roots}
	s.report = &Report{Started: cfg.Now()}
	began := time.Now()

	var wg sync.WaitGroup
	for _, d := range cfg.Domains {
		dr := &DomainReport{Domain: probe.Normalize(d)}
		s.report.Domains = append(s.report.Domains, dr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.domain(ctx, dr)
		}()
	}
	for _, ip := range cfg.IPs {
		hr := &HostReport{Addr: ip}
		s.report.Hosts = append(s.report.Hosts, hr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.host(ctx, hr)
		}()
	}
	wg.Wait()
	s.report.Took = time.Since(began)
	return s.report, nil
}

// scanner holds one run's shared state.
type scanner struct {
	cfg    Config
	dialer probe.Dialer
	web    *httpprobe.Client
	sem    chan struct{} // bounds checks in flight
	report *Report
}

// do runs f holding a concurrency slot.
func (s *scanner) do(ctx context.Context, f func()) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-s.sem }()
	f()
}

// step reports a finished step to the progress callback.
func (s *scanner) step(kind, target string, start time.Time, notChecked string) {
	if s.cfg.Progress == nil {
		return
	}
	status := "done"
	if notChecked != "" {
		status = "not checked: " + notChecked
	}
	s.cfg.Progress(Step{Kind: kind, Target: target, Status: status, Took: time.Since(start)})
}

// gap records evidence that could not be had.
func (s *scanner) gap(topic, reason string) {
	s.report.gapsMu.Lock()
	defer s.report.gapsMu.Unlock()
	for _, g := range s.report.Gaps {
		if g.Topic == topic && g.Reason == reason {
			return
		}
	}
	s.report.Gaps = append(s.report.Gaps, audit.Gap{Topic: topic, Reason: reason})
}

// parallel runs the functions at once and waits for all of them.
func parallel(fs ...func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}
