package profile

import (
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

var (
	answersFields    = []string{"answered_by", "answered_on", "answers", "accepted"}
	answerFields     = []string{"value", "note"}
	acceptanceFields = []string{"owner", "reason", "until"}
)

// AnswersFile is answers.yaml as read: the answers, and the line of each
// control id so that later checks (CheckAnswerIDs) can point at it.
type AnswersFile struct {
	Name    string // as given to LoadAnswers, used in messages
	Answers audit.Answers

	answerLines   map[string]int
	acceptedLines map[string]int
}

// AnswerLine returns the line of id under answers:, or 0.
func (f *AnswersFile) AnswerLine(id string) int { return f.answerLines[id] }

// AcceptedLine returns the line of id under accepted:, or 0.
func (f *AnswersFile) AcceptedLine(id string) int { return f.acceptedLines[id] }

// LoadAnswers reads answers.yaml from r, keeping the line of every control
// id for CheckAnswerIDs. name is used in error messages. Every error is an
// *audit.Error with code EInvalid, the file name and the line of the
// offending value.
func LoadAnswers(name string, r io.Reader) (*AnswersFile, error) {
	root, err := readDocument(name, r)
	if err != nil {
		return nil, err
	}
	f := &AnswersFile{Name: name, answerLines: map[string]int{}, acceptedLines: map[string]int{}}
	if err := (&reader{name: name}).answers(root, f); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadAnswersFile reads answers.yaml from path; errors name the path as
// given.
func LoadAnswersFile(path string) (*AnswersFile, error) {
	file, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return LoadAnswers(path, file)
}

func (r *reader) answers(root *yaml.Node, f *AnswersFile) error {
	a := &f.Answers
	return r.mapping(root, "", answersFields, func(key string, fl field) error {
		switch key {
		case "answered_by":
			s, err := r.text(fl.val, key)
			a.AnsweredBy = s
			return err
		case "answered_on":
			d, err := r.date(fl.val, key)
			a.AnsweredOn = &d
			return err
		case "answers":
			a.Answers = map[string]audit.Answer{}
			return r.idMapping(fl.val, key, f.answerLines, func(id string, v *yaml.Node) error {
				ans, err := r.answer(v, "answers."+id)
				a.Answers[id] = ans
				return err
			})
		case "accepted":
			a.Accepted = map[string]audit.Acceptance{}
			return r.idMapping(fl.val, key, f.acceptedLines, func(id string, v *yaml.Node) error {
				acc, err := r.acceptance(v, "accepted."+id)
				a.Accepted[id] = acc
				return err
			})
		}
		return nil
	})
}

// idMapping walks a mapping keyed by control ids, recording each id's line.
// Null is an empty mapping.
func (r *reader) idMapping(n *yaml.Node, where string, lines map[string]int, fn func(id string, v *yaml.Node) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return r.errf(n, "%s must be a mapping of control ids to answers, like ACC-MFA-ALL: yes, not %s", where, describe(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id, err := r.key(k, where)
		if err != nil {
			return err
		}
		if !ValidControlID(id) {
			hint := "control ids are upper-case letters, digits and hyphens, like ACC-MFA-ALL"
			if up := strings.ToUpper(strings.TrimSpace(id)); ValidControlID(up) {
				hint = "write it as " + up
			}
			return r.errf(k, "%s: %q is not a control id; %s", where, id, hint)
		}
		if line, dup := lines[id]; dup {
			return r.errf(k, "%s: %s is given twice (first on line %d); keep one", where, id, line)
		}
		lines[id] = k.Line
		if v.Kind == yaml.AliasNode {
			return r.errf(v, "%s.%s is an alias (*%s); write the value out instead", where, id, v.Value)
		}
		if err := fn(id, v); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) acceptance(n *yaml.Node, where string) (audit.Acceptance, error) {
	var a audit.Acceptance
	seen := map[string]bool{}
	err := r.mapping(n, where, acceptanceFields, func(key string, f field) error {
		seen[key] = true
		var err error
		path := where + "." + key
		switch key {
		case "owner":
			a.Owner, err = r.required(f.val, path, "who accepts the risk, like owner: Dr Jane Smith")
		case "reason":
			a.Reason, err = r.required(f.val, path, "why the risk is accepted")
		case "until":
			a.Until, err = r.date(f.val, path)
		}
		return err
	})
	if err != nil {
		return a, err
	}
	for _, k := range acceptanceFields {
		if !seen[k] {
			return a, r.errf(n, "%s has no %s; an accepted risk needs owner, reason and until (the date to look at it again)", where, k)
		}
	}
	return a, nil
}
