package web

import (
	"net/http"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/store"
)

// acceptanceSave records that the practice accepts a finding's risk: who
// decided, why, and until when. It counts from the next audit run.
func (s *Server) acceptanceSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	ctl, ok := s.cat.Control(r.PathValue("control"))
	if !ok {
		return store.ErrNotFound
	}
	back := s.backToResults(r, p.ID, ctl.ID)
	until, err := audit.ParseDate(strings.TrimSpace(r.PostFormValue("until")))
	if err != nil {
		s.flash(r, "Not saved: the review date: "+err.Error())
		return redirect(w, r, back)
	}
	if !until.Time().After(audit.DayIn(s.cfg.Now(), p.Location())) {
		s.flash(r, "Not saved: the review date must be in the future.")
		return redirect(w, r, back)
	}
	acc := audit.Acceptance{Owner: strings.TrimSpace(r.PostFormValue("owner")), Reason: strings.TrimSpace(r.PostFormValue("reason")), Until: until}
	if len(acc.Owner) > 200 || len(acc.Reason) > 2000 {
		s.flash(r, "Not saved: keep the owner under 200 characters and the reason under 2,000.")
		return redirect(w, r, back)
	}
	if _, err := s.st.SaveAcceptance(ctx, tenant(r), p.ID, ctl.ID, acc); err != nil {
		if isInvalid(err) {
			s.flash(r, "Not saved: "+formMessage(err))
			return redirect(w, r, back)
		}
		return err
	}
	s.record(ctx, tenant(r), p.ID, "acceptance.save", ctl.ID)
	s.flash(r, "Risk accepted for "+ctl.ID+" until "+until.String()+". It shows as accepted from the next audit run.")
	return redirect(w, r, back)
}

// backToResults is the results page a form on it came from, at the
// finding or action it was about. The audit id is checked to be a number;
// the page itself checks it belongs to the practice.
func (s *Server) backToResults(r *http.Request, practiceID int64, anchor string) string {
	id, err := strconv.ParseInt(r.PostFormValue("audit"), 10, 64)
	if err != nil || id <= 0 {
		return practicePath(practiceID)
	}
	return auditPath(practiceID, id) + "#" + anchor
}
