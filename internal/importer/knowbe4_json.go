package importer

import (
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// KnowBe4JSON reads responses of the KnowBe4 Reporting API as saved to a
// file, each the JSON list the API returns (docs/training-csv.md says how
// to save them). The endpoint is told by the members of the first element:
//
//   - /v1/training/enrollments (enrollment_id, module_name): one training
//     fact per enrolment. It is complete on completion_date when status is
//     Passed or Completed; otherwise the person is enrolled only. Policy
//     acknowledgements and assessments are not training and are left out.
//   - /v1/phishing/security_tests (pst_id, started_at, counts): one
//     simulation per test that has started. Recipients are delivered_count
//     (else scheduled_count), clicks clicked_count, reports reported_count.
//     phish_prone_percentage is a fraction (0.25 for 25%) as the API gives
//     it, unless some test in the file is above 1, in which case the file
//     holds percentages.
//   - /v1/phishing/security_tests/{id}/recipients (recipient_id or pst_id
//     with user and *_at times): the recipients of each test added up into
//     one simulation, named after its template and test id, dated by the
//     first delivery. Recipients are those delivered (or who clicked or
//     reported), clicks and reports those with a time.
//   - /v1/users (email, phish_prone_percentage, no pst_id): recognised so
//     it is not reported as unknown, but it yields no facts: the practice's
//     staff come from practice.yaml.
//
// A course, campaign, test, template or category whose name mentions a
// healthcare theme (see lureHealthcare) marks the fact healthcare-themed.
// An empty list cannot be told apart and is not recognised.
type KnowBe4JSON struct{}

// Name implements Importer.
func (KnowBe4JSON) Name() string { return "knowbe4_json" }

// kb4Endpoint is which list a file holds.
type kb4Endpoint int

const (
	kb4Unknown kb4Endpoint = iota
	kb4Enrollments
	kb4Tests
	kb4Recipients
	kb4Users
)

// kb4EndpointOf decides from the member names of the first element.
func kb4EndpointOf(keys map[string]bool) kb4Endpoint {
	switch {
	case keys["enrollment_id"] && (keys["module_name"] || keys["content_type"]):
		return kb4Enrollments
	case keys["recipient_id"] || keys["pst_id"] && keys["user"] && (keys["delivered_at"] || keys["clicked_at"] || keys["scheduled_at"]):
		return kb4Recipients
	case keys["pst_id"] && keys["started_at"] && (keys["phish_prone_percentage"] || keys["delivered_count"] || keys["clicked_count"]):
		return kb4Tests
	case keys["email"] && keys["phish_prone_percentage"] && (keys["current_risk_score"] || keys["first_name"]):
		return kb4Users
	}
	return kb4Unknown
}

// Detect implements Importer.
func (KnowBe4JSON) Detect(_ string, head []byte) bool {
	keys, inList, ok := jrecSniff(head, "")
	return ok && inList && kb4EndpointOf(keys) != kb4Unknown
}

// Import implements Importer.
func (KnowBe4JSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	recs, err := jrecRead(name, data, "")
	if err != nil {
		return nil, err
	}
	switch {
	case len(recs) == 0:
		return nil, audit.Invalid(name, 1, "the list is empty, so it cannot be told which KnowBe4 list it is")
	case recs[0].path == "$":
		return nil, audit.Invalid(name, 1, "a KnowBe4 Reporting API response is a JSON list; save the response as it came")
	}
	var first map[string]json.RawMessage
	if err := recs[0].decode(name, &first); err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range first {
		keys[strings.ToLower(k)] = true
	}
	switch kb4EndpointOf(keys) {
	case kb4Enrollments:
		return kb4EnrollmentFacts(name, recs)
	case kb4Tests:
		return kb4TestFacts(name, recs)
	case kb4Recipients:
		return kb4RecipientFacts(name, recs)
	case kb4Users:
		return kb4CheckUsers(name, recs)
	}
	return nil, recs[0].errorf(name, "this is not a KnowBe4 users, security tests, recipients or training enrolments list")
}

// kb4ID is an id the API writes as a number (or, in some clients, text).
type kb4ID string

func (id *kb4ID) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*id = kb4ID(n.String())
		return nil
	}
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "object or list", Type: reflect.TypeFor[string]()}
	}
	if s != nil {
		*id = kb4ID(*s)
	}
	return nil
}

