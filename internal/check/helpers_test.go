package check

import (
	"slices"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

// The audit date every test uses: a Saturday morning at a small GP clinic.
var asOf = time.Date(2026, 10, 31, 9, 0, 0, 0, time.UTC)

// at parses "2026-06-01" or "2026-06-01T08:15" as UTC.
func at(s string) *time.Time {
	layout := "2006-01-02"
	if strings.Contains(s, "T") {
		layout = "2006-01-02T15:04"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func day(s string) *audit.Date {
	d, err := audit.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func ptr[T any](v T) *T { return &v }

var (
	yes = ptr(true)
	no  = ptr(false)
)

// exportFile names the file an importer would have read for a system.
func exportFile(system string) string {
	switch system {
	case "ad":
		return "ad-users.csv"
	case "google":
		return "gws-users.csv"
	}
	return "entra-users.json"
}

func account(a audit.Account) audit.Fact {
	if a.Kind == "" {
		a.Kind = audit.AccountMember
	}
	return audit.Fact{Kind: audit.FactAccount, Source: audit.Source{File: exportFile(a.System), Path: a.ID}, Account: &a}
}

func setting(system, name string, b *bool, n *float64) audit.Fact {
	return audit.Fact{Kind: audit.FactSetting, Source: audit.Source{File: "tenant-settings.json", Path: name},
		Setting: &audit.Setting{System: system, Name: name, Bool: b, Number: n}}
}

func deviceFact(d audit.Device) audit.Fact {
	return audit.Fact{Kind: audit.FactDevice, Source: audit.Source{File: "intune-devices.csv", Path: d.Name}, Device: &d}
}

func software(s audit.Software) audit.Fact {
	return audit.Fact{Kind: audit.FactSoftware, Source: audit.Source{File: "osquery-programs.json", Path: s.Device}, Software: &s}
}

func backup(b audit.Backup) audit.Fact {
	return audit.Fact{Kind: audit.FactBackup, Source: audit.Source{File: "veeam-sessions.csv", Path: b.Job}, Backup: &b}
}

func restore(r audit.RestoreTest) audit.Fact {
	return audit.Fact{Kind: audit.FactRestoreTest, Source: audit.Source{File: "restore-tests.csv"}, RestoreTest: &r}
}

func training(t audit.Training) audit.Fact {
	return audit.Fact{Kind: audit.FactTraining, Source: audit.Source{File: "knowbe4-enrollments.json"}, Training: &t}
}

func phish(p audit.PhishSim) audit.Fact {
	return audit.Fact{Kind: audit.FactPhishSim, Source: audit.Source{File: "knowbe4-tests.json", Path: p.Campaign}, PhishSim: &p}
}

func mailDomain(d audit.EmailDomain) audit.Fact {
	return audit.Fact{Kind: audit.FactEmailDomain, Source: audit.Source{File: "dns", Path: d.Domain}, EmailDomain: &d}
}

func service(s audit.Service) audit.Fact {
	return audit.Fact{Kind: audit.FactService, Source: audit.Source{File: "scan", Path: s.Host}, Service: &s}
}

func tlsFact(t audit.TLS) audit.Fact {
	return audit.Fact{Kind: audit.FactTLS, Source: audit.Source{File: "scan", Path: t.Host}, TLS: &t}
}

func gap(topic, reason string) audit.Fact {
	return audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: topic, Reason: reason}}
}

// clinic is a small GP practice: two current staff, a receptionist and a
// locum who have left, and a practice manager.
func clinic() *audit.Practice {
	return &audit.Practice{
		Name:    "Harbourside Family Practice",
		Country: "AU",
		Domains: []string{"clinic.com.au"},
		Staff: []audit.Person{
			{Name: "Dr Anna Nguyen", Role: "gp", Email: "anna.nguyen@clinic.com.au", Accounts: []string{`CLINIC\anguyen`}},
			{Name: "Ben Carter", Role: "nurse", Email: "ben.carter@clinic.com.au"},
			{Name: "Chloe Smith", Role: "reception", Email: "chloe.smith@clinic.com.au", Accounts: []string{`CLINIC\csmith`}, End: day("2026-08-15")},
			{Name: "Dr David Lee", Role: "locum", Email: "david.lee@gmail.com", Accounts: []string{"dlee"}, End: day("2026-10-20")},
			{Name: "Emma Brown", Role: "manager", Email: "emma.brown@clinic.com.au"},
		},
		Vendors: []audit.Vendor{
			{Name: "Coastal IT", Access: "remote support with TeamViewer", MFA: true},
		},
	}
}

// kindCase is one run of a kind with the outcome expected. reason is
// matched exactly when set, contains as a substring; subjects and urgency
// are always compared (nil means none).
type kindCase struct {
	name         string
	params       Params
	facts        []audit.Fact
	practice     *audit.Practice
	answer       *audit.Answer
	status       audit.Status
	reason       string
	contains     string
	subjects     []string
	urgency      []string
	skipValidate bool // for cases that feed deliberately bad params
}

func runKind(t *testing.T, name string, cases []kindCase) {
	t.Helper()
	k, ok := Lookup(name)
	if !ok {
		t.Fatalf("kind %s is not registered", name)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !c.skipValidate {
				if err := Validate(audit.CheckSpec{Kind: name, Params: c.params}); err != nil {
					t.Fatalf("test params do not validate: %v", err)
				}
			}
			got := k.Func(Input{Evidence: NewEvidence(c.facts), Practice: c.practice, Answer: c.answer, AsOf: asOf, Params: c.params})
			checkOutcome(t, got)
			if got.Status != c.status {
				t.Errorf("status = %s, want %s (reason %q)", got.Status, c.status, got.Reason)
			}
			if c.reason != "" && got.Reason != c.reason {
				t.Errorf("reason = %q\n want %q", got.Reason, c.reason)
			}
			if c.contains != "" && !strings.Contains(got.Reason, c.contains) {
				t.Errorf("reason = %q, want it to contain %q", got.Reason, c.contains)
			}
			if ids := subjectIDs(got.Subjects); !slices.Equal(ids, c.subjects) {
				t.Errorf("subjects = %q, want %q\n%v", ids, c.subjects, got.Subjects)
			}
			if !slices.Equal(got.Urgency, c.urgency) {
				t.Errorf("urgency = %q, want %q", got.Urgency, c.urgency)
			}
		})
	}
}

