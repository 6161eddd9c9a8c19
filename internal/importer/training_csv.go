package importer

import (
	"io"
	"strings"

	"triage/internal/audit"
)

// TrainingCSV reads Triage's training CSV: who completed which security
// course, and who clicked or reported which phishing simulation, for
// practices whose training platform has no export Triage reads, or who
// keep a training log by hand. docs/training-csv.md has the columns and
// rules. A row with a course is a training record; a row with a
// simulation is one person's result in it, and the rows of one simulation
// on one day add up to one simulation fact.
type TrainingCSV struct{}

// Name implements Importer.
func (TrainingCSV) Name() string { return "training_csv" }

// Detect implements Importer: a header with person, course or simulation,
// and completed_on, clicked or reported.
func (TrainingCSV) Detect(_ string, head []byte) bool {
	_, cols, ok := exportHeaderOf(head)
	if !ok {
		return false
	}
	has := func(k string) bool { _, found := cols[k]; return found }
	return has("person") && (has("course") || has("simulation")) && (has("completed_on") || has("clicked") || has("reported"))
}

// trnSim adds up the rows of one simulation on one day.
type trnSim struct {
	line   int
	sim    audit.PhishSim
	people map[string]int // person (lower case) -> line
}

// Import implements Importer.
func (TrainingCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, err
	}
	if !t.has("person") || !(t.has("course") || t.has("simulation")) {
		return nil, audit.Invalid(name, t.hdrLine, "the file needs a person column and a course or simulation column; see docs/training-csv.md")
	}
	facts := []audit.Fact{}
	sims := map[string]*trnSim{}
	var order []string
	for _, row := range t.rows {
		c := trnCells{exportCells{t: t, row: row}}
		tr, err := trnTraining(c)
		if err != nil {
			return nil, err
		}
		if tr != nil {
			facts = append(facts, audit.Fact{Kind: audit.FactTraining, Source: audit.Source{Line: row.line}, Training: tr})
		}
		key, err := trnSimRow(c, sims)
		if err != nil {
			return nil, err
		}
		if key != "" && sims[key].line == row.line {
			order = append(order, key)
		}
		if tr == nil && key == "" {
			return nil, audit.Invalid(name, row.line, "this row has neither a course nor a simulation")
		}
	}
	for _, k := range order {
		s := sims[k]
		sim := s.sim
		facts = append(facts, audit.Fact{Kind: audit.FactPhishSim, Source: audit.Source{Line: s.line}, PhishSim: &sim})
	}
	return facts, nil
}

// trnCells reads the cells of one row.
type trnCells struct{ exportCells }

// person returns the row's person, which every row needs.
func (c trnCells) person() (string, error) {
	p := c.get("person")
	if p == "" {
		return "", c.errorf("person", "is empty; write the person's email (or name as in practice.yaml)")
	}
	return p, nil
}

// healthcare reads the healthcare column; empty falls back to the themes
// in the names (lureHealthcare).
func (c trnCells) healthcare(names ...string) (bool, error) {
	v := c.get("healthcare")
	if v == "" {
		return lureHealthcare(names...), nil
	}
	on, ok := exportBool(v)
	if !ok {
		return false, c.errorf("healthcare", "%s is not yes, no, true, false, 1 or 0 (leave it empty to decide from the name)", exportQuote(v))
	}
	return on, nil
}

// trnTraining reads the row's course; nil when it has none.
func trnTraining(c trnCells) (*audit.Training, error) {
	course := c.get("course")
	if course == "" {
		return nil, nil
	}
	person, err := c.person()
	if err != nil {
		return nil, err
	}
	hc, err := c.healthcare(course)
	if err != nil {
		return nil, err
	}
	t := &audit.Training{Person: person, Course: course, Healthcare: hc}
	if v := c.get("completed_on"); v != "" {
		d, err := audit.ParseDate(v)
		if err != nil {
			return nil, c.errorf("completed_on", "%s is not a date in the form YYYY-MM-DD", exportQuote(v))
		}
		t.CompletedOn = &d
	}
	return t, nil
}

// trnSimRow adds the row's simulation result to its simulation and
// returns the simulation's key, or "" when the row has none.
func trnSimRow(c trnCells, sims map[string]*trnSim) (string, error) {
	name := c.get("simulation")
	if name == "" {
		for _, k := range []string{"clicked", "reported"} {
			if c.get(k) != "" {
				return "", c.errorf(k, "is set but simulation is empty; name the simulation")
			}
		}
		return "", nil
	}
	person, err := c.person()
	if err != nil {
		return "", err
	}
	on := c.get("completed_on")
	d, err := audit.ParseDate(on)
	if err != nil {
		return "", c.errorf("completed_on", "%s is not a date in the form YYYY-MM-DD; for a simulation it is the day the email was sent", exportQuote(on))
	}
	clicked, err := trnYes(c, "clicked")
	if err != nil {
		return "", err
	}
	reported, err := trnYes(c, "reported")
	if err != nil {
		return "", err
	}
	hc, err := c.healthcare(name)
	if err != nil {
		return "", err
	}
	key := strings.ToLower(name) + "\x00" + d.String()
	s, ok := sims[key]
	if !ok {
		s = &trnSim{line: c.row.line, sim: audit.PhishSim{Campaign: name, Date: d}, people: map[string]int{}}
		sims[key] = s
	}
	if prev, dup := s.people[strings.ToLower(person)]; dup {
		return "", c.errorf("person", "%s is listed twice for simulation %s on %s (lines %d and %d); keep one row per person", exportQuote(person), exportQuote(name), d, prev, c.row.line)
	}
	s.people[strings.ToLower(person)] = c.row.line
	s.sim.Recipients++
	if clicked {
		s.sim.Clicked++
	}
	if reported {
		s.sim.Reported++
	}
	s.sim.Healthcare = s.sim.Healthcare || hc
	return key, nil
}

// trnYes reads clicked or reported; empty counts as no.
func trnYes(c trnCells, key string) (bool, error) {
	v := c.get(key)
	if v == "" {
		return false, nil
	}
	on, ok := exportBool(v)
	if !ok {
		return false, c.errorf(key, "%s is not yes, no, true, false, 1 or 0", exportQuote(v))
	}
	return on, nil
}
