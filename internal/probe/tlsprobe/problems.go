package tlsprobe

import (
	"fmt"
	"math"
	"strings"
	"time"

	"triage/internal/probe"
)

// problems describes the result in plain words for the practice.
func (r *Result) problems(now time.Time, serverName string) {
	add := func(code string, level probe.Level, format string, args ...any) {
		r.Problems = append(r.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}
	if !r.Connected {
		return // nothing listens: not a TLS endpoint, nothing to judge
	}
	where := fmt.Sprintf("%s (port %d)", r.Host, r.Port)
	var old []string
	for _, v := range r.Versions {
		if v == "SSL3.0" || v == "TLS1.0" || v == "TLS1.1" {
			old = append(old, v)
		}
	}
	switch len(old) {
	case 0:
	case 1:
		add("tls.old_versions", probe.Error, "%s still accepts %s, which is outdated and breakable. Turn it off so only TLS 1.2 and 1.3 remain.", where, old[0])
	default:
		add("tls.old_versions", probe.Error, "%s still accepts %s, which are outdated and breakable. Turn them off so only TLS 1.2 and 1.3 remain.", where, strings.Join(old, " and "))
	}
	if len(r.Versions) > 0 && !contains(r.Versions, "TLS1.2") && !contains(r.Versions, "TLS1.3") {
		add("tls.no_modern", probe.Error, "%s offers neither TLS 1.2 nor TLS 1.3, so current browsers refuse to connect or warn.", where)
	}
	if r.Error != "" {
		add("tls.error", probe.Warning, "The certificate of %s could not be read (%s); it was not checked.", where, r.Error)
		return
	}
	if len(r.Unknown) > 0 {
		add("tls.versions_unknown", probe.Info, "Whether %s accepts %s could not be tested: the server did not answer.", where, strings.Join(r.Unknown, ", "))
	}
	r.certProblems(now, where, add)
}

func (r *Result) certProblems(now time.Time, where string, add func(string, probe.Level, string, ...any)) {
	days := int(math.Floor(r.NotAfter.Sub(now).Hours() / 24))
	switch {
	case now.After(r.NotAfter):
		add("tls.expired", probe.Error, "The certificate of %s expired on %s. Visitors see a security warning; renew it now.", where, r.NotAfter.Format("2 Jan 2006"))
	case days < 14:
		add("tls.expiring", probe.Error, "The certificate of %s expires on %s, in %d days. Renew it now, and set up automatic renewal.", where, r.NotAfter.Format("2 Jan 2006"), days)
	case days < 30:
		add("tls.expiring", probe.Warning, "The certificate of %s expires on %s, in %d days. Make sure it renews.", where, r.NotAfter.Format("2 Jan 2006"), days)
	}
	if r.HostnameMatch != nil && !*r.HostnameMatch {
		names := "no host names"
		if len(r.DNSNames) > 0 {
			names = strings.Join(r.DNSNames, ", ")
		}
		add("tls.wrong_host", probe.Error, "The certificate of %s is for %s, not for %s. Browsers warn visitors; install a certificate that names this host.", where, names, r.Host)
	}
	if r.ChainValid != nil && !*r.ChainValid {
		why := "it is not signed by an authority browsers trust (" + r.ChainError + ")"
		if r.SelfSigned {
			why = "it is self-signed, so nobody vouches for it"
		}
		add("tls.untrusted", probe.Error, "The certificate of %s is not trusted: %s. Use a certificate from a public authority such as Let's Encrypt.", where, why)
	}
	if r.KeyType == "RSA" && r.KeyBits < 2048 {
		add("tls.weak_key", probe.Error, "The certificate of %s has a %d-bit RSA key; at least 2048 bits is required.", where, r.KeyBits)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
