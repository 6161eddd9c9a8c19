package check

import (
	"fmt"
	"sort"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Exposure kinds judge what an outside scan found reachable from the
// internet, and the TLS of the practice's public endpoints.

const (
	noScan = "No external scan results were provided; run the external scan of the practice's public IP addresses."
	noTLS  = "No TLS results were provided; run the external scan of the practice's website and portals."
)

func init() {
	register(Kind{
		Name: "services.exposed",
		Doc:  "Dangerous services (remote desktop, file sharing, databases) are not reachable from the internet.",
		Params: []Param{
			{Name: "names", Type: Strings, Required: true, Doc: "service names that fail when reachable (rdp, smb, mssql, ...)"},
			{Name: "warn_names", Type: Strings, Doc: "service names that warn when reachable"},
		},
		Func: gapped(servicesExposed, "scan"),
	})
	register(Kind{
		Name: "services.admin",
		Doc:  "No admin or management interface is reachable from the internet.",
		Func: gapped(servicesAdmin, "scan"),
	})
	register(Kind{
		Name: "services.kev",
		Doc:  "No internet-facing service has a known-exploited vulnerability.",
		Func: gapped(servicesKEV, "scan"),
	})
	register(Kind{
		Name: "tls.endpoints",
		Doc:  "Public TLS endpoints have valid, current certificates and no weak protocol versions.",
		Params: []Param{
			{Name: "fail_days", Type: Int, Required: true, Doc: "a certificate expiring within this many days fails"},
			{Name: "warn_days", Type: Int, Required: true, Doc: "a certificate expiring within this many days warns"},
			{Name: "weak_versions", Type: Strings, Required: true, Doc: "protocol versions that must not be offered (SSL3.0, TLS1.0, TLS1.1)"},
		},
		Func: gapped(tlsEndpoints, "scan"),
	})
}

// serviceWords are plain names for the services scans find most.
var serviceWords = map[string]string{
	"rdp": "Remote Desktop", "smb": "Windows file sharing", "netbios": "Windows file sharing (NetBIOS)",
	"mssql": "SQL Server", "mssql-browser": "SQL Server Browser", "vnc": "VNC remote control",
	"telnet": "Telnet", "ftp": "FTP file transfer", "mysql": "MySQL", "postgresql": "PostgreSQL",
	"firebird": "Firebird database", "ssh": "SSH", "snmp": "SNMP", "upnp": "UPnP",
}

func servicesOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactService) {
		if f.Service != nil {
			out = append(out, f)
		}
	}
	return out
}

func serviceID(s *audit.Service) string {
	proto := s.Proto
	if proto == "" {
		proto = "tcp"
	}
	return fmt.Sprintf("%s:%d/%s", s.Host, s.Port, proto)
}

func serviceLabel(s *audit.Service) string {
	name := serviceWords[strings.ToLower(s.Name)]
	if name == "" {
		name = s.Name
	}
	if s.Product != "" {
		name += " (" + strings.TrimSpace(s.Product+" "+s.Version) + ")"
	}
	return name
}

