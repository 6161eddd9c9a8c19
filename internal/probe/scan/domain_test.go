package scan

import (
	"context"
	"strings"
	"testing"
	"time"

	"triage/internal/probe/dnsx"
)

// A domain whose SPF and DMARC answer but whose MX and DKIM lookups fail
// is judged on what was read, with gaps for the rest: never "no MX" or
// "no DKIM".
func TestPartialDNSFailureGivesEmailGaps(t *testing.T) {
	z := dnsx.NewZone()
	z.AddTXT("flaky.example", "v=spf1 -all")
	z.SetTimeout("flaky.example") // MX and A time out; the TXT records answer
	z.AddTXT("_dmarc.flaky.example", "v=DMARC1; p=reject; rua=mailto:d@flaky.example")
	for _, sel := range []string{"selector1", "selector2", "google"} {
		z.SetTimeout(sel + "._domainkey.flaky.example")
	}
	r, err := Run(context.Background(), Config{Domains: []string{"flaky.example"}, Resolver: z, Dialer: fateDialer{}, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	facts := r.Facts()
	e := domainFact(t, facts, "flaky.example")
	if e.Error != "" || e.MX != nil || e.MXFiltered != nil || e.DKIMChecked || e.SPFAll != "-all" || e.DMARCPolicy != "reject" {
		t.Fatalf("fact %+v", *e)
	}
	var email []string
	for _, g := range r.Gaps {
		if g.Topic == "email" {
			email = append(email, g.Reason)
		}
	}
	if len(email) != 2 || !strings.Contains(email[0]+email[1], "MX records of flaky.example") || !strings.Contains(email[0]+email[1], "DKIM keys of flaky.example") {
		t.Fatalf("email gaps %q", email)
	}
}

func TestMissingDomain(t *testing.T) {
	r, err := Run(context.Background(), Config{Domains: []string{"typo.example"}, Resolver: dnsx.NewZone(), Dialer: fateDialer{}})
	if err != nil {
		t.Fatal(err)
	}
	if e := domainFact(t, r.Facts(), "typo.example"); !strings.Contains(e.Error, "does not exist") {
		t.Fatalf("%+v", *e)
	}
}

func TestMXFilterList(t *testing.T) {
	cases := map[string]string{
		"clinic-com-au.mail.protection.outlook.com":  "Microsoft 365 (Exchange Online Protection)",
		"ASPMX.L.GOOGLE.COM.":                        "Google Workspace",
		"au-smtp-inbound-1.mimecast.com":             "Mimecast",
		"mx0a-001234.pphosted.com":                   "Proofpoint",
		"d123.ess.barracudanetworks.com":             "Barracuda Email Protection",
		"clinic.in.tmes.trendmicro.com":              "Trend Micro Email Security",
		"mx-01-ap-southeast-2.prod.hydra.sophos.com": "Sophos Email",
		"clinic.mailguard.com.au":                    "MailGuard",
		"mx.clinic.com.au":                           "",
		"notgoogle.com":                              "",
	}
	for host, want := range cases {
		if got := filterOf(host); got != want {
			t.Errorf("filterOf(%q) = %q, want %q", host, got, want)
		}
	}
}
