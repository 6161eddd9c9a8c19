package scan

import (
	"crypto/x509"
	"net"
	"net/netip"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/dkim"
	"triage/internal/probe/ports"
)

// Defaults for a Config whose fields are zero.
const (
	DefaultTimeout     = 5 * time.Second
	DefaultConcurrency = 32
	// DefaultRatePerHost and DefaultBurst space new connections to one
	// address. A whole host with a few web ports (22 ports, about 6
	// connections per TLS endpoint, a few per web page) takes 40 to 50
	// connections: the burst lets that through at once, as nmap's normal
	// timing would, and the rate holds anything bigger (many web ports,
	// retries) to 100 a second, so a small router is never flooded.
	DefaultRatePerHost = 100
	DefaultBurst       = 48
)

// Config says what to scan and how.
type Config struct {
	Domains []string     // practice domains, already validated and in ASCII
	IPs     []netip.Addr // public addresses

	// Resolver answers every DNS question. A probe.SecurityResolver also
	// lets DNSSEC and CAA be checked.
	Resolver probe.Resolver
	// Dialer opens every connection; nil means a net.Dialer.
	Dialer probe.Dialer
	// Roots are the trust anchors for certificates; nil means the
	// system's.
	Roots *x509.CertPool

	// DKIMSelectors are looked up in addition to dkim.DefaultSelectors.
	DKIMSelectors []string
	// Ports lists the ports checked on each IP; nil means ports.Default.
	Ports []ports.Port
	// HTTPPort and HTTPSPort are where websites are looked for; zero
	// means 80 and 443.
	HTTPPort, HTTPSPort int

	Timeout     time.Duration // per connection; DefaultTimeout when zero
	Concurrency int           // checks in flight; DefaultConcurrency when zero
	RatePerHost float64       // new connections a second per address; DefaultRatePerHost when zero, negative for no limit
	Burst       int           // DefaultBurst when zero

	// Now is the clock for certificate expiry and the facts' collection
	// time; nil means time.Now.
	Now func() time.Time
	// KEVLookup returns the known-exploited CVE ids for a product the scan
	// recognised (vendor and product as the CISA KEV catalogue names
	// them; version "" when the page does not show it). Nil: no lookup,
	// and services carry no KEV list.
	KEVLookup func(vendor, product, version string) []string
	// Progress, when set, is told as each step finishes. It may be called
	// from several goroutines at once.
	Progress func(Step)
}

// Step is one finished part of the scan, for progress display.
type Step struct {
	Kind   string        // dns, web, ports, tls, http
	Target string        // the domain, host name, address or address:port
	Status string        // "done", or "not checked: <reason>"
	Took   time.Duration // how long it took
}

func (c *Config) withDefaults() Config {
	d := *c
	if d.Dialer == nil {
		d.Dialer = &net.Dialer{}
	}
	if d.Ports == nil {
		d.Ports = ports.Default
	}
	if d.HTTPPort == 0 {
		d.HTTPPort = 80
	}
	if d.HTTPSPort == 0 {
		d.HTTPSPort = 443
	}
	if d.Timeout <= 0 {
		d.Timeout = DefaultTimeout
	}
	if d.Concurrency <= 0 {
		d.Concurrency = DefaultConcurrency
	}
	if d.RatePerHost == 0 {
		d.RatePerHost = DefaultRatePerHost
	}
	if d.Burst <= 0 {
		d.Burst = DefaultBurst
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return d
}

// selectors is the DKIM selector list: the defaults, then the practice's
// own, without repeats.
func (c *Config) selectors() []string {
	out := append([]string(nil), dkim.DefaultSelectors...)
	for _, s := range c.DKIMSelectors {
		dup := false
		for _, have := range out {
			dup = dup || have == s
		}
		if !dup && s != "" {
			out = append(out, s)
		}
	}
	return out
}
