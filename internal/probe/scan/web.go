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
	"triage/internal/probe/tlsprobe"
)

// websites looks at the domain's website (the domain and www) and, when
// the domain publishes MTA-STS, the certificate of its policy host.
func (s *scanner) websites(ctx context.Context, dr *DomainReport) {
	names := []string{dr.Domain, "www." + dr.Domain}
	dr.Web = make([]*WebReport, len(names))
	var wg sync.WaitGroup
	for i, host := range names {
		dr.Web[i] = &WebReport{Host: host}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.website(ctx, dr, dr.Web[i])
		}()
	}
	if dr.MTASTS.Present {
		wg.Add(1)
		go func() {
			defer wg.Done()
			host := "mta-sts." + dr.Domain
			if addr, err := lookupAddr(ctx, s.cfg.Resolver, host); err == nil {
				res := s.probeTLS(ctx, addr, s.cfg.HTTPSPort, host)
				if res.Connected {
					dr.MTASTSHost = &res
				}
			}
		}()
	}
	wg.Wait()
}

// website checks one host name of the domain.
func (s *scanner) website(ctx context.Context, dr *DomainReport, w *WebReport) {
	start := time.Now()
	addr, err := lookupAddr(ctx, s.cfg.Resolver, w.Host)
	switch {
	case probe.IsVoid(err):
		w.Lookup = "no address"
		return
	case err != nil:
		w.Lookup = err.Error()
		s.gap("scan", fmt.Sprintf("the address of the website %s could not be looked up (%v)", w.Host, err))
		s.step("web", w.Host, start, "DNS failed")
		return
	}
	w.Addr = addr
	parallel(
		func() {
			res := s.probeTLS(ctx, addr, s.cfg.HTTPSPort, w.Host)
			w.TLS = &res
		},
		func() {
			s.do(ctx, func() {
				site := s.web.Website(ctx, w.Host, addr, s.cfg.HTTPPort, s.cfg.HTTPSPort, s.withinDomain(dr.Domain))
				w.Site = &site
			})
		},
	)
	s.step("web", w.Host, start, "")
}

// withinDomain resolves redirect targets that belong to the domain being
// checked; redirects elsewhere are not followed.
func (s *scanner) withinDomain(domain string) httpprobe.Lookup {
	return func(ctx context.Context, host string) (netip.Addr, error) {
		host = probe.Normalize(host)
		if host != domain && !strings.HasSuffix(host, "."+domain) {
			return netip.Addr{}, fmt.Errorf("%s is outside %s", host, domain)
		}
		return lookupAddr(ctx, s.cfg.Resolver, host)
	}
}

// probeTLS runs tlsprobe on addr:port within a concurrency slot.
func (s *scanner) probeTLS(ctx context.Context, addr netip.Addr, port int, serverName string) tlsprobe.Result {
	var res tlsprobe.Result
	s.do(ctx, func() {
		opt := tlsprobe.Options{Dialer: s.dialer, Roots: s.cfg.Roots, Now: s.cfg.Now, Timeout: s.cfg.Timeout}
		res = tlsprobe.Probe(ctx, opt, net.JoinHostPort(addr.String(), strconv.Itoa(port)), serverName)
	})
	return res
}