// kb4Name is a name given as text or as an object with a name, as the API
// writes templates and categories.
type kb4Name string

func (n *kb4Name) UnmarshalJSON(b []byte) error {
	var s *string
	if json.Unmarshal(b, &s) == nil {
		if s != nil {
			*n = kb4Name(*s)
		}
		return nil
	}
	var o struct {
		Name *string `json:"name"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	if o.Name != nil {
		*n = kb4Name(*o.Name)
	}
	return nil
}

// kb4Time reads an API timestamp, 2019-04-02T15:02:38.000Z; null or empty
// means the event did not happen.
func kb4Time(name string, rec jrec, field string, v *string) (*time.Time, error) {
	if v == nil || strings.TrimSpace(*v) == "" {
		return nil, nil
	}
	tm, ok := stampExact(*v)
	if !ok || stampUnset(tm) {
		return nil, rec.errorf(name, "%s %s is not a time like 2019-04-02T15:02:38.000Z", field, exportQuote(*v))
	}
	return &tm, nil
}

// ---- /v1/training/enrollments

type kb4Enrollment struct {
	ContentType    string  `json:"content_type"`
	ModuleName     string  `json:"module_name"`
	CampaignName   string  `json:"campaign_name"`
	CompletionDate *string `json:"completion_date"`
	Status         string  `json:"status"`
	User           *struct {
		Email     string `json:"email"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	} `json:"user"`
}

func kb4EnrollmentFacts(name string, recs []jrec) ([]audit.Fact, error) {
	facts := []audit.Fact{}
	for _, rec := range recs {
		var e kb4Enrollment
		if err := rec.decode(name, &e); err != nil {
			return nil, err
		}
		t, err := kb4Training(name, rec, e)
		if err != nil {
			return nil, err
		}
		if t != nil {
			facts = append(facts, audit.Fact{Kind: audit.FactTraining, Source: audit.Source{Path: rec.path}, Training: t})
		}
	}
	return facts, nil
}

// kb4Training reads one enrolment; nil for content that is not training.
func kb4Training(name string, rec jrec, e kb4Enrollment) (*audit.Training, error) {
	ct := strings.ToLower(e.ContentType)
	if strings.Contains(ct, "policy") || strings.Contains(ct, "assessment") {
		return nil, nil
	}
	person := ""
	if e.User != nil {
		person = strings.TrimSpace(e.User.Email)
		if person == "" {
			person = strings.TrimSpace(strings.TrimSpace(e.User.FirstName) + " " + strings.TrimSpace(e.User.LastName))
		}
	}
	if person == "" {
		return nil, rec.errorf(name, "user has no email or name, so the enrolment cannot be matched to a person")
	}
	course := strings.TrimSpace(e.ModuleName)
	if course == "" {
		course = strings.TrimSpace(e.CampaignName)
	}
	if course == "" {
		return nil, rec.errorf(name, "module_name and campaign_name are both empty")
	}
	t := &audit.Training{Person: person, Course: course, Healthcare: lureHealthcare(e.ModuleName, e.CampaignName)}
	switch strings.ToLower(strings.TrimSpace(e.Status)) {
	case "passed", "completed", "complete":
		done, err := kb4Time(name, rec, "completion_date", e.CompletionDate)
		if err != nil {
			return nil, err
		}
		if done != nil {
			d := audit.NewDate(*done)
			t.CompletedOn = &d
		}
	}
	return t, nil
}

// ---- /v1/phishing/security_tests

type kb4Test struct {
	PstID                kb4ID     `json:"pst_id"`
	Name                 string    `json:"name"`
	Status               string    `json:"status"`
	StartedAt            *string   `json:"started_at"`
	Categories           []kb4Name `json:"categories"`
	Template             kb4Name   `json:"template"`
	PhishPronePercentage *float64  `json:"phish_prone_percentage"`
	ScheduledCount       *int      `json:"scheduled_count"`
	DeliveredCount       *int      `json:"delivered_count"`
	ClickedCount         *int      `json:"clicked_count"`
	ReportedCount        *int      `json:"reported_count"`
}

