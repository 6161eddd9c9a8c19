package importer

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

// kb4Sims shortens phishing simulation facts for comparison; the
// phish-prone percentage is rounded to a tenth.
type kb4SimRow struct {
	Path                          string
	Campaign, Date                string
	Recipients, Clicked, Reported int
	Pct                           float64 // -1: absent
	Healthcare                    bool
}

func kb4SimsOf(facts []audit.Fact) []kb4SimRow {
	var out []kb4SimRow
	for _, f := range facts {
		p := f.PhishSim
		pct := -1.0
		if p.PhishPronePct != nil {
			pct = math.Round(*p.PhishPronePct*10) / 10
		}
		out = append(out, kb4SimRow{f.Source.Path, p.Campaign, p.Date.String(), p.Recipients, p.Clicked, p.Reported, pct, p.Healthcare})
	}
	return out
}

func TestKnowBe4SecurityTests(t *testing.T) {
	facts := bkImport(t, KnowBe4JSON{}, "security_tests.json", bkFixture(t, "knowbe4", "security_tests.json"))
	want := []kb4SimRow{
		{"$[0]", "Q1 2026 - Courier", "2026-02-10", 12, 3, 2, 25, false},
		{"$[1]", "Q2 2026 - Results", "2026-05-12", 12, 2, 4, 16.7, true},
		{"$[2]", "Q3 2026 - Medicare", "2026-08-11", 12, 1, 6, 8.3, true},
		{"$[3]", "Q4 2026 - Invoice", "2026-11-17", 13, 0, 1, 0, false},
	}
	if diff := cmp.Diff(want, kb4SimsOf(facts)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestKnowBe4SecurityTestsInPercent: a file whose percentages are above 1
// holds percentages, not fractions.
func TestKnowBe4SecurityTestsInPercent(t *testing.T) {
	text := `[{"pst_id": 1, "name": "A", "status": "Closed", "started_at": "2026-02-10T22:00:00.000Z", "phish_prone_percentage": 25.0, "delivered_count": 8, "clicked_count": 2, "reported_count": 1},
	{"pst_id": 2, "name": "B", "status": "Closed", "started_at": "2026-05-10T22:00:00.000Z", "phish_prone_percentage": 0.5, "delivered_count": 8, "clicked_count": 0, "reported_count": 1}]`
	facts := bkImport(t, KnowBe4JSON{}, "t.json", []byte(text))
	if got := kb4SimsOf(facts); got[0].Pct != 25 || got[1].Pct != 0.5 {
		t.Errorf("percentages %v and %v, want 25 and 0.5", got[0].Pct, got[1].Pct)
	}
}

func TestKnowBe4Recipients(t *testing.T) {
	facts := bkImport(t, KnowBe4JSON{}, "recipients.json", bkFixture(t, "knowbe4", "recipients.json"))
	// Five were scheduled; one bounced, so four received it.
	want := []kb4SimRow{{"$[0]", "New pathology result available (security test 190877)", "2026-05-12", 4, 1, 2, -1, true}}
	if diff := cmp.Diff(want, kb4SimsOf(facts)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestKnowBe4Enrollments(t *testing.T) {
	facts := bkImport(t, KnowBe4JSON{}, "enrollments.json", bkFixture(t, "knowbe4", "enrollments.json"))
	type row struct {
		Path, Person, Course, Completed string
		Healthcare                      bool
	}
	var got []row
	for _, f := range facts {
		tr := f.Training
		done := ""
		if tr.CompletedOn != nil {
			done = tr.CompletedOn.String()
		}
		got = append(got, row{f.Source.Path, tr.Person, tr.Course, done, tr.Healthcare})
	}
	const annual, dom = "2026 Kevin Mitnick Security Awareness Training - 25 min", "@coralbaymedical.example"
	want := []row{
		{"$[0]", "aroha.ngata" + dom, annual, "2026-02-03", false},
		{"$[1]", "ben.whitaker" + dom, annual, "2026-03-10", false},
		{"$[2]", "chloe.tran" + dom, annual, "", false},
		{"$[3]", "dev.patel" + dom, annual, "", false},
		{"$[4]", "aroha.ngata" + dom, "Social Engineering Red Flags for Healthcare", "2026-06-04", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestKnowBe4UsersGiveNoFacts(t *testing.T) {
	if facts := bkImport(t, KnowBe4JSON{}, "users.json", bkFixture(t, "knowbe4", "users.json")); len(facts) != 0 {
		t.Errorf("%d facts from the user list; want none", len(facts))
	}
}

func TestKnowBe4Errors(t *testing.T) {
	tests := string(bkFixture(t, "knowbe4", "security_tests.json"))
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"truncated.json", tests[:len(tests)*2/3], strings.Count(tests[:len(tests)*2/3], "\n") + 1, []string{"ends before the JSON is complete"}},
		{"too-many-clicks.json", "[\n" + `{"pst_id": 1, "name": "A", "status": "Closed", "started_at": "2026-02-10T22:00:00.000Z", "delivered_count": 3, "clicked_count": 4, "reported_count": 0}]`, 2, []string{"$[0]", "4 clicked"}},
		{"bad-pct.json", `[{"pst_id": 1, "name": "A", "status": "Closed", "started_at": "2026-02-10T22:00:00.000Z", "phish_prone_percentage": 140, "delivered_count": 3}]`, 1, []string{"phish_prone_percentage 140"}},
		{"negative.json", `[{"pst_id": 1, "name": "A", "status": "Closed", "started_at": "2026-02-10T22:00:00.000Z", "phish_prone_percentage": 0.1, "delivered_count": -3}]`, 1, []string{"delivered_count must not be negative"}},
		{"bad-started.json", `[{"pst_id": 1, "name": "A", "status": "Closed", "started_at": "10/02/2026", "phish_prone_percentage": 0.1, "delivered_count": 3}]`, 1, []string{"started_at", `"10/02/2026"`}},
		{"count-as-text.json", "[{\"pst_id\": 1, \"name\": \"A\", \"status\": \"Closed\", \"started_at\": \"2026-02-10T22:00:00.000Z\",\n\"phish_prone_percentage\": 0.1,\n\"delivered_count\": \"twelve\"}]", 3, []string{"delivered_count must be a number"}},
		{"no-person.json", `[{"enrollment_id": 1, "module_name": "M", "content_type": "Training Module", "user": {"id": 5}, "status": "Passed", "completion_date": "2026-02-10T22:00:00.000Z"}]`, 1, []string{"no email or name"}},
		{"no-course.json", `[{"enrollment_id": 1, "module_name": "", "content_type": "Training Module", "user": {"email": "a@b"}, "status": "Passed"}]`, 1, []string{"module_name and campaign_name"}},
		{"bad-completion.json", `[{"enrollment_id": 1, "module_name": "M", "content_type": "Training Module", "user": {"email": "a@b"}, "status": "Passed", "completion_date": "yesterday"}]`, 1, []string{"completion_date", `"yesterday"`}},
		{"undated-recipients.json", `[{"recipient_id": 1, "pst_id": 7, "user": {"email": "a@b"}, "delivered_at": null, "clicked_at": null}]`, 1, []string{"security test 7", "cannot be dated"}},
		{"mixed-list.json", `[{"enrollment_id": 1, "module_name": "M", "content_type": "Training Module", "user": {"email": "a@b"}, "status": "Passed", "completion_date": "2026-02-10T22:00:00.000Z"},` + "\n" + `"oops"]`, 2, []string{"$[1]", "must be an object"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, KnowBe4JSON{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

func TestKnowBe4DetectsByShape(t *testing.T) {
	for text, want := range map[string]bool{
		`[]`: false,
		`{"enrollment_id": 1, "module_name": "M"}`:                                    false, // not a list
		`[{"enrollment_id": 1, "module_name": "M"}]`:                                  true,
		`[{"pst_id": 1, "started_at": null, "clicked_count": 0}]`:                     true,
		`[{"recipient_id": 1, "pst_id": 1, "user": {}}]`:                              true,
		`[{"id": 1, "email": "a@b", "phish_prone_percentage": 3, "first_name": "A"}]`: true,
		`[{"id": 1, "email": "a@b"}]`:                                                 false,
		`[{"name": "Bp", "sessionType": "BackupJob"}]`:                                false,
	} {
		if got := (KnowBe4JSON{}).Detect("k.json", []byte(text)); got != want {
			t.Errorf("Detect(%s) = %v, want %v", text, got, want)
		}
	}
}

func TestLureHealthcare(t *testing.T) {
	for name, want := range map[string]bool{
		"New pathology result available":               true,
		"Services Australia: update your bank details": true,
		"Your HotDoc booking has changed":              true,
		"AHPRA registration renewal":                   true,
		"Referral letter from Dr Smith":                true,
		"My Health Record access notice":               true,
		"Overdue invoice INV-20931":                    false,
		"Your parcel could not be delivered":           false,
		"Wealthy prince":                               false, // "health" only as a whole word
		"GPS tracker offer":                            false,
	} {
		if got := lureHealthcare(name); got != want {
			t.Errorf("lureHealthcare(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzKnowBe4(f *testing.F) {
	// One element of each list: whole fixtures make every new input slow
	// to minimise.
	fuzzSeeds := [][]byte{
		[]byte(`[{"pst_id": 1, "name": "Q2 - Results", "status": "Closed", "started_at": "2026-05-12T22:00:00.000Z", "template": {"id": 2, "name": "New pathology result"}, "categories": [{"name": "Health"}], "phish_prone_percentage": 0.167, "delivered_count": 12, "clicked_count": 2, "reported_count": 4}]`),
		[]byte(`[{"recipient_id": 9, "pst_id": 1, "user": {"email": "a@b"}, "template": {"name": "T"}, "scheduled_at": "2026-05-12T22:00:00.000Z", "delivered_at": "2026-05-12T22:00:11.000Z", "clicked_at": null, "reported_at": "2026-05-12T22:31:50.000Z"}]`),
		[]byte(`[{"enrollment_id": 1, "content_type": "Training Module", "module_name": "M", "user": {"email": "a@b"}, "campaign_name": "C", "completion_date": "2026-02-03T01:40:02.000Z", "status": "Passed"}]`),
		[]byte(`[{"id": 1, "email": "a@b", "first_name": "A", "phish_prone_percentage": 14.2, "current_risk_score": 45.7}]`),
		[]byte(`[{"pst_id": "x", "started_at": "2026-02-10T22:00:00Z", "delivered_count": 1, "clicked_count": 1, "phish_prone_percentage": 1}]`),
	}
	bkFuzz(f, KnowBe4JSON{}, fuzzSeeds...)
}
