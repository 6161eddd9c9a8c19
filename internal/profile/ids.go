package profile

import (
	"cmp"
	"errors"
	"regexp"
	"slices"

	"triage/internal/audit"
)

var controlID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)

// ValidControlID reports whether id has the shape of a control id:
// upper-case letters, digits and single hyphens, starting with a letter.
func ValidControlID(id string) bool { return len(id) <= 64 && controlID.MatchString(id) }

// CheckAnswerIDs reports every control id in f, under answers: or
// accepted:, for which known returns false. The result joins one
// *audit.Error (EInvalid, at the id's line) per unknown id, in line order;
// nil when all are known.
func CheckAnswerIDs(f *AnswersFile, known func(id string) bool) error {
	if f == nil {
		return nil
	}
	var errs []*audit.Error
	for id, line := range f.answerLines {
		if !known(id) {
			errs = append(errs, audit.Invalid(f.Name, line, "answers: %s is not a control in the catalogue; check the spelling against the catalogue's control ids, or remove the answer", id))
		}
	}
	for id, line := range f.acceptedLines {
		if !known(id) {
			errs = append(errs, audit.Invalid(f.Name, line, "accepted: %s is not a control in the catalogue; check the spelling against the catalogue's control ids, or remove the entry", id))
		}
	}
	slices.SortFunc(errs, func(a, b *audit.Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	if len(errs) == 1 {
		return errs[0]
	}
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}
