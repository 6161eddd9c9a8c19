package audit

// SchemaVersion is the version of the JSON report. Later versions only add
// fields.
const SchemaVersion = 1

// Subject is one thing a finding is about: an account, person, device,
// domain, job, program, service or setting, with its evidence.
type Subject struct {
	ID     string  `json:"id"`
	Kind   string  `json:"kind"`
	Detail string  `json:"detail"`
	Source *Source `json:"source,omitempty"`
}

// Finding is the verdict on one control.
type Finding struct {
	ControlID string `json:"control_id"`
	Area      Area   `json:"area"`
	Title     string `json:"title"`
	Status    Status `json:"status"`
	Reason    string `json:"reason"`
	Risk      int    `json:"risk"`
	// Likelihood and Impact (1-5) make up Risk; Likelihood is 5 when the
	// finding is urgent.
	Likelihood int       `json:"likelihood"`
	Impact     int       `json:"impact"`
	Urgency    []string  `json:"urgency"`
	Severity   Severity  `json:"severity,omitempty"` // set for warn and fail
	Subjects   []Subject `json:"subjects"`
	Answer     string    `json:"answer,omitempty"`
	// Contradiction says how an answer disagrees with the evidence.
	Contradiction string              `json:"contradiction,omitempty"`
	Why           string              `json:"why"`
	Remediation   []string            `json:"remediation"`
	Effort        Effort              `json:"effort"`
	QuickWin      bool                `json:"quick_win"`
	Accepted      *Acceptance         `json:"accepted,omitempty"`
	Mappings      map[string][]string `json:"mappings"`
}

// Scores are 0-100, overall and per area. Coverage is the share of
// applicable controls that could be judged.
type Scores struct {
	Overall  int          `json:"overall"`
	Rating   string       `json:"rating"`
	Coverage int          `json:"coverage"`
	Cap      string       `json:"cap,omitempty"` // why the overall score was held down
	Areas    map[Area]int `json:"areas"`
}

// E8Strategy is the Essential Eight maturity of one mitigation strategy.
type E8Strategy struct {
	Level int      `json:"level"`
	Gaps  []string `json:"gaps"`
	// Unknown lists requirements that could not be judged; they count as not
	// met for the level.
	Unknown []string `json:"unknown,omitempty"`
}

// Action is one step of the plan, closing one or more findings.
type Action struct {
	Rank       int      `json:"rank"`
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Why        string   `json:"why"`
	Band       Band     `json:"band"`
	Effort     Effort   `json:"effort"`
	QuickWin   bool     `json:"quick_win"`
	Owner      Owner    `json:"owner"`
	Risk       int      `json:"risk"`
	Urgent     bool     `json:"urgent,omitempty"`
	ControlIDs []string `json:"control_ids"`
}

// Diff compares an audit with an earlier one of the same practice.
type Diff struct {
	PreviousAsOf string   `json:"previous_as_of,omitempty"`
	ScoreChange  int      `json:"score_change"`
	Fixed        []string `json:"fixed"`
	New          []string `json:"new"`
	StillFailing []string `json:"still_failing"`
	Changed      []Change `json:"changed"`
}

// Change is a control whose status moved without being fixed or new.
type Change struct {
	ControlID string `json:"control_id"`
	From      Status `json:"from"`
	To        Status `json:"to"`
}

// PracticeRef names the audited practice in a report.
type PracticeRef struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

// EvidenceFile is one input file the audit read.
type EvidenceFile struct {
	File   string `json:"file"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Facts  int    `json:"facts,omitempty"`
}

// IdentityJoin says how the accounts in the evidence matched the staff list:
// accounts that match nobody are listed, never guessed, since each is
// either a person missing from practice.yaml or a login nobody owns.
type IdentityJoin struct {
	People    int       `json:"people"`    // staff in practice.yaml
	Accounts  int       `json:"accounts"`  // enabled personal accounts judged
	Matched   int       `json:"matched"`   // of those, matched to a person
	Unmatched []Subject `json:"unmatched"` // the rest, with provenance
}

// ReferenceData names the public reference data the audit matched against,
// so a reader knows how current its end-of-life and exploited-flaw verdicts are.
type ReferenceData struct {
	KEVCatalogVersion string `json:"kev_catalog_version"`
	KEVReleased       string `json:"kev_released"`
	KEVCount          int    `json:"kev_count"`
	LifecycleDate     string `json:"lifecycle_date"`
	DataDate          string `json:"data_date"`
}

// Result is a whole audit: the JSON report's content.
type Result struct {
	SchemaVersion  int                   `json:"schema_version"`
	ToolVersion    string                `json:"tool_version"`
	Practice       PracticeRef           `json:"practice"`
	AsOf           string                `json:"as_of"`
	GeneratedAt    string                `json:"generated_at,omitempty"`
	CatalogVersion string                `json:"catalog_version"`
	Scores         Scores                `json:"scores"`
	EssentialEight map[string]E8Strategy `json:"essential_eight"`
	E8Level        int                   `json:"e8_level"`
	Counts         map[Status]int        `json:"counts"`
	Findings       []Finding             `json:"findings"`
	Actions        []Action              `json:"actions"`
	Evidence       []EvidenceFile        `json:"evidence,omitempty"`
	ReferenceData  *ReferenceData        `json:"reference_data,omitempty"`
	Identity       *IdentityJoin         `json:"identity,omitempty"`
	Diff           *Diff                 `json:"diff,omitempty"`
}

// Finding returns the finding for a control id.
func (r *Result) Finding(id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ControlID == id {
			return f, true
		}
	}
	return Finding{}, false
}