func kb4TestFacts(name string, recs []jrec) ([]audit.Fact, error) {
	tests := make([]kb4Test, len(recs))
	percent := false // the file writes 25 for 25%, not 0.25
	for i, rec := range recs {
		if err := rec.decode(name, &tests[i]); err != nil {
			return nil, err
		}
		if p := tests[i].PhishPronePercentage; p != nil && *p > 1 {
			percent = true
		}
	}
	facts := []audit.Fact{}
	for i, rec := range recs {
		p, err := kb4Sim(name, rec, tests[i], percent)
		if err != nil {
			return nil, err
		}
		if p != nil {
			facts = append(facts, audit.Fact{Kind: audit.FactPhishSim, Source: audit.Source{Path: rec.path}, PhishSim: p})
		}
	}
	return facts, nil
}

// kb4Sim reads one test; nil for a test not yet started.
func kb4Sim(name string, rec jrec, t kb4Test, percent bool) (*audit.PhishSim, error) {
	switch strings.ToLower(t.Status) {
	case "scheduled", "pending", "creating":
		return nil, nil
	}
	started, err := kb4Time(name, rec, "started_at", t.StartedAt)
	if err != nil || started == nil {
		return nil, err
	}
	campaign := strings.TrimSpace(t.Name)
	if campaign == "" {
		campaign = "Security test " + string(t.PstID)
	}
	p := &audit.PhishSim{Campaign: campaign, Date: audit.NewDate(*started)}
	for _, c := range []struct {
		field string
		v     *int
		dst   *int
	}{{"delivered_count", t.DeliveredCount, &p.Recipients}, {"clicked_count", t.ClickedCount, &p.Clicked}, {"reported_count", t.ReportedCount, &p.Reported}} {
		if c.v != nil && *c.v < 0 {
			return nil, rec.errorf(name, "%s must not be negative", c.field)
		}
		if c.v != nil {
			*c.dst = *c.v
		}
	}
	if t.DeliveredCount == nil && t.ScheduledCount != nil && *t.ScheduledCount > 0 {
		p.Recipients = *t.ScheduledCount
	}
	if p.Clicked > p.Recipients || p.Reported > p.Recipients {
		return nil, rec.errorf(name, "%d clicked and %d reported, but only %d received it (delivered_count); the counts cannot be right", p.Clicked, p.Reported, p.Recipients)
	}
	if v := t.PhishPronePercentage; v != nil {
		pct := *v
		if !percent {
			pct *= 100
		}
		if !(pct >= 0 && pct <= 100) {
			return nil, rec.errorf(name, "phish_prone_percentage %s is not between 0 and 1 (or 0 and 100)", strconv.FormatFloat(*v, 'g', -1, 64))
		}
		p.PhishPronePct = &pct
	}
	names := []string{t.Name, string(t.Template)}
	for _, c := range t.Categories {
		names = append(names, string(c))
	}
	p.Healthcare = lureHealthcare(names...)
	return p, nil
}

// ---- /v1/phishing/security_tests/{id}/recipients

type kb4Recipient struct {
	PstID       kb4ID   `json:"pst_id"`
	Template    kb4Name `json:"template"`
	ScheduledAt *string `json:"scheduled_at"`
	DeliveredAt *string `json:"delivered_at"`
	ClickedAt   *string `json:"clicked_at"`
	ReportedAt  *string `json:"reported_at"`
}

// kb4Group adds up one test's recipients.
type kb4Group struct {
	first     jrec
	templates []string
	sim       audit.PhishSim
	start     *time.Time
}

