package scan

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/dkim"
	"triage/internal/probe/ports"
	"triage/internal/probe/tlsprobe"
)

// Marks in front of each line of the text report.
const (
	markProblem    = "PROBLEM"
	markWarning    = "WARNING"
	markNote       = "NOTE"
	markOK         = "OK"
	markNotChecked = "NOT CHECKED"
)

// line is one finding in the text report.
type line struct {
	mark string
	text string
}

type section struct {
	title string
	lines []line
}

func fromProblems(ps []probe.Problem) []line {
	var out []line
	for _, p := range ps {
		m := markNote
		switch {
		case strings.HasSuffix(p.Code, ".dns_error") || strings.HasSuffix(p.Code, ".not_checked"):
			m = markNotChecked
		case p.Level == probe.Error:
			m = markProblem
		case p.Level == probe.Warning:
			m = markWarning
		}
		out = append(out, line{m, plainErrors(p.Text)})
	}
	return out
}

// WriteText writes the report for the practice owner: per domain and per
// address, what is wrong and what to do, what is fine, and what could not
// be checked.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	counts := map[string]int{}
	var blocks [][]section
	var titles []string
	for _, d := range r.Domains {
		titles = append(titles, d.Domain)
		blocks = append(blocks, d.sections())
	}
	for _, h := range r.Hosts {
		titles = append(titles, h.Addr.String())
		blocks = append(blocks, h.sections())
	}
	for _, b := range blocks {
		for _, s := range b {
			for _, l := range s.lines {
				counts[l.mark]++
			}
		}
	}
	fmt.Fprintf(bw, "Triage external scan, %s (took %s)\n", r.Started.UTC().Format("2 January 2006 15:04 MST"), roundTook(r.Took))
	fmt.Fprintf(bw, "%d problem(s), %d warning(s), %d note(s), %d not checked.\n", counts[markProblem], counts[markWarning], counts[markNote], counts[markNotChecked])
	for i, b := range blocks {
		fmt.Fprintf(bw, "\n%s\n%s\n", titles[i], strings.Repeat("=", len(titles[i])))
		for _, s := range b {
			if len(s.lines) == 0 {
				continue
			}
			fmt.Fprintf(bw, "  %s\n", s.title)
			for _, l := range sortLines(s.lines) {
				writeWrapped(bw, l)
			}
		}
	}
	if len(r.Gaps) > 0 {
		fmt.Fprintf(bw, "\nNot checked (the audit reports these as not checked, never as passed)\n")
		for _, g := range r.Gaps {
			fmt.Fprintf(bw, "  - %s\n", plainErrors(g.Reason))
		}
	}
	return bw.Flush()
}

var socketTimeout = regexp.MustCompile(`read (udp|tcp) \S+->\S+: i/o timeout`)

// plainErrors shortens the socket details of a timeout, which mean
// nothing to a practice owner.
func plainErrors(s string) string {
	return socketTimeout.ReplaceAllString(s, "no answer in time")
}

