package importer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

type trnRow struct {
	Line                      int
	Person, Course, Completed string
	Healthcare                bool
}

type trnSimRowT struct {
	Line                          int
	Campaign, Date                string
	Recipients, Clicked, Reported int
	Healthcare                    bool
}

func trnSplit(facts []audit.Fact) (training []trnRow, sims []trnSimRowT) {
	for _, f := range facts {
		switch {
		case f.Training != nil:
			done := ""
			if f.Training.CompletedOn != nil {
				done = f.Training.CompletedOn.String()
			}
			training = append(training, trnRow{f.Source.Line, f.Training.Person, f.Training.Course, done, f.Training.Healthcare})
		case f.PhishSim != nil:
			p := f.PhishSim
			sims = append(sims, trnSimRowT{f.Source.Line, p.Campaign, p.Date.String(), p.Recipients, p.Clicked, p.Reported, p.Healthcare})
		}
	}
	return training, sims
}

func TestTrainingCSV(t *testing.T) {
	facts := bkImport(t, TrainingCSV{}, "training.csv", bkFixture(t, "training_csv", "training.csv"))
	training, sims := trnSplit(facts)
	const course, dom = "Cyber security for general practice", "@coralbaymedical.example"
	wantTraining := []trnRow{
		{2, "aroha.ngata" + dom, course, "2026-03-02", true},
		{3, "ben.whitaker" + dom, course, "2026-03-09", true},
		{4, "Chloe Tran", course, "", true},
		{5, "dev.patel" + dom, "Password managers (toolbox talk)", "2026-07-21", false},
		{9, "dev.patel" + dom, "Phishing refresher after a click", "2026-10-01", false},
	}
	if diff := cmp.Diff(wantTraining, training); diff != "" {
		t.Errorf("training (-want +got):\n%s", diff)
	}
	wantSims := []trnSimRowT{
		{6, "Fake AHPRA renewal", "2026-09-15", 3, 1, 2, true},
		{9, "Parcel delivery", "2026-10-01", 2, 1, 1, false},
	}
	if diff := cmp.Diff(wantSims, sims); diff != "" {
		t.Errorf("simulations (-want +got):\n%s", diff)
	}
}

// TestTrainingCSVSameNameOtherDay: a simulation run again on another day
// is another simulation; the healthcare column overrides the name.
func TestTrainingCSVSameNameOtherDay(t *testing.T) {
	text := "Person;Simulation;Completed_On;Clicked;Reported;Healthcare\n" +
		"a@x;Results ready;2026-03-01;yes;;no\n" +
		"b@x;Results ready;2026-03-01;no;yes;\n" +
		"a@x;Results ready;2026-06-01;no;yes;yes\n"
	_, sims := trnSplit(bkImport(t, TrainingCSV{}, "t.csv", []byte(text)))
	want := []trnSimRowT{
		{2, "Results ready", "2026-03-01", 2, 1, 1, false},
		{4, "Results ready", "2026-06-01", 1, 0, 1, true},
	}
	if diff := cmp.Diff(want, sims); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestTrainingCSVErrors(t *testing.T) {
	const h = "person,course,completed_on,simulation,clicked,reported,healthcare\n"
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"no-person.csv", h + ",Course,2026-03-02,,,,\n", 2, []string{"column person", "empty"}},
		{"bad-date.csv", h + "a@x,Course,02/03/2026,,,,\n", 2, []string{"column completed_on", `"02/03/2026"`}},
		{"sim-no-date.csv", h + "a@x,,,Sim,yes,,\n", 2, []string{"column completed_on", "day the email was sent"}},
		{"bad-clicked.csv", h + "a@x,,2026-03-02,Sim,clicked,,\n", 2, []string{"column clicked", `"clicked"`}},
		{"bad-healthcare.csv", h + "a@x,Course,2026-03-02,,,,maybe\n", 2, []string{"column healthcare", `"maybe"`}},
		{"clicked-no-sim.csv", h + "a@x,Course,2026-03-02,,yes,,\n", 2, []string{"column clicked", "simulation is empty"}},
		{"twice.csv", h + "a@x,,2026-03-02,Sim,yes,,\nA@X,,2026-03-02,Sim,no,,\n", 3, []string{"listed twice", "lines 2 and 3"}},
		{"empty-row.csv", h + "a@x,,2026-03-02,,,,\n", 2, []string{"neither a course nor a simulation"}},
		{"short-row.csv", h + "a@x,Course\n", 2, []string{"2 cells", "7 columns"}},
		{"no-course-column.csv", "person,completed_on,clicked\na@x,2026-03-02,yes\n", 1, []string{"course or simulation"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, TrainingCSV{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

func TestTrainingCSVDetectsByHeader(t *testing.T) {
	for text, want := range map[string]bool{
		"person,course,completed_on\n":               true,
		"Person;Simulation;Clicked\n":                true,
		"person,course\n":                            false,
		"name,course,completed_on\n":                 false,
		"job,asset,end,result\n":                     false,
		"\xEF\xBB\xBFperson,course,completed_on\r\n": true,
	} {
		if got := (TrainingCSV{}).Detect("t.csv", []byte(text)); got != want {
			t.Errorf("Detect(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzTrainingCSV(f *testing.F) {
	bkFuzz(f, TrainingCSV{}, bkFixture(f, "training_csv", "training.csv"),
		[]byte("person;simulation;completed_on;clicked;reported\na;S;2026-01-01;1;0\nb;S;2026-01-01;0;1\n"))
}
