package check

import (
	"testing"

	"triage/internal/audit"
)

var (
	https = service(audit.Service{Host: "203.0.113.10", Port: 443, Proto: "tcp", Name: "https", Product: "nginx"})
	rdp   = service(audit.Service{Host: "203.0.113.10", Port: 3389, Proto: "tcp", Name: "rdp"})
	sql   = service(audit.Service{Host: "203.0.113.10", Port: 1433, Name: "mssql", Product: "Microsoft SQL Server 2014"})
	ftp   = service(audit.Service{Host: "203.0.113.11", Port: 21, Proto: "tcp", Name: "ftp"})
	nas   = service(audit.Service{Host: "203.0.113.11", Port: 5001, Proto: "tcp", Name: "https", Product: "Synology DSM", Admin: true})
	vpn   = service(audit.Service{Host: "203.0.113.1", Port: 443, Proto: "tcp", Name: "https", Product: "FortiGate SSL VPN", Version: "7.0.12", Remote: true,
		KEV: []string{"CVE-2024-21762"}})
	scanGap = gap("scan", "The practice has not given written consent to scan its public IPs.")
)

func TestServicesExposed(t *testing.T) {
	p := Params{"names": []any{"rdp", "smb", "mssql", "vnc", "telnet"}, "warn_names": []any{"ftp", "mysql"}}
	cases := []kindCase{
		{name: "only the website", params: p, facts: []audit.Fact{https},
			status: audit.Pass, reason: "No service that must be kept off the internet is reachable from it (1 service found open)."},
		{name: "rdp and sql", params: p, facts: []audit.Fact{https, rdp, sql, ftp},
			status: audit.Fail, reason: "2 services that must never face the internet are reachable from it: Remote Desktop, SQL Server.",
			subjects: []string{"203.0.113.10:1433/tcp", "203.0.113.10:3389/tcp", "203.0.113.11:21/tcp"}, urgency: []string{"internet-exposed"}},
		{name: "ftp only", params: p, facts: []audit.Fact{https, ftp},
			status: audit.Warn, reason: "1 service that should not face the internet is reachable from it: FTP file transfer.", subjects: []string{"203.0.113.11:21/tcp"}},
		{name: "no scan", params: p, status: audit.NotChecked, reason: noScan},
		{name: "gap", params: p, facts: []audit.Fact{https, scanGap}, status: audit.NotChecked,
			reason: "Could not check: The practice has not given written consent to scan its public IPs."},
		{name: "gap keeps an open rdp", params: p, facts: []audit.Fact{rdp, scanGap}, status: audit.Fail,
			subjects: []string{"203.0.113.10:3389/tcp"}, urgency: []string{"internet-exposed"}},
	}
	runKind(t, "services.exposed", cases)
}

func TestServicesAdmin(t *testing.T) {
	cases := []kindCase{
		{name: "none", facts: []audit.Fact{https, vpn}, status: audit.Pass, reason: "No admin or management page is reachable from the internet (2 services found open)."},
		{name: "NAS admin page", facts: []audit.Fact{https, nas}, status: audit.Fail,
			reason: "1 admin or management page can be reached from the internet.", subjects: []string{"203.0.113.11:5001/tcp"}, urgency: []string{"internet-exposed"}},
		{name: "no scan", status: audit.NotChecked, reason: noScan},
		{name: "gap", facts: []audit.Fact{https, scanGap}, status: audit.NotChecked},
	}
	runKind(t, "services.admin", cases)
}

