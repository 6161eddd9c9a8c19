package httpprobe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"triage/internal/probe"
)

// DefaultTimeout bounds each request when Client.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// maxBody is how much of a page is read: enough for any login page.
const maxBody = 256 << 10

// Client fetches pages for the probes.
type Client struct {
	Dialer  probe.Dialer
	Timeout time.Duration  // per request; DefaultTimeout when zero
	Roots   *x509.CertPool // for Target.Verify; nil means the system's
}

// Target is one web server: the address to connect to and the name to ask
// for.
type Target struct {
	Addr string // IP:port
	Host string // Host header and SNI; "" means the address
	TLS  bool
	// Verify checks the certificate against Client.Roots and Host, and
	// fails the request when it is not valid.
	Verify bool
}

// URL is the address of path on the target, as a browser would show it.
func (t Target) URL(path string) string {
	scheme, def := "http", "80"
	if t.TLS {
		scheme, def = "https", "443"
	}
	ip, port, _ := net.SplitHostPort(t.Addr)
	host := t.Host
	if host == "" {
		host = ip
		if strings.Contains(ip, ":") {
			host = "[" + ip + "]"
		}
	}
	if port != def {
		host += ":" + port
	}
	return scheme + "://" + host + path
}

// Page is one response.
type Page struct {
	URL      string      `json:"url"`
	Status   int         `json:"status"`
	Header   http.Header `json:"-"`
	Title    string      `json:"title,omitempty"`
	Location string      `json:"location,omitempty"` // redirect target
	Body     []byte      `json:"-"`
}

// session fetches several pages from one target over kept-alive
// connections.
type session struct {
	c      *Client
	t      Target
	client *http.Client
}

func (c *Client) session(t Target) *session {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tr := &http.Transport{
		// Always the resolved address, never the system resolver.
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return c.Dialer.DialContext(ctx, network, t.Addr)
		},
		TLSClientConfig:       c.tlsConfig(t),
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   pathWorkers, // reuse the path probes' connections
		DisableCompression:    false,
		ForceAttemptHTTP2:     false,
	}
	return &session{c: c, t: t, client: &http.Client{
		Transport: tr,
		Timeout:   timeout,
		// Redirects are followed (or not) by the probes themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *Client) tlsConfig(t Target) *tls.Config {
	name := t.Host
	if _, err := netip.ParseAddr(name); err == nil {
		name = ""
	}
	if t.Verify {
		return &tls.Config{ServerName: name, RootCAs: c.Roots, MinVersion: tls.VersionTLS12}
	}
	var suites []uint16
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		suites = append(suites, s.ID)
	}
	return &tls.Config{
		ServerName: name,
		// Pages of devices with broken certificates must still be read;
		// tlsprobe reports the certificate.
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS10,
		CipherSuites:       suites,
		// Plain X25519: the post-quantum hybrids cost both ends time and
		// protect nothing here (the pages are public login pages).
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384},
	}
}

func (s *session) close() { s.client.CloseIdleConnections() }

// get fetches one path.
func (s *session) get(ctx context.Context, path string) (*Page, error) {
	url := s.t.URL(path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "Triage external scan (security audit of this practice)")
	req.Header.Set("Accept", "text/html,text/plain;q=0.9,*/*;q=0.5")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, simplify(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil && len(body) == 0 {
		return nil, simplify(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody)) // keep the connection reusable
	return &Page{URL: url, Status: resp.StatusCode, Header: resp.Header, Title: title(body), Location: resp.Header.Get("Location"), Body: body}, nil
}

// Get fetches one path from t.
func (c *Client) Get(ctx context.Context, t Target, path string) (*Page, error) {
	s := c.session(t)
	defer s.close()
	return s.get(ctx, path)
}

// simplify drops the "Get \"url\": " wrapper that net/http puts on every
// error, since the caller says which URL it was.
func simplify(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil && strings.HasPrefix(err.Error(), "Get ") {
			return inner
		}
	}
	return err
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// title is the page's <title>, unescaped, with runs of space collapsed.
func title(body []byte) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	t := strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
	if len(t) > 200 {
		t = t[:200]
	}
	return t
}

// sameTarget reports whether a redirect location stays on the target (a
// relative path, or the same scheme and authority), and returns its path.
func (t Target) sameTarget(location string) (string, bool) {
	if strings.HasPrefix(location, "/") && !strings.HasPrefix(location, "//") {
		return location, true
	}
	for _, prefix := range []string{t.URL(""), strings.TrimSuffix(t.URL(""), ":443"), strings.TrimSuffix(t.URL(""), ":80")} {
		if rest, ok := strings.CutPrefix(location, prefix); ok && (rest == "" || rest[0] == '/') {
			if rest == "" {
				rest = "/"
			}
			return rest, true
		}
	}
	return "", false
}

func errText(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	return fmt.Sprint(err)
}