// labels lists the distinct plain names of the services, sorted.
func labels(found []*audit.Service) string {
	var out []string
	for _, s := range found {
		l := serviceWords[strings.ToLower(s.Name)]
		if l == "" {
			l = s.Name
		}
		if !contains(out, l) {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// exposure gathers what the scan found open and which hosts it covered. A
// scan that covered hosts and found nothing open is evidence of a pass; no
// scan at all, or only failed scans, is not checked.
func exposure(in Input) (services []audit.Fact, scanned int, reason string) {
	services = servicesOf(in)
	var failed []string
	for _, f := range factsOf(in, audit.FactScan) {
		switch {
		case f.Scan == nil:
		case f.Scan.Error != "":
			failed = append(failed, f.Scan.Host+" ("+f.Scan.Error+")")
		default:
			scanned++
		}
	}
	if len(services) == 0 && scanned == 0 {
		reason = noScan
		if len(failed) > 0 {
			sort.Strings(failed)
			reason = "Could not check: the external scan failed for " + strings.Join(failed, ", ") + "."
		}
	}
	return services, scanned, reason
}

func coverage(services []audit.Fact, scanned int) string {
	if scanned == 0 {
		return words.Count(len(services), "service", "services") + " found open"
	}
	return fmt.Sprintf("%s scanned, %s found open", words.Count(scanned, "host", "hosts"), words.Count(len(services), "service", "services"))
}

func servicesExposed(in Input) Outcome {
	services, scanned, why := exposure(in)
	if why != "" {
		return notChecked(why)
	}
	names, warnNames := in.Params.Strings("names", nil), in.Params.Strings("warn_names", nil)
	var subjects []audit.Subject
	var bad, risky []*audit.Service
	for _, f := range services {
		s := f.Service
		switch {
		case containsFold(names, s.Name):
			bad = append(bad, s)
			subjects = append(subjects, subjectOf(serviceID(s), "service", serviceLabel(s)+" reachable from the internet", f))
		case containsFold(warnNames, s.Name):
			risky = append(risky, s)
			subjects = append(subjects, subjectOf(serviceID(s), "service", serviceLabel(s)+" reachable from the internet", f))
		}
	}
	switch {
	case len(bad) > 0:
		return decided(audit.Fail, fmt.Sprintf("%s that must never face the internet %s reachable from it: %s.", words.Count(len(bad), "service", "services"), words.Pick(len(bad), "is", "are"), labels(bad)), subjects, urgentExposed)
	case len(risky) > 0:
		return decided(audit.Warn, fmt.Sprintf("%s that should not face the internet %s reachable from it: %s.", words.Count(len(risky), "service", "services"), words.Pick(len(risky), "is", "are"), labels(risky)), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("No service that must be kept off the internet is reachable from it (%s).", coverage(services, scanned)), nil)
}

func servicesAdmin(in Input) Outcome {
	services, scanned, why := exposure(in)
	if why != "" {
		return notChecked(why)
	}
	var subjects []audit.Subject
	for _, f := range services {
		if s := f.Service; s.Admin {
			subjects = append(subjects, subjectOf(serviceID(s), "service", "admin page "+serviceLabel(s)+" reachable from the internet", f))
		}
	}
	if len(subjects) > 0 {
		// The spec names no urgency here; a management page on the
		// internet is exposed in exactly the sense services.exposed means.
		return decided(audit.Fail, fmt.Sprintf("%s can be reached from the internet.", words.Count(len(subjects), "admin or management page", "admin or management pages")), subjects, urgentExposed)
	}
	return decided(audit.Pass, fmt.Sprintf("No admin or management page is reachable from the internet (%s).", coverage(services, scanned)), nil)
}

func servicesKEV(in Input) Outcome {
	services, scanned, why := exposure(in)
	if why != "" {
		return notChecked(why)
	}
	var confirmed, possible []audit.Subject
	for _, f := range services {
		s := f.Service
		switch {
		case len(s.KEV) == 0:
		case s.KEVByProduct:
			possible = append(possible, subjectOf(serviceID(s), "service", fmt.Sprintf("%s: CISA lists %s for this product; the scan cannot see its firmware version, so confirm every fix is installed (%s)", serviceLabel(s), words.Count(len(s.KEV), "known-exploited flaw", "known-exploited flaws"), strings.Join(s.KEV, ", ")), f))
		default:
			confirmed = append(confirmed, subjectOf(serviceID(s), "service", serviceLabel(s)+" has flaws known to be exploited: "+strings.Join(s.KEV, ", "), f))
		}
	}
	switch {
	case len(confirmed) > 0:
		return decided(audit.Fail, fmt.Sprintf("%s on the internet %s flaws that attackers are known to be exploiting.", words.Count(len(confirmed), "service", "services"), words.Pick(len(confirmed), "has", "have")), append(confirmed, possible...), urgentKEV, urgentExposed)
	case len(possible) > 0:
		// A product with a history of exploited flaws on the internet is
		// worth a firmware check, but without its version it is not proof.
		return decided(audit.Warn, fmt.Sprintf("%s on the internet %s a product with known-exploited flaws; its firmware version could not be seen, so confirm it is fully patched.", words.Count(len(possible), "service", "services"), words.Pick(len(possible), "is", "are")), possible)
	}
	return decided(audit.Pass, fmt.Sprintf("No service open on the internet has a known-exploited flaw (%s).", coverage(services, scanned)), nil)
}

// ---- tls.endpoints

// versionKey lets "TLS1.0", "TLSv1", "tls 1.0" and "TLS1" compare equal.
func versionKey(v string) string {
	k := strings.ToLower(v)
	for _, c := range []string{" ", "_", "-", "v"} {
		k = strings.ReplaceAll(k, c, "")
	}
	return strings.TrimSuffix(k, ".0")
}

func tlsProblems(t *audit.TLS, in Input) (fails, warns []string) {
	failDays, warnDays := in.Params.Int("fail_days", 14), in.Params.Int("warn_days", 30)
	if t.NotAfter != nil {
		left := audit.DaysBetween(in.AsOf, *t.NotAfter)
		switch {
		case t.NotAfter.Before(in.AsOf):
			fails = append(fails, "certificate expired on "+date(*t.NotAfter))
		case left <= failDays:
			fails = append(fails, fmt.Sprintf("certificate expires on %s, in %s", date(*t.NotAfter), words.Count(left, "day", "days")))
		case left <= warnDays:
			warns = append(warns, fmt.Sprintf("certificate expires on %s, in %s", date(*t.NotAfter), words.Count(left, "day", "days")))
		}
	}
	if t.HostnameMatch != nil && !*t.HostnameMatch {
		fails = append(fails, "certificate is for a different name")
	}
	if t.ChainValid != nil && !*t.ChainValid {
		fails = append(fails, "certificate is not trusted (invalid chain)")
	}
	var weak []string
	for _, v := range t.Versions {
		for _, w := range in.Params.Strings("weak_versions", nil) {
			if versionKey(v) == versionKey(w) && !contains(weak, v) {
				weak = append(weak, v)
			}
		}
	}
	if len(weak) > 0 {
		fails = append(fails, "offers outdated "+strings.Join(weak, ", "))
	}
	if t.HSTS != nil && !*t.HSTS {
		warns = append(warns, "no HSTS header")
	}
	// RSA keys under 2048 bits are below every current baseline; an
	// elliptic-curve key reports far fewer bits and is strong at 256.
	if t.KeyBits > 0 && t.KeyBits < 2048 && t.KeyBits != 256 && t.KeyBits != 384 && t.KeyBits != 521 {
		warns = append(warns, fmt.Sprintf("certificate key is only %d bits", t.KeyBits))
	}
	return fails, warns
}

func tlsEndpoints(in Input) Outcome {
	var endpoints []audit.Fact
	for _, f := range factsOf(in, audit.FactTLS) {
		if f.TLS != nil {
			endpoints = append(endpoints, f)
		}
	}
	if len(endpoints) == 0 {
		return notChecked(noTLS)
	}
	var subjects []audit.Subject
	var unread []string
	fails, warns := 0, 0
	for _, f := range endpoints {
		t := f.TLS
		id := fmt.Sprintf("%s:%d", t.Host, t.Port)
		if t.Error != "" {
			unread = append(unread, id+": "+t.Error)
			continue
		}
		bad, weak := tlsProblems(t, in)
		switch {
		case len(bad) > 0:
			fails++
		case len(weak) > 0:
			warns++
		default:
			continue
		}
		subjects = append(subjects, subjectOf(id, "endpoint", strings.Join(append(bad, weak...), "; "), f))
	}
	return itemsOutcome("endpoint", "endpoints", len(endpoints), fails, warns, unread, subjects,
		"%s a certificate or protocol problem that browsers warn about or attackers can use.",
		"%s a certificate close to expiry or no HSTS.",
		"%s a valid certificate and no outdated protocol versions.")
}