func TestServicesKEV(t *testing.T) {
	cases := []kindCase{
		{name: "none", facts: []audit.Fact{https, nas}, status: audit.Pass, reason: "No service open on the internet has a known-exploited flaw (2 services found open)."},
		{name: "vulnerable VPN", facts: []audit.Fact{https, vpn}, status: audit.Fail,
			reason:   "1 service on the internet has flaws that attackers are known to be exploiting.",
			subjects: []string{"203.0.113.1:443/tcp"}, urgency: []string{"known-exploited", "internet-exposed"}},
		{name: "no scan", status: audit.NotChecked, reason: noScan},
		{name: "gap", facts: []audit.Fact{https, scanGap}, status: audit.NotChecked},
	}
	runKind(t, "services.kev", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{vpn}), AsOf: asOf}
	if got, want := detailOf(t, "services.kev", in, "203.0.113.1:443/tcp"), "https (FortiGate SSL VPN 7.0.12) has flaws known to be exploited: CVE-2024-21762"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestTLSEndpoints(t *testing.T) {
	p := Params{"fail_days": 14, "warn_days": 21, "weak_versions": []any{"SSL3.0", "TLS1.0", "TLS1.1"}}
	site := func(host string, edit func(x *audit.TLS)) audit.Fact {
		x := audit.TLS{Host: host, Port: 443, Versions: []string{"TLS1.2", "TLS1.3"}, NotAfter: at("2027-01-15T00:00"),
			HostnameMatch: yes, ChainValid: yes, KeyBits: 2048, HSTS: yes}
		if edit != nil {
			edit(&x)
		}
		return tlsFact(x)
	}
	cases := []kindCase{
		{name: "sound", params: p, facts: []audit.Fact{site("www.clinic.com.au", nil), site("portal.clinic.com.au", nil)},
			status: audit.Pass, reason: "Both endpoints have a valid certificate and no outdated protocol versions."},
		{name: "expiring soon and no HSTS", params: p, facts: []audit.Fact{site("www.clinic.com.au", func(x *audit.TLS) { x.NotAfter, x.HSTS = at("2026-11-18T00:00"), no })},
			status: audit.Warn, reason: "1 of 1 endpoint has a certificate close to expiry or no HSTS.", subjects: []string{"www.clinic.com.au:443"}},
		{name: "expired", params: p, facts: []audit.Fact{site("www.clinic.com.au", nil), site("mail.clinic.com.au", func(x *audit.TLS) { x.NotAfter = at("2026-10-01T00:00") })},
			status: audit.Fail, reason: "1 of 2 endpoints has a certificate or protocol problem that browsers warn about or attackers can use.", subjects: []string{"mail.clinic.com.au:443"}},
		{name: "old protocols, other spelling", params: p, facts: []audit.Fact{site("rdweb.clinic.com.au", func(x *audit.TLS) { x.Versions = []string{"TLSv1", "TLSv1.2"} })},
			status: audit.Fail, subjects: []string{"rdweb.clinic.com.au:443"}},
		{name: "wrong name", params: p, facts: []audit.Fact{site("portal.clinic.com.au", func(x *audit.TLS) { x.HostnameMatch = no })},
			status: audit.Fail, subjects: []string{"portal.clinic.com.au:443"}},
		{name: "unreachable", params: p, facts: []audit.Fact{site("www.clinic.com.au", nil), tlsFact(audit.TLS{Host: "portal.clinic.com.au", Port: 443, Error: "connection refused"})},
			status: audit.NotChecked, reason: "Could not check portal.clinic.com.au:443: connection refused."},
		{name: "no results", params: p, status: audit.NotChecked, reason: noTLS},
		{name: "gap", params: p, facts: []audit.Fact{site("www.clinic.com.au", nil), scanGap}, status: audit.NotChecked},
	}
	runKind(t, "tls.endpoints", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{site("mail.clinic.com.au", func(x *audit.TLS) {
		x.NotAfter, x.Versions, x.ChainValid = at("2026-11-07T00:00"), []string{"TLS1.0", "TLS1.2"}, no
	})}), AsOf: asOf, Params: p}
	want := "certificate expires on 2026-11-07, in 7 days; certificate is not trusted (invalid chain); offers outdated TLS1.0"
	if got := detailOf(t, "tls.endpoints", in, "mail.clinic.com.au:443"); got != want {
		t.Errorf("detail = %q\n want %q", got, want)
	}
}
