package web

import (
	"errors"
	"net/http"
	"net/url"

	"triage/internal/audit"
	"triage/internal/store"
)

// answerSave saves one question. htmx posts it on every change and gets
// back the line saying who answered and when, plus the area's progress;
// without JavaScript the same post comes from the question's own button
// and returns to the questionnaire.
func (s *Server) answerSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	ctl, ok := s.questionControl(r.PathValue("control"), p.Country)
	if !ok {
		return store.ErrNotFound
	}
	q := question{PracticeID: p.ID, Control: ctl}
	ans, clear, err := parseAnswer(ctl, r.PostFormValue(q.A()), r.PostFormValue(q.K()), r.PostFormValue(q.N()))
	if err == nil {
		err = s.saveAnswer(r, p.ID, ctl.ID, ans, clear)
	}
	if err != nil && !isInvalid(err) {
		return err
	}
	if !isHTMX(r) {
		if err != nil {
			s.flash(r, "Not saved: "+formMessage(err))
		}
		return redirect(w, r, workspaceAreaPath(p.ID, ctl.Area)+"#q-"+ctl.ID)
	}
	set, lerr := s.st.Answers(ctx, t, p.ID)
	if lerr != nil {
		return lerr
	}
	q = newQuestion(p.ID, ctl, set)
	if err != nil {
		q.Error = formMessage(err)
	} else {
		q.Saved = true
	}
	byArea := s.questions(p.Country)
	return s.fragment(w, r, "answer_saved", struct {
		Q        question
		Progress []areaProgress
	}{q, progress(byArea, set, ctl.Area)})
}

// saveAnswer stores or clears one answer; clearing one that was never
// given is not an error.
func (s *Server) saveAnswer(r *http.Request, practiceID int64, controlID string, a audit.Answer, clear bool) error {
	ctx := r.Context()
	t := tenant(r)
	if clear {
		err := s.st.DeleteAnswer(ctx, t, practiceID, controlID)
		if errors.Is(err, store.ErrNotFound) {
			// Nothing to clear, or no such practice: tell them apart.
			_, err = s.st.Practice(ctx, t, practiceID)
		}
		return err
	}
	_, err := s.st.SaveAnswer(ctx, t, practiceID, controlID, a)
	return err
}

func workspaceAreaPath(practiceID int64, area audit.Area) string {
	return practicePath(practiceID) + "/workspace?area=" + url.QueryEscape(string(area))
}
