package audit

// Answers is the practice's questionnaire, read from answers.yaml.
type Answers struct {
	AnsweredBy string                `json:"answered_by,omitempty"`
	AnsweredOn *Date                 `json:"answered_on,omitempty"`
	Answers    map[string]Answer     `json:"answers,omitempty"`
	Accepted   map[string]Acceptance `json:"accepted,omitempty"`
}

// AnswerKind says which field of an Answer holds the value.
type AnswerKind string

// Answer kinds. Choice holds yes, partly or no; Unknown and NA stand alone.
const (
	KindChoice  AnswerKind = "choice"
	KindUnknown AnswerKind = "unknown"
	KindNA      AnswerKind = "na"
	KindNumber  AnswerKind = "number"
	KindDate    AnswerKind = "date"
	KindList    AnswerKind = "list"
)

// Answer is one reply to a control's question.
type Answer struct {
	Kind   AnswerKind `json:"kind"`
	Choice string     `json:"choice,omitempty"` // yes, partly or no
	Number *float64   `json:"number,omitempty"`
	Date   *Date      `json:"date,omitempty"`
	List   []string   `json:"list,omitempty"`
	Note   string     `json:"note,omitempty"`
}

// String renders the answer's value as the practice would read it.
func (a Answer) String() string {
	switch a.Kind {
	case KindChoice:
		return a.Choice
	case KindUnknown:
		return "unknown"
	case KindNA:
		return "not applicable"
	case KindNumber:
		if a.Number != nil {
			return formatNumber(*a.Number)
		}
	case KindDate:
		if a.Date != nil {
			return a.Date.String()
		}
	case KindList:
		s := ""
		for i, v := range a.List {
			if i > 0 {
				s += ", "
			}
			s += v
		}
		return s
	}
	return ""
}

// Acceptance records that the practice knowingly accepts a risk until a date.
type Acceptance struct {
	Owner  string `json:"owner"`
	Reason string `json:"reason"`
	Until  Date   `json:"until"`
}