// checkOutcome holds every outcome to the rules all kinds share.
func checkOutcome(t *testing.T, o Outcome) {
	t.Helper()
	if !o.Status.Valid() || o.Status == audit.Accepted {
		t.Errorf("status %q is not one a check may return", o.Status)
	}
	if o.Reason == "" || !strings.HasSuffix(o.Reason, ".") {
		t.Errorf("reason %q must be a sentence ending in a full stop", o.Reason)
	}
	if !o.Status.Open() && len(o.Subjects) > 0 {
		t.Errorf("a %s outcome carries subjects %v", o.Status, o.Subjects)
	}
	for i, s := range o.Subjects {
		if s.ID == "" || s.Kind == "" || s.Detail == "" {
			t.Errorf("subject %d is incomplete: %+v", i, s)
		}
		fromPractice := s.Kind == "person" || s.Kind == "vendor" || s.Kind == "item"
		if fromPractice != (s.Source == nil) {
			t.Errorf("subject %s (%s): source %v", s.ID, s.Kind, s.Source)
		}
		if i > 0 && o.Subjects[i-1].ID > s.ID {
			t.Errorf("subjects not sorted by id: %q before %q", o.Subjects[i-1].ID, s.ID)
		}
	}
}

func subjectIDs(subjects []audit.Subject) []string {
	var ids []string
	for _, s := range subjects {
		ids = append(ids, s.ID)
	}
	return ids
}

// detailOf returns the detail of the subject with the id, for tests that
// pin a subject's wording.
func detailOf(t *testing.T, kind string, in Input, id string) string {
	t.Helper()
	k, _ := Lookup(kind)
	for _, s := range k.Func(in).Subjects {
		if s.ID == id {
			return s.Detail
		}
	}
	t.Fatalf("%s: no subject %q", kind, id)
	return ""
}
