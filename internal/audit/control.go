package audit

// AnswerType is the shape of the answer a control's question expects.
type AnswerType string

// Answer types. YesNo accepts yes, partly, no and unknown.
const (
	AnswerYesNo  AnswerType = "yesno"
	AnswerNumber AnswerType = "number"
	AnswerDate   AnswerType = "date"
	AnswerList   AnswerType = "list"
)

// Control is one entry of the catalogue: what good looks like, how to ask
// about it, how to check it and how to fix it.
type Control struct {
	ID          string     `json:"id"`
	Area        Area       `json:"area"`
	Title       string     `json:"title"`
	Question    string     `json:"question"`
	AnswerType  AnswerType `json:"answer_type"`
	Why         string     `json:"why"`
	Remediation []string   `json:"remediation"`
	Likelihood  int        `json:"likelihood"`
	Impact      int        `json:"impact"`
	Effort      Effort     `json:"effort"`
	QuickWin    bool       `json:"quick_win"`
	Level       string     `json:"level"` // must or should
	// Countries limits the control to practices in these countries; empty
	// means everywhere.
	Countries []string    `json:"countries,omitempty"`
	Checks    []CheckSpec `json:"checks"`
	// Action is the id of the plan action that closes this control.
	Action string `json:"action"`
	// Mappings are filled from the framework files, keyed by framework id
	// (e8, hipaa, hph, hicp, cis, csf, racgp).
	Mappings map[string][]string `json:"mappings"`
}

// Risk is likelihood times impact, 1 to 25.
func (c Control) Risk() int { return c.Likelihood * c.Impact }

// AppliesTo reports whether the control is in scope for a practice's country.
func (c Control) AppliesTo(country string) bool {
	if len(c.Countries) == 0 {
		return true
	}
	for _, k := range c.Countries {
		if k == country {
			return true
		}
	}
	return false
}

// CheckSpec names one check kind and its parameters, as written in the
// catalogue YAML. Thresholds live here, not in Go code.
type CheckSpec struct {
	Kind   string         `json:"kind"`
	Params map[string]any `json:"params,omitempty"`
	// Partial marks evidence that covers only part of the control (a head
	// count of admins cannot show they were reviewed): its pass does not
	// overrule a worse answer about the rest.
	Partial bool `json:"partial,omitempty"`
}

// ActionDef is a remediation that may close several controls at once.
type ActionDef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Owner Owner  `json:"owner"`
}

// Framework is a set of requirements, each satisfied by catalogue controls.
type Framework struct {
	ID           string        `json:"id"`   // e8, hipaa, hph, hicp, cis, csf, racgp
	Name         string        `json:"name"` // shown in reports
	Requirements []Requirement `json:"requirements"`
}

// Requirement is one framework item and the controls that meet it.
type Requirement struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Strategy string   `json:"strategy,omitempty"` // Essential Eight only
	Level    int      `json:"level,omitempty"`    // Essential Eight maturity level
	Controls []string `json:"controls"`
}

// Catalog is the loaded, validated control catalogue.
type Catalog struct {
	Version    string      `json:"version"`
	Controls   []Control   `json:"controls"`
	Actions    []ActionDef `json:"actions"`
	Frameworks []Framework `json:"frameworks"`
}

// Control returns the control with the given id.
func (c *Catalog) Control(id string) (Control, bool) {
	for _, ctl := range c.Controls {
		if ctl.ID == id {
			return ctl, true
		}
	}
	return Control{}, false
}

// Action returns the action definition with the given id.
func (c *Catalog) Action(id string) (ActionDef, bool) {
	for _, a := range c.Actions {
		if a.ID == id {
			return a, true
		}
	}
	return ActionDef{}, false
}

// Framework returns the framework with the given id.
func (c *Catalog) Framework(id string) (Framework, bool) {
	for _, f := range c.Frameworks {
		if f.ID == id {
			return f, true
		}
	}
	return Framework{}, false
}