// roundTook keeps two or three significant figures: "23ms", "1.24s".
func roundTook(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

var markOrder = []string{markProblem, markWarning, markNotChecked, markNote, markOK}

func sortLines(ls []line) []line {
	out := slices.Clone(ls)
	slices.SortStableFunc(out, func(a, b line) int {
		return slices.Index(markOrder, a.mark) - slices.Index(markOrder, b.mark)
	})
	return out
}

// writeWrapped writes "    MARK        text" wrapped at 100 columns with
// the continuation lines indented under the text.
func writeWrapped(w io.Writer, l line) {
	const indent, width = 18, 100
	prefix := fmt.Sprintf("    %-*s", indent-4, l.mark)
	col := 0
	fmt.Fprint(w, prefix)
	col = len(prefix)
	for i, word := range strings.Fields(l.text) {
		if i > 0 && col+1+len(word) > width {
			fmt.Fprintf(w, "\n%s", strings.Repeat(" ", indent))
			col = indent
		} else if i > 0 {
			fmt.Fprint(w, " ")
			col++
		}
		fmt.Fprint(w, word)
		col += len(word)
	}
	fmt.Fprintln(w)
}

// sections of a domain: email, domain protection, website.
func (d *DomainReport) sections() []section {
	email := section{title: "Email"}
	if d.Error != "" {
		email.lines = append(email.lines, line{markNotChecked, "Email authentication of " + d.Domain + ": " + plainErrors(d.Error) + "."})
	} else {
		email.lines = d.emailLines()
	}
	dom := section{title: "Domain", lines: fromProblems(slices.DeleteFunc(slices.Clone(d.Problems), func(p probe.Problem) bool { return strings.HasPrefix(p.Code, "mx.") }))}
	if d.DNSSEC.Signed {
		ok := "DNSSEC is on: the parent zone publishes a DS record for " + d.DNSSEC.Zone
		if d.DNSSEC.Validated != nil && *d.DNSSEC.Validated {
			ok += ", and the resolver confirmed the signatures"
		}
		dom.lines = append(dom.lines, line{markOK, ok + "."})
	}
	if s := d.CAA.summary(); s != "" {
		dom.lines = append(dom.lines, line{markOK, s})
	}
	web := section{title: "Website"}
	for _, w := range d.Web {
		web.lines = append(web.lines, w.lines()...)
	}
	if h := d.MTASTSHost; h != nil {
		web.lines = append(web.lines, fromProblems(h.Problems)...)
	}
	return []section{email, dom, web}
}

func (d *DomainReport) emailLines() []line {
	var ls []line
	// MX
	switch {
	case d.MXError != "":
		ls = append(ls, line{markNotChecked, "Where mail for " + d.Domain + " is delivered could not be read: " + d.MXError + "."})
	case d.MXFiltered != nil && *d.MXFiltered:
		ls = append(ls, line{markOK, fmt.Sprintf("Incoming mail passes through %s (%s).", strings.Join(d.MXFilters, ", "), strings.Join(hosts(d.MX), ", "))})
	case len(d.MX) > 0 && len(hosts(d.MX)) == 0:
		ls = append(ls, line{markOK, d.Domain + " publishes a null MX: it receives no mail."})
	}
	for _, p := range d.Problems {
		if strings.HasPrefix(p.Code, "mx.") {
			ls = append(ls, fromProblems([]probe.Problem{p})...)
		}
	}
	ls = append(ls, fromProblems(important(d.SPF.Problems))...)
	if ok := spfOK(d); ok != "" {
		ls = append(ls, line{markOK, ok})
	}
	ls = append(ls, fromProblems(important(d.DMARC.Problems))...)
	if d.DMARC.Valid && d.DMARC.Effective == "reject" && d.DMARC.Percent == 100 {
		ls = append(ls, line{markOK, "DMARC tells receivers to reject mail that fakes " + d.Domain + "."})
	}
	ls = append(ls, d.dkimLines()...)
	ls = append(ls, fromProblems(d.MTASTS.Problems)...)
	if d.MTASTS.Enforced {
		ls = append(ls, line{markOK, "MTA-STS is enforced: sending servers must use an encrypted, verified connection to deliver mail."})
	}
	ls = append(ls, fromProblems(d.TLSRPT.Problems)...)
	if d.TLSRPT.Record != nil {
		ls = append(ls, line{markOK, "TLS reports go to " + strings.Join(d.TLSRPT.Record.RUA, ", ") + "."})
	}
	return ls
}

// important drops the informational SPF note that a record hands over
// to another domain's policy: the OK line or the problems already say how
// the policy ends.
func important(ps []probe.Problem) []probe.Problem {
	return slices.DeleteFunc(slices.Clone(ps), func(p probe.Problem) bool { return p.Code == "spf.redirect" })
}

func spfOK(d *DomainReport) string {
	a := d.SPF
	if len(a.Records) != 1 || spfError(a.Problems) != "" || a.All != "-all" || a.Lookups > 10 {
		return ""
	}
	return fmt.Sprintf("SPF lists who may send mail for %s and ends in -all (%d of 10 DNS lookups).", d.Domain, a.Lookups)
}

func (d *DomainReport) dkimLines() []line {
	ls := fromProblems(d.DKIM.Problems)
	var keys []string
	for _, s := range d.DKIM.Selectors {
		if s.Status == dkim.Valid {
			keys = append(keys, fmt.Sprintf("%s (%s %d bits)", s.Name, strings.ToUpper(s.Key.Type), s.Key.Bits))
		}
	}
	if len(keys) > 0 {
		ls = append(ls, line{markOK, "DKIM keys found at " + strings.Join(keys, ", ") + "."})
	}
	return ls
}

func (w *WebReport) lines() []line {
	switch {
	case w.Lookup == "no address":
		return []line{{markNote, w.Host + " has no address, so there is no website there."}}
	case w.Lookup != "":
		return []line{{markNotChecked, "The website " + w.Host + " was not checked: its address could not be looked up (" + plainErrors(w.Lookup) + ")."}}
	}
	var ls []line
	if w.Site != nil {
		ls = append(ls, fromProblems(w.Site.Problems)...)
	}
	if w.TLS != nil && w.TLS.Connected {
		ls = append(ls, fromProblems(w.TLS.Problems)...)
		if ok := tlsOK(w.TLS); ok != "" {
			if w.Site != nil && w.Site.HSTS != nil && *w.Site.HSTS {
				ok += " HSTS is on."
			}
			if w.Site != nil && w.Site.HTTPSRedirect != nil && *w.Site.HTTPSRedirect {
				ok += " Plain HTTP redirects to HTTPS."
			}
			ls = append(ls, line{markOK, ok})
		}
	}
	if w.TLS != nil && !w.TLS.Connected && (w.Site == nil || !w.Site.HTTP) {
		ls = append(ls, line{markNote, w.Host + " has an address but no web server answers on it."})
	}
	return ls
}

// tlsOK summarises an endpoint with no certificate problem.
func tlsOK(t *tlsprobe.Result) string {
	if t.Error != "" || t.NotAfter.IsZero() {
		return ""
	}
	for _, p := range t.Problems {
		if strings.HasPrefix(p.Code, "tls.expir") || p.Code == "tls.wrong_host" || p.Code == "tls.untrusted" || p.Code == "tls.weak_key" {
			return ""
		}
	}
	return fmt.Sprintf("https://%s: %s; certificate valid until %s (%s %d bits).", hostPort(t), strings.Join(t.Versions, ", "), t.NotAfter.Format("2 Jan 2006"), t.KeyType, t.KeyBits)
}

func hostPort(t *tlsprobe.Result) string {
	if t.Port == 443 {
		return t.Host
	}
	return fmt.Sprintf("%s:%d", t.Host, t.Port)
}

// sections of an address: what is open, and what each service is.
func (h *HostReport) sections() []section {
	exp := section{title: "Exposure"}
	if h.Unreachable != "" {
		exp.lines = append(exp.lines, line{markNotChecked, h.Addr.String() + " could not be scanned: " + h.Unreachable + "."})
		return []section{exp}
	}
	checked := len(h.Ports)
	for _, s := range h.Services {
		exp.lines = append(exp.lines, fromProblems(s.Problems)...)
		exp.lines = append(exp.lines, s.describe(h)...)
	}
	closed := 0
	for _, p := range h.Ports {
		if p.State == ports.Closed {
			closed++
		}
	}
	switch {
	case len(h.Services) == 0 && closed == 0:
		exp.lines = append(exp.lines, line{markOK, fmt.Sprintf("None of the %d ports checked answered at %s, not even to refuse: its firewall drops everything on the list. If you expected services there (a VPN, a web page), check that this is the practice's current address.", checked, h.Addr)})
	case len(h.Services) == 0:
		exp.lines = append(exp.lines, line{markOK, fmt.Sprintf("None of the %d ports checked answered: nothing on the list is exposed at %s.", checked, h.Addr)})
	default:
		exp.lines = append(exp.lines, line{markOK, fmt.Sprintf("The other %d of the %d ports checked did not answer.", checked-len(h.Services), checked)})
	}
	return []section{exp}
}

// describe says what an open port is when no problem already does.
func (s *ServiceReport) describe(h *HostReport) []line {
	where := fmt.Sprintf("%s port %d/%s", h.Addr, s.Port.Port.Number, s.Port.Port.Proto)
	if _, bad := mustClose[s.Name]; bad {
		return nil
	}
	if _, bad := shouldClose[s.Name]; bad || s.Name == "ssh" {
		return nil
	}
	if w := s.Web; w != nil {
		if w.Admin || w.Remote {
			return nil
		}
		what := label(s.Name)
		if w.Title != "" {
			what += fmt.Sprintf(" (page title %q)", w.Title)
		}
		if w.Error != "" {
			return []line{{markNote, fmt.Sprintf("Port %d/%s at %s is open but did not answer HTTP (%s).", s.Port.Port.Number, s.Port.Port.Proto, h.Addr, w.Error)}}
		}
		text := what + " answers at " + w.URL + "."
		if s.TLS != nil {
			if ok := tlsOK(s.TLS); ok != "" {
				text += " " + strings.TrimPrefix(ok, "https://"+hostPort(s.TLS)+": ")
			}
		}
		return []line{{markNote, text}}
	}
	return []line{{markNote, label(s.Name) + " answers at " + where + "."}}
}
