package tlsprobe

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"triage/internal/probe"
)

// DefaultTimeout bounds each connection of a probe when Options.Timeout is
// zero.
const DefaultTimeout = 5 * time.Second

// Options configures Probe.
type Options struct {
	Dialer  probe.Dialer     // required
	Roots   *x509.CertPool   // trust anchors; nil means the system's
	Now     func() time.Time // the clock for expiry; nil means time.Now
	Timeout time.Duration    // per connection; DefaultTimeout when zero
	// Versions to test; nil means AllVersions.
	Versions []uint16
}

// Result is what one TLS endpoint offers.
type Result struct {
	Host string `json:"host"` // the name checked (SNI), or the address
	Port int    `json:"port"`
	Addr string `json:"addr"` // IP:port connected to
	// Versions lists the versions the server accepted, oldest first, by
	// VersionName. Unknown lists versions whose probe failed without an
	// answer (timeout, reset), so neither offered nor refused is known.
	Versions []string `json:"versions"`
	Unknown  []string `json:"unknown,omitempty"`

	Subject   string    `json:"subject,omitempty"`
	Issuer    string    `json:"issuer,omitempty"`
	DNSNames  []string  `json:"dns_names,omitempty"`
	NotBefore time.Time `json:"not_before,omitzero"`
	NotAfter  time.Time `json:"not_after,omitzero"`
	KeyType   string    `json:"key_type,omitempty"` // RSA, ECDSA, Ed25519
	KeyBits   int       `json:"key_bits,omitempty"`
	// HostnameMatch is nil when Host is an IP address: certificates name
	// hosts, and a portal reached by address cannot be judged on it.
	HostnameMatch *bool  `json:"hostname_match,omitempty"`
	ChainValid    *bool  `json:"chain_valid,omitempty"`
	ChainError    string `json:"chain_error,omitempty"`
	SelfSigned    bool   `json:"self_signed,omitempty"`

	// Connected is false when no TCP connection could be made at all
	// (the port is closed or filtered): then there is no TLS endpoint.
	Connected bool `json:"connected"`
	// Error is set when no handshake worked at all: the rest is unknown.
	Error string `json:"error,omitempty"`
	// Problems describes what is wrong in plain words.
	Problems []probe.Problem `json:"problems"`
}

// Probe tests the TLS endpoint at addr (IP:port). serverName is sent as SNI
// and checked against the certificate; pass "" for an endpoint known only
// by its address.
func Probe(ctx context.Context, opt Options, addr, serverName string) Result {
	host, portText, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portText)
	res := Result{Host: serverName, Port: port, Addr: addr}
	if serverName == "" {
		res.Host = host
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	versions := opt.Versions
	if versions == nil {
		versions = AllVersions
	}
	replies := make([]versionReply, len(versions))
	var wg sync.WaitGroup
	for i, v := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = probeVersion(ctx, opt, addr, serverName, v)
		}()
	}
	wg.Wait()
	// TLS 1.2 and older send the certificate in the clear, so the probes
	// usually have it already; a full handshake is needed only for servers
	// that speak TLS 1.3 alone (or whose probes sent none).
	var cert certResult
	if !hasCerts(versions, replies) {
		cert = fetchCert(ctx, opt, addr, serverName)
	}
	res.collect(versions, replies, cert, opt, serverName)
	return res
}

func hasCerts(versions []uint16, replies []versionReply) bool {
	for i, v := range versions {
		if replies[i].offered && v <= VersionTLS12 && len(replies[i].certs) > 0 {
			return true
		}
	}
	return false
}

type versionReply struct {
	offered   bool
	certs     [][]byte
	err       error // no answer either way
	connected bool
}

// probeVersion sends one ClientHello and reads the answer.
func probeVersion(ctx context.Context, opt Options, addr, serverName string, v uint16) versionReply {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	conn, err := opt.Dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return versionReply{err: err}
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	hello, err := buildHello(v, sniName(serverName))
	if err != nil {
		return versionReply{err: err, connected: true}
	}
	if _, err := conn.Write(hello); err != nil {
		return versionReply{err: err, connected: true}
	}
	rep, err := readReply(conn)
	switch {
	case rep.Version == v:
		return versionReply{offered: true, certs: rep.Certs, connected: true}
	case rep.Version != 0 || rep.Alert != 0:
		return versionReply{connected: true} // answered with another version, or refused
	case isRefusal(err):
		return versionReply{connected: true} // closed the connection: the usual "no"
	}
	return versionReply{err: err, connected: true}
}

// isRefusal reports whether a read error is the server hanging up, which
// is how many servers refuse a version, rather than silence.
func isRefusal(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return err != nil
}

type certResult struct {
	chain     []*x509.Certificate
	version   uint16
	err       error
	connected bool
}

