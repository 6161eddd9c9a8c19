package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func date(t *testing.T, s string) *audit.Date {
	t.Helper()
	d, err := audit.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

func TestLoadPractice(t *testing.T) {
	in := `name: "  Riverside Family Practice "
country: au
domains: [" RiversideFP.com.au. ", mail.riversidefp.com.au]
public_ips: [203.0.113.10, "2001:db8::1", "::ffff:198.51.100.7"]
dkim_selectors: [selector1, google]
pms: {product: Best Practice, version: 1.11, hosting: On-Premises, rto_hours: 4, rpo_hours: 0.5}
staff:
  - name: Dr Jane Smith
    role: GP
    email: " Jane.Smith@RiversideFP.com.au "
    accounts: ['RIVERSIDE\jsmith']
    start: 2015-02-01
  - {name: Tom Nguyen, role: reception, start: 2021-06-14, end: 2021-06-14}
systems:
  - {name: Microsoft 365, kind: email, critical: yes, hosting: cloud}
vendors:
  - {name: Harbour IT, access: remote support, mfa: true}
  - {name: Old vendor}
`
	got, err := LoadPractice("practice.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := audit.Practice{
		Name:          "Riverside Family Practice",
		Country:       "AU",
		Domains:       []string{"riversidefp.com.au", "mail.riversidefp.com.au"},
		PublicIPs:     []string{"203.0.113.10", "2001:db8::1", "198.51.100.7"},
		DKIMSelectors: []string{"selector1", "google"},
		PMS:           audit.PMS{Product: "Best Practice", Version: "1.11", Hosting: "on-premises", RTOHours: 4, RPOHours: 0.5},
		Staff: []audit.Person{
			{Name: "Dr Jane Smith", Role: "gp", Email: "jane.smith@riversidefp.com.au", Accounts: []string{`RIVERSIDE\jsmith`}, Start: date(t, "2015-02-01")},
			{Name: "Tom Nguyen", Role: "reception", Start: date(t, "2021-06-14"), End: date(t, "2021-06-14")},
		},
		Systems: []audit.System{{Name: "Microsoft 365", Kind: "email", Critical: true, Hosting: "cloud"}},
		Vendors: []audit.Vendor{{Name: "Harbour IT", Access: "remote support", MFA: true}, {Name: "Old vendor"}},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("practice (-want +got):\n%s", diff)
	}
}

func TestLoadPracticeMinimal(t *testing.T) {
	got, err := LoadPractice("practice.yaml", strings.NewReader("name: X\ncountry: US\npms:\nstaff:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "X" || got.Country != "US" || len(got.Staff) != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestLoadPracticeTimeZone(t *testing.T) {
	got, err := LoadPractice("practice.yaml", strings.NewReader("name: X\ncountry: AU\ntime_zone: Australia/Perth\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeZone != "Australia/Perth" || got.Location().String() != "Australia/Perth" {
		t.Errorf("time zone %q, location %s", got.TimeZone, got.Location())
	}
	got, err = LoadPractice("practice.yaml", strings.NewReader("name: X\ncountry: AU\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeZone != "" || got.Location().String() != "Australia/Sydney" {
		t.Errorf("without time_zone: %q, location %s", got.TimeZone, got.Location())
	}
}

// checkErr asserts that err is an EInvalid *audit.Error at file:line whose
// text contains every fragment.
func checkErr(t *testing.T, err error, file string, line int, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s:%d %q", file, line, fragments)
	}
	var e *audit.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %q is not an *audit.Error", err, err)
	}
	if e.Code != audit.EInvalid || e.File != file || e.Line != line {
		t.Errorf("error at %s:%d (code %s), want %s:%d: %v", e.File, e.Line, e.Code, file, line, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not contain %q", err, f)
		}
	}
}

func TestLoadPracticeErrors(t *testing.T) {
	const head = "name: Riverside\ncountry: AU\n" // lines 1-2
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"empty", "", 0, []string{"practice.yaml: file is empty"}},
		{"only comments", "# nothing yet\n\n", 0, []string{"file is empty"}},
		{"only separator", "---\n", 0, []string{"file is empty"}},
		{"not a mapping", "- name: x\n", 1, []string{"the file must be a mapping, not a list"}},
		{"unknown top field", head + "domain: x.com\n", 3, []string{`practice.yaml:3: unknown field "domain" (did you mean "domains"?); the fields here are name, country`}},
		{"duplicate field", head + "name: Other\n", 3, []string{"name is given twice (first on line 1)"}},
		{"missing name", "country: AU\n", 1, []string{"name is missing"}},
		{"empty name", "name: \"\"\ncountry: AU\n", 1, []string{"name is empty"}},
		{"missing country", "name: X\n", 1, []string{"country is missing; add country: AU or country: US"}},
		{"bad country", "name: X\n\ncountry: NZ\n", 3, []string{`practice.yaml:3: country "NZ" is not supported; use AU or US`}},
		{"country list", "name: X\ncountry: [AU]\n", 2, []string{"country must be text, not a list"}},
		{"bad time zone", head + "time_zone: Australia/Perthh\n", 3, []string{`time_zone "Australia/Perthh" is not a known time zone`}},
		{"local time zone", head + "time_zone: Local\n", 3, []string{`time_zone "Local" is not a known time zone`}},
		{"time zone list", head + "time_zone: [Australia/Perth]\n", 3, []string{"time_zone must be text, not a list"}},
		{"name mapping", "name:\n  first: x\ncountry: AU\n", 2, []string{"name must be text, not a mapping"}},
		{"domains scalar", head + "domains: example.com\n", 3, []string{"domains must be a list, like [example.com.au]"}},
		{"domain url", head + "domains:\n  - example.com.au\n  - https://example.com.au/\n", 5, []string{`domains[1] "https://example.com.au/" is not a domain name`}},
		{"domain single label", head + "domains: [localhost]\n", 3, []string{`domains[0] "localhost" is not a domain name`}},
		{"domain duplicate", head + "domains:\n  - a.com\n  - A.com.\n", 5, []string{`domains[1] "a.com" is listed twice (first on line 4)`}},
		{"domain null item", head + "domains:\n  -\n", 4, []string{"domains[0] must be text, not nothing"}},
		{"bad ip", head + "public_ips:\n  - 203.0.113.300\n", 4, []string{`public_ips[0] "203.0.113.300" is not an IP address`}},
		{"ip range", head + "public_ips: [203.0.113.0/29]\n", 3, []string{"is a range"}},
		{"private ip", head + "public_ips: [192.168.1.10]\n", 3, []string{"public_ips[0] 192.168.1.10 is not a public address"}},
		{"loopback ip", head + "public_ips: ['::1']\n", 3, []string{"is not a public address"}},
		{"ip duplicate", head + "public_ips: [203.0.113.1, 203.0.113.1]\n", 3, []string{"listed twice"}},
		{"dkim full name", head + "dkim_selectors: [selector1._domainkey.example.com]\n", 3, []string{"is not a DKIM selector"}},
		{"pms unknown field", head + "pms:\n  product: BP\n  hostng: cloud\n", 5, []string{`pms: unknown field "hostng" (did you mean "hosting"?)`}},
		{"pms hosting", head + "pms:\n  hosting: server room\n", 4, []string{`pms.hosting "server room" is not known; use on-premises or cloud`}},
		{"pms rto text", head + "pms:\n  rto_hours: four\n", 4, []string{`pms.rto_hours must be a number, not "four"`}},
		{"pms rpo negative", head + "pms: {rpo_hours: -1}\n", 3, []string{"pms.rpo_hours must not be negative"}},
		{"pms rto inf", head + "pms: {rto_hours: .inf}\n", 3, []string{"pms.rto_hours must be a number"}},
		{"pms list", head + "pms: [x]\n", 3, []string{"pms must be a mapping, not a list"}},
		{"staff mapping", head + "staff:\n  name: x\n", 4, []string{"staff must be a list of entries each starting with '- '"}},
		{"staff item text", head + "staff:\n  - Jane\n", 4, []string{"staff[0] must be a mapping, not \"Jane\""}},
		{"bad role", head + "staff:\n  - name: A\n    role: gp\n  - name: B\n    role: gp\n  - name: C\n    role: doctor\n", 9,
			[]string{`practice.yaml:9: staff[2].role "doctor" is not a known role; use one of gp, specialist, nurse, allied, reception, manager, locum, registrar, contractor, it, other`}},
		{"missing role", head + "staff:\n  - name: Jane\n    email: j@x.com\n", 4, []string{"staff[0] (Jane) has no role"}},
		{"missing staff name", head + "staff:\n  - role: gp\n", 4, []string{"staff[0] has no name"}},
		{"staff unknown field", head + "staff:\n  - name: Jane\n    rol: gp\n", 5, []string{`staff[0]: unknown field "rol" (did you mean "role"?)`}},
		{"bad date", head + "staff:\n  - name: Jane\n    role: gp\n    start: 2024-02-30\n", 6, []string{`staff[0].start "2024-02-30" is not a real date in the form YYYY-MM-DD`}},
		{"bad date form", head + "staff:\n  - name: Jane\n    role: gp\n    end: 1/2/2024\n", 6, []string{`staff[0].end "1/2/2024" is not a real date`}},
		{"date list", head + "staff:\n  - name: Jane\n    role: gp\n    end: [2024-01-01]\n", 6, []string{"staff[0].end must be a date in the form YYYY-MM-DD, not a list"}},
		{"end before start", head + "staff:\n  - name: Jane\n    role: gp\n    start: 2024-03-01\n    end: 2024-02-01\n", 7, []string{"staff[0].end 2024-02-01 is before start 2024-03-01"}},
		{"bad email", head + "staff:\n  - {name: Jane, role: gp, email: jane}\n", 4, []string{`staff[0].email "jane" is not an email address`}},
		{"duplicate email", head + "staff:\n  - name: A\n    role: gp\n    email: a@x.com\n  - name: B\n    role: nurse\n    email: A@X.com\n", 9,
			[]string{`staff[1].email "a@x.com" is already used by staff[0] (line 6)`}},
		{"accounts text", head + "staff:\n  - {name: A, role: gp, accounts: x}\n", 4, []string{"staff[0].accounts must be a list"}},
		{"systems no name", head + "systems:\n  - kind: email\n", 4, []string{"systems[0] has no name"}},
		{"systems critical", head + "systems:\n  - name: M365\n    critical: very\n", 5, []string{`systems[0].critical must be true or false, not "very"`}},
		{"systems duplicate", head + "systems:\n  - name: M365\n  - name: m365\n", 5, []string{`systems[1].name "m365" is listed twice (first on line 4)`}},
		{"vendor mfa number", head + "vendors:\n  - name: IT\n    mfa: 1\n", 5, []string{"vendors[0].mfa must be true or false, not the number 1"}},
		{"vendor unknown", head + "vendors:\n  - name: IT\n    acess: all\n", 5, []string{`unknown field "acess" (did you mean "access"?)`}},
		{"key not text", head + "? [a]\n: b\n", 3, []string{"keys must be plain words"}},
		{"alias", head + "domains: &d [a.com]\nsystems: *d\n", 4, []string{"systems is an alias (*d)"}},
		{"second document", head + "---\nname: Other\n", 3, []string{"a second YAML document starts here"}},
		{"tab indent", head + "staff:\n\t- name: x\n", 4, []string{"practice.yaml:4: not valid YAML: found character that cannot start any token"}},
		{"bad indent", head + "pms:\n  product: BP\n version: 1\n", 5, []string{"not valid YAML: did not find expected key"}},
		{"unclosed flow", head + "domains: [a.com, b.com\nstaff:\n", 3, []string{"not valid YAML"}},
		{"unclosed quote", head + "pms:\n  product: \"BP\n", 4, []string{"not valid YAML"}},
		{"colon in value", head + "pms:\n  product: BP: Saffron\n", 4, []string{"not valid YAML: mapping values are not allowed"}},
		{"colon first line", "name: a: b\n", 1, []string{"practice.yaml:1: not valid YAML"}},
		{"unknown anchor", head + "\nsystems: *nope\n", 4, []string{"alias *nope refers to no anchor"}},
		{"utf16", "\xff\xfen\x00", 1, []string{"UTF-16"}},
		{"bad utf8", head + "pms: {product: \"B\xffP\"}\n", 3, []string{"not valid UTF-8"}},
		{"control char", head + "pms: {product: \"B\x01P\"}\n", 3, []string{"control character U+0001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPractice("practice.yaml", strings.NewReader(tt.in))
			checkErr(t, err, "practice.yaml", tt.line, tt.frags...)
		})
	}
}

func TestLoadPracticeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "practice.yaml")
	if err := os.WriteFile(path, []byte("name: X\ncountry: US\nstaff:\n  - {name: A, role: pilot}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadPracticeFile(path)
	checkErr(t, err, path, 4, `staff[0].role "pilot" is not a known role`)

	_, err = LoadPracticeFile(filepath.Join(dir, "missing.yaml"))
	if audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("missing file: code %q (%v), want not_found", audit.ErrorCode(err), err)
	}
}

func TestLoadPracticeTooLarge(t *testing.T) {
	big := "name: X\ncountry: AU\n#" + strings.Repeat("x", maxFileSize) + "\n"
	_, err := LoadPractice("practice.yaml", strings.NewReader(big))
	checkErr(t, err, "practice.yaml", 0, "larger than")
}
