package httpprobe

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"triage/internal/probe"
)

// WebResult is what a website's HTTP and HTTPS answers say.
type WebResult struct {
	Host string `json:"host"`
	// HTTP is true when port 80 answered. HTTPSRedirect says whether
	// following its redirects ends on an https:// address; nil when port
	// 80 did not answer, so there is nothing to redirect.
	HTTP          bool     `json:"http"`
	HTTPSRedirect *bool    `json:"https_redirect,omitempty"`
	Redirects     []string `json:"redirects,omitempty"`
	// HTTPS is true when port 443 answered over TLS. HSTS says whether
	// that answer carried Strict-Transport-Security with a max-age above 0.
	HTTPS      bool            `json:"https"`
	HSTS       *bool           `json:"hsts,omitempty"`
	HSTSMaxAge int             `json:"hsts_max_age,omitempty"`
	HTTPError  string          `json:"http_error,omitempty"`
	HTTPSError string          `json:"https_error,omitempty"`
	Problems   []probe.Problem `json:"problems"`
}

// Lookup resolves a host name to the address to connect to, through the
// scan's resolver.
type Lookup func(ctx context.Context, host string) (netip.Addr, error)

// maxSiteHops bounds the redirect chain followed from http://host/.
const maxSiteHops = 5

// Website checks host at addr: whether http://host/ leads to HTTPS, and
// whether https://host/ sends HSTS. httpPort and httpsPort are normally 80
// and 443. lookup resolves other hosts that redirects lead to; nil follows
// redirects on host only.
func (c *Client) Website(ctx context.Context, host string, addr netip.Addr, httpPort, httpsPort int, lookup Lookup) WebResult {
	res := WebResult{Host: host}
	tls := Target{Addr: net.JoinHostPort(addr.String(), strconv.Itoa(httpsPort)), Host: host, TLS: true}
	p, err := c.Get(ctx, tls, "/")
	if err != nil {
		res.HTTPSError = errText(err)
	} else {
		res.HTTPS = true
		res.HSTSMaxAge, res.HSTS = hsts(p.Header.Get("Strict-Transport-Security"))
	}
	res.follow(ctx, c, Target{Addr: net.JoinHostPort(addr.String(), strconv.Itoa(httpPort)), Host: host}, lookup)
	res.problems()
	return res
}

// follow walks the redirects from http://host/. It leaves HTTPSRedirect
// nil when the chain cannot be followed to its end (a host that does not
// resolve, a server that stops answering), since then nobody knows.
func (res *WebResult) follow(ctx context.Context, c *Client, t Target, lookup Lookup) {
	path := "/"
	for hop := 0; hop <= maxSiteHops; hop++ {
		p, err := c.Get(ctx, t, path)
		if err != nil {
			if hop == 0 {
				res.HTTPError = errText(err)
			}
			return
		}
		res.HTTP = true
		if p.Status < 300 || p.Status >= 400 || p.Location == "" {
			no := false
			res.HTTPSRedirect = &no
			return
		}
		loc, err := url.Parse(p.Location)
		if err != nil {
			return
		}
		base, _ := url.Parse(t.URL(path))
		abs := base.ResolveReference(loc)
		res.Redirects = append(res.Redirects, abs.String())
		if abs.Scheme == "https" {
			yes := true
			res.HTTPSRedirect = &yes
			return
		}
		next, ok := c.nextTarget(ctx, t, abs, lookup)
		if !ok {
			return
		}
		t, path = next, abs.RequestURI()
	}
}

// nextTarget is the plain-HTTP target a redirect leads to, when its host
// can be resolved.
func (c *Client) nextTarget(ctx context.Context, cur Target, u *url.URL, lookup Lookup) (Target, bool) {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	_, curPort, _ := net.SplitHostPort(cur.Addr)
	if port == "" {
		port = "80"
		if host == cur.Host {
			port = curPort // the same site, wherever it was reached
		}
	}
	if host == cur.Host || host == "" {
		ip, _, _ := net.SplitHostPort(cur.Addr)
		return Target{Addr: net.JoinHostPort(ip, port), Host: cur.Host}, true
	}
	if lookup == nil {
		return Target{}, false
	}
	addr, err := lookup(ctx, host)
	if err != nil {
		return Target{}, false
	}
	return Target{Addr: net.JoinHostPort(addr.String(), port), Host: host}, true
}

// hsts reads a Strict-Transport-Security header (RFC 6797 §6.1).
func hsts(v string) (int, *bool) {
	on := false
	maxAge := 0
	for part := range strings.SplitSeq(v, ";") {
		name, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(strings.TrimSpace(name), "max-age") {
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
			if err == nil && n > 0 {
				maxAge, on = n, true
			}
		}
	}
	return maxAge, &on
}

func (res *WebResult) problems() {
	add := func(code string, level probe.Level, format string, args ...any) {
		res.Problems = append(res.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}
	switch {
	case !res.HTTPS && res.HTTP:
		add("web.no_https", probe.Error, "The website %s does not answer over HTTPS, so everything visitors send (including forms) travels unencrypted. Ask your web host to turn on HTTPS.", res.Host)
	case res.HTTPS && res.HSTS != nil && !*res.HSTS:
		add("web.no_hsts", probe.Warning, "The website %s does not send an HSTS header, so a visitor's browser can be tricked into the unencrypted version. Ask your web host to add Strict-Transport-Security.", res.Host)
	case res.HTTPS && res.HSTSMaxAge > 0 && res.HSTSMaxAge < 15552000:
		add("web.short_hsts", probe.Info, "The HSTS header of %s lasts only %d days; six months or more is usual.", res.Host, res.HSTSMaxAge/86400)
	}
	if res.HTTPS && res.HTTPSRedirect != nil && !*res.HTTPSRedirect {
		add("web.no_redirect", probe.Warning, "http://%s/ does not send visitors to the HTTPS version of the site, so people who type the address land on an unencrypted page. Redirect all HTTP to HTTPS.", res.Host)
	}
}