// fetchCert completes a crypto/tls handshake, allowing every version and
// cipher suite Go has, and returns the chain the server sent.
func fetchCert(ctx context.Context, opt Options, addr, serverName string) certResult {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	conn, err := opt.Dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return certResult{err: err}
	}
	defer conn.Close()
	cfg := &tls.Config{
		ServerName: sniName(serverName),
		// Verification is done by hand in judgeCert, so that an invalid
		// certificate is described rather than ending the probe.
		InsecureSkipVerify: true,
		MinVersion:         tls.VersionTLS10,
		CipherSuites:       everyGoSuite(),
		// Plain X25519 (and P-256 for old servers): the post-quantum
		// hybrids Go offers by default cost both sides time and protect
		// nothing in a probe.
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384},
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return certResult{err: err, connected: true}
	}
	st := tc.ConnectionState()
	return certResult{chain: st.PeerCertificates, version: st.Version, connected: true}
}

// everyGoSuite lists all TLS 1.0-1.2 suites crypto/tls implements,
// including those it leaves out by default (RSA key exchange, 3DES), so
// the certificate can be read from old servers too.
func everyGoSuite() []uint16 {
	var ids []uint16
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		ids = append(ids, s.ID)
	}
	return ids
}

// sniName is serverName unless it is an IP address, which SNI must not
// carry (RFC 6066 §3).
func sniName(serverName string) string {
	if _, err := netip.ParseAddr(serverName); err == nil {
		return ""
	}
	return serverName
}

func (r *Result) collect(versions []uint16, replies []versionReply, cert certResult, opt Options, serverName string) {
	var rawCerts [][]byte
	var firstErr error
	r.Connected = cert.connected
	for i, v := range versions {
		rep := replies[i]
		r.Connected = r.Connected || rep.connected
		switch {
		case rep.offered:
			r.Versions = append(r.Versions, VersionName(v))
			if len(rep.certs) > 0 && v <= VersionTLS12 {
				rawCerts = rep.certs
			}
		case rep.err != nil:
			r.Unknown = append(r.Unknown, VersionName(v))
			if firstErr == nil {
				firstErr = rep.err
			}
		}
	}
	chain := cert.chain
	if len(chain) == 0 && len(rawCerts) > 0 {
		chain = parseChain(rawCerts)
	}
	if len(chain) == 0 {
		r.Error = noCertReason(cert.err, firstErr, len(r.Versions) > 0)
		r.problems(opt.now(), serverName)
		return
	}
	r.judgeCert(chain, opt, serverName)
	r.problems(opt.now(), serverName)
}

func noCertReason(handshakeErr, probeErr error, someVersion bool) string {
	switch {
	case handshakeErr != nil && someVersion:
		return "the server accepts TLS but no handshake could be completed to read its certificate (" + handshakeErr.Error() + ")"
	case handshakeErr != nil:
		return "TLS handshake failed: " + handshakeErr.Error()
	case probeErr != nil:
		return probeErr.Error()
	}
	return "the server sent no certificate"
}

func parseChain(raw [][]byte) []*x509.Certificate {
	var out []*x509.Certificate
	for _, der := range raw {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			break
		}
		out = append(out, c)
	}
	return out
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// judgeCert fills in what the certificate says. The chain is verified at
// a moment the leaf was valid (now, or its last valid minute once expired)
// so that "expired" and "not trusted" stay separate findings.
func (r *Result) judgeCert(chain []*x509.Certificate, opt Options, serverName string) {
	leaf := chain[0]
	r.Subject, r.Issuer = leaf.Subject.String(), leaf.Issuer.String()
	r.DNSNames = leaf.DNSNames
	r.NotBefore, r.NotAfter = leaf.NotBefore, leaf.NotAfter
	r.KeyType, r.KeyBits = keyInfo(leaf)
	if sniName(serverName) != "" {
		ok := leaf.VerifyHostname(serverName) == nil
		r.HostnameMatch = &ok
	}
	at := opt.now()
	if at.After(leaf.NotAfter) {
		at = leaf.NotAfter.Add(-time.Minute)
	}
	if at.Before(leaf.NotBefore) {
		at = leaf.NotBefore.Add(time.Minute)
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: opt.Roots, Intermediates: inter, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	valid := err == nil
	r.ChainValid = &valid
	if err != nil {
		r.ChainError = err.Error()
		r.SelfSigned = isSelfSigned(leaf)
	}
}

// isSelfSigned reports whether c names itself as issuer and its signature
// checks with its own key. CheckSignatureFrom is not used: it also asks
// the issuer to be a CA, which a self-made server certificate is not.
func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

func keyInfo(c *x509.Certificate) (string, int) {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "ECDSA", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	}
	return fmt.Sprintf("%T", c.PublicKey), 0
}
