package check

import "triage/internal/audit"

// Evidence indexes facts by kind so checks find what they need quickly.
type Evidence struct {
	facts  []audit.Fact
	byKind map[audit.FactKind][]audit.Fact
	gaps   map[string][]audit.Gap
}

// NewEvidence indexes facts. The slice order is kept, so results stay
// deterministic.
func NewEvidence(facts []audit.Fact) *Evidence {
	e := &Evidence{facts: facts, byKind: map[audit.FactKind][]audit.Fact{}, gaps: map[string][]audit.Gap{}}
	for _, f := range facts {
		e.byKind[f.Kind] = append(e.byKind[f.Kind], f)
		if f.Kind == audit.FactGap && f.Gap != nil {
			e.gaps[f.Gap.Topic] = append(e.gaps[f.Gap.Topic], *f.Gap)
		}
	}
	return e
}

// All returns every fact.
func (e *Evidence) All() []audit.Fact { return e.facts }

// Of returns the facts of one kind.
func (e *Evidence) Of(kind audit.FactKind) []audit.Fact { return e.byKind[kind] }

// Gaps returns the recorded gaps for a topic.
func (e *Evidence) Gaps(topic string) []audit.Gap { return e.gaps[topic] }

// Setting returns the first setting fact with the given name.
func (e *Evidence) Setting(name string) (audit.Fact, bool) {
	for _, f := range e.byKind[audit.FactSetting] {
		if f.Setting != nil && f.Setting.Name == name {
			return f, true
		}
	}
	return audit.Fact{}, false
}
