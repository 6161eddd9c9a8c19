package check

import (
	"testing"

	"triage/internal/audit"
)

// strong is a domain set up the way the control wants.
func strong(domain string, edit func(d *audit.EmailDomain)) audit.Fact {
	d := audit.EmailDomain{
		Domain: domain, MX: []string{"clinic-com-au.mail.protection.outlook.com"}, MXFiltered: yes,
		SPFRecords: 1, SPFAll: "-all", SPFLookups: 4,
		DMARCRecords: 1, DMARCPolicy: "reject", DMARCPct: 100, DMARCRua: true,
		DKIMChecked: true, DKIMSelectors: []string{"selector1", "selector2"},
	}
	if edit != nil {
		edit(&d)
	}
	return mailDomain(d)
}

var dnsGap = gap("email", "DNS lookups timed out.")

func TestEmailAuth(t *testing.T) {
	parked := strong("clinic.net.au", func(d *audit.EmailDomain) { d.MX, d.DKIMChecked, d.DKIMSelectors = nil, false, nil })
	soft := strong("clinic.com.au", func(d *audit.EmailDomain) { d.SPFAll, d.DMARCPolicy = "~all", "quarantine" })
	none := strong("clinic.com.au", func(d *audit.EmailDomain) { d.DMARCPolicy, d.DMARCRua = "none", false })
	broken := strong("harboursidefp.com.au", func(d *audit.EmailDomain) {
		d.SPFRecords, d.SPFLookups, d.DMARCRecords, d.DKIMSelectors = 2, 12, 0, nil
	})
	plusAll := strong("clinic.com.au", func(d *audit.EmailDomain) { d.SPFAll = "+all" })
	unread := mailDomain(audit.EmailDomain{Domain: "clinic.net.au", Error: "SERVFAIL from the domain's name servers"})
	cases := []kindCase{
		{name: "reject everywhere", facts: []audit.Fact{strong("clinic.com.au", nil)},
			status: audit.Pass, reason: "The only domain has SPF, DKIM and DMARC set to reject mail that fakes the practice's name."},
		{name: "DKIM not checked on a parked domain", facts: []audit.Fact{strong("clinic.com.au", nil), parked},
			status: audit.Pass, reason: "Both domains have SPF and DMARC set to reject mail that fakes the practice's name (DKIM was not checked)."},
		{name: "soft policies", facts: []audit.Fact{soft, parked},
			status: audit.Warn, reason: "1 of 2 domains has email authentication that is not yet at full strength.", subjects: []string{"clinic.com.au"}},
		{name: "p=none and broken records", facts: []audit.Fact{none, broken, parked},
			status: audit.Fail, reason: "2 of 3 domains have email authentication gaps that let others send mail in the practice's name.",
			subjects: []string{"clinic.com.au", "harboursidefp.com.au"}},
		{name: "+all", facts: []audit.Fact{plusAll}, status: audit.Fail, subjects: []string{"clinic.com.au"}},
		{name: "one domain unreadable", facts: []audit.Fact{strong("clinic.com.au", nil), unread}, status: audit.NotChecked,
			reason: "Could not check clinic.net.au: SERVFAIL from the domain's name servers."},
		{name: "unreadable does not hide a fail", facts: []audit.Fact{none, unread}, status: audit.Fail,
			contains: "(1 could not be read)", subjects: []string{"clinic.com.au"}},
		{name: "practice domain not looked up", practice: &audit.Practice{Domains: []string{"clinic.com.au", "harboursidefp.com.au"}},
			facts: []audit.Fact{strong("clinic.com.au", nil)}, status: audit.NotChecked, contains: "harboursidefp.com.au: not looked up"},
		{name: "no DNS results", practice: clinic(), status: audit.NotChecked, reason: noDNS},
		{name: "gap", facts: []audit.Fact{strong("clinic.com.au", nil), dnsGap}, status: audit.NotChecked, reason: "Could not check: DNS lookups timed out."},
	}
	shortKey := strong("clinic.com.au", func(d *audit.EmailDomain) {
		d.DKIMSelectors, d.DKIMShortKeys = []string{"selector1", "selector2"}, []string{"selector1"}
	})
	cases = append(cases, kindCase{name: "1024-bit DKIM key", facts: []audit.Fact{shortKey}, status: audit.Warn,
		reason: "1 of 1 domain has email authentication that is not yet at full strength.", subjects: []string{"clinic.com.au"}})
	runKind(t, "email.auth", cases)
	if got := detailOf(t, "email.auth", Input{Evidence: NewEvidence([]audit.Fact{shortKey}), AsOf: asOf}, "clinic.com.au"); got != "DKIM key selector1 is shorter than 2048 bits (rotate to a 2048-bit key)" {
		t.Errorf("short key detail = %q", got)
	}

	in := Input{Evidence: NewEvidence([]audit.Fact{broken}), AsOf: asOf}
	want := "no DMARC record; 2 SPF records (receivers reject both); SPF needs 12 DNS lookups (the limit is 10); no DKIM key found for the selectors checked"
	if got := detailOf(t, "email.auth", in, "harboursidefp.com.au"); got != want {
		t.Errorf("detail = %q\n want %q", got, want)
	}
}

func TestMXFiltered(t *testing.T) {
	direct := strong("clinic.com.au", func(d *audit.EmailDomain) { d.MX, d.MXFiltered = []string{"mail.clinic.com.au"}, no })
	parked := strong("clinic.net.au", func(d *audit.EmailDomain) { d.MX = nil })
	cases := []kindCase{
		{name: "filtered", facts: []audit.Fact{strong("clinic.com.au", nil), parked},
			status: audit.Pass, reason: "The only domain that receives mail sends incoming mail through a filtering service."},
		{name: "straight to the server", facts: []audit.Fact{direct, parked},
			status: audit.Warn, reason: "1 of 1 domain has incoming mail that does not pass through a filtering service.", subjects: []string{"clinic.com.au"}},
		{name: "unknown", facts: []audit.Fact{parked}, status: audit.NotChecked, contains: "where the practice's mail is delivered"},
		{name: "no DNS results", status: audit.NotChecked, reason: noDNS},
		{name: "gap", facts: []audit.Fact{strong("clinic.com.au", nil), dnsGap}, status: audit.NotChecked},
	}
	runKind(t, "email.mx_filtered", cases)
}
