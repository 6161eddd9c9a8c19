package web

import (
	"fmt"
	"net/http"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
	"triage/internal/report"
)

// answersSave is the questionnaire's Save button, for browsers without
// JavaScript (and anyone who prefers it): it saves every question of the
// area whose fields differ from what the page showed, and no other.
func (s *Server) answersSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	area := audit.Area(r.PostFormValue("area"))
	controls := s.questions(p.Country)[area]
	if len(controls) == 0 {
		return invalidInput("the form named no area of the questionnaire; reload the page and try again")
	}
	var problems []string
	saved := 0
	for _, ctl := range controls {
		q := question{Control: ctl}
		if _, shown := r.PostForm[q.O()]; !shown {
			continue // not on the page that was sent
		}
		value, special, note := r.PostFormValue(q.A()), r.PostFormValue(q.K()), r.PostFormValue(q.N())
		if fingerprint(value, special, note) == r.PostFormValue(q.O()) {
			continue
		}
		ans, clear, err := parseAnswer(ctl, value, special, note)
		if err == nil {
			err = s.saveAnswer(r, p.ID, ctl.ID, ans, clear)
		}
		if err != nil {
			if !isInvalid(err) {
				return err
			}
			problems = append(problems, "Not saved: "+formMessage(err))
			continue
		}
		saved++
	}
	msg := fmt.Sprintf("Saved %s in %s.", words.Count(saved, "answer", "answers"), report.AreaTitle(area))
	if saved == 0 && len(problems) == 0 {
		msg = "Nothing had changed."
	}
	s.flash(r, strings.Join(append([]string{msg}, problems...), "\n"))
	return redirect(w, r, workspaceAreaPath(p.ID, area)+"#questionnaire")
}
