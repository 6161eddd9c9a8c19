package probe

// Level says how much a Problem matters, in the words a report uses.
type Level string

// The levels, from worst. Error means the protection does not work as
// published; Warning means it works but weaker than it should; Info is worth
// knowing and needs no action on its own.
const (
	Error   Level = "error"
	Warning Level = "warning"
	Info    Level = "info"
)

// Problem is one thing a check found, in plain words for a practice owner,
// with a stable Code that controls and tests can match on.
type Problem struct {
	Code  string `json:"code"` // e.g. "spf.all_softfail"; stable, never reworded
	Level Level  `json:"level"`
	Text  string `json:"text"` // one or two plain sentences: what and why
}