func kb4RecipientFacts(name string, recs []jrec) ([]audit.Fact, error) {
	groups := map[kb4ID]*kb4Group{}
	var order []kb4ID
	for _, rec := range recs {
		var r kb4Recipient
		if err := rec.decode(name, &r); err != nil {
			return nil, err
		}
		g, ok := groups[r.PstID]
		if !ok {
			g = &kb4Group{first: rec}
			groups[r.PstID] = g
			order = append(order, r.PstID)
		}
		if err := g.add(name, rec, r); err != nil {
			return nil, err
		}
	}
	facts := []audit.Fact{}
	for _, id := range order {
		g := groups[id]
		if g.start == nil {
			return nil, g.first.errorf(name, "no recipient of security test %s has a delivered_at or scheduled_at time, so the test cannot be dated", kb4Label(id))
		}
		g.sim.Date = audit.NewDate(*g.start)
		g.sim.Campaign = "Security test " + kb4Label(id)
		if len(g.templates) > 0 {
			g.sim.Campaign = g.templates[0] + " (security test " + kb4Label(id) + ")"
		}
		g.sim.Healthcare = lureHealthcare(g.templates...)
		sim := g.sim
		facts = append(facts, audit.Fact{Kind: audit.FactPhishSim, Source: audit.Source{Path: g.first.path}, PhishSim: &sim})
	}
	return facts, nil
}

func kb4Label(id kb4ID) string {
	if id == "" {
		return "(no pst_id)"
	}
	return string(id)
}

// add counts one recipient.
func (g *kb4Group) add(name string, rec jrec, r kb4Recipient) error {
	var at [4]*time.Time
	for i, f := range []struct {
		field string
		v     *string
	}{{"scheduled_at", r.ScheduledAt}, {"delivered_at", r.DeliveredAt}, {"clicked_at", r.ClickedAt}, {"reported_at", r.ReportedAt}} {
		tm, err := kb4Time(name, rec, f.field, f.v)
		if err != nil {
			return err
		}
		at[i] = tm
	}
	scheduled, delivered, clicked, reported := at[0], at[1], at[2], at[3]
	if delivered != nil || clicked != nil || reported != nil {
		g.sim.Recipients++
	}
	if clicked != nil {
		g.sim.Clicked++
	}
	if reported != nil {
		g.sim.Reported++
	}
	for _, tm := range []*time.Time{delivered, scheduled} {
		if tm != nil && (g.start == nil || tm.Before(*g.start)) {
			g.start = tm
			break
		}
	}
	if t := strings.TrimSpace(string(r.Template)); t != "" && !oneOf(g.templates, t) {
		g.templates = append(g.templates, t)
	}
	return nil
}

// ---- /v1/users

// kb4CheckUsers makes sure every element is a user object, so a damaged
// file is reported even though it yields nothing.
func kb4CheckUsers(name string, recs []jrec) ([]audit.Fact, error) {
	for _, rec := range recs {
		var u struct {
			Email string `json:"email"`
		}
		if err := rec.decode(name, &u); err != nil {
			return nil, err
		}
	}
	return []audit.Fact{}, nil
}

// ---- healthcare themes, shared with training_csv.go

// lureWords and lurePhrases are the themes that make a course or a
// simulation healthcare-specific (PPL-HEALTH-LURES): results, referrals,
// Medicare and PRODA, booking platforms, AHPRA, pharmacy, patients. Words
// match whole words of a name, in any case; phrases match whole words in
// order. docs/training-csv.md lists them for people.
var (
	lureWords = []string{"health", "healthcare", "medical", "medicare", "medicaid", "patient", "patients",
		"pathology", "radiology", "radiologist", "referral", "referrals", "ahpra", "clinic", "clinics", "clinical",
		"pharmacy", "pharmacist", "pharmaceutical", "hospital", "prescription", "prescriptions", "escript", "escripts",
		"telehealth", "proda", "hpos", "mygov", "hotdoc", "healthengine", "healthlink", "hipaa", "ehr", "emr",
		"doctor", "doctors", "nurse", "nurses", "gp", "physician", "dental", "dentist", "vaccination", "ultrasound"}
	lurePhrases = []string{"my health record", "services australia", "test results", "lab results", "x ray", "general practice"}
)

// lureHealthcare reports whether any of the names has a healthcare theme.
func lureHealthcare(names ...string) bool {
	for _, n := range names {
		words := nameFields(n)
		for _, w := range words {
			if oneOf(lureWords, w) {
				return true
			}
		}
		joined := " " + strings.Join(words, " ") + " "
		for _, p := range lurePhrases {
			if strings.Contains(joined, " "+p+" ") {
				return true
			}
		}
	}
	return false
}

// nameFields splits a name into lower-case words of letters and digits.
func nameFields(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}
