package web

import (
	"errors"
	"net/http"
	"strings"

	"triage/internal/audit"
	"triage/internal/profile"
)

// practiceCreate adds a practice from a name and country, or from an
// uploaded practice.yaml.
func (s *Server) practiceCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := parseProfileUpload(w, r); err != nil {
		return err
	}
	view := practiceNewView{Name: strings.TrimSpace(r.FormValue("name")), Country: r.FormValue("country"), Countries: profile.Countries}
	text, name, err := uploadedProfile(r, "file")
	if err != nil {
		return err
	}
	if text == "" {
		text, err = practiceYAML(audit.Practice{Name: view.Name, Country: view.Country})
		if err != nil {
			return err
		}
		name = ""
	}
	p, err := s.st.CreatePractice(ctx, tenant(r), text)
	if isInvalid(err) {
		view.Error = userMessage(err)
		if name == "" {
			view.Error = formMessage(err)
		}
		s.render(w, r, http.StatusBadRequest, "practice_new", page{Title: "Add a practice", Tab: "practices", Data: view})
		return nil
	}
	if err != nil {
		return err
	}
	s.record(ctx, tenant(r), p.ID, "practice.create", p.Name)
	s.flash(r, "Added "+p.Name+". Fill in the profile, then open the workspace to add evidence and answer the questionnaire.")
	return redirect(w, r, practicePath(p.ID))
}

// formMessage is a profile error for someone who filled in a form rather
// than wrote a file: the field path and the fix, without a line number in
// a file they never saw.
func formMessage(err error) string {
	var e *audit.Error
	if errors.As(err, &e) && e.Msg != "" {
		msg := e.Msg
		if e.Err != nil {
			msg += ": " + e.Err.Error()
		}
		return msg
	}
	return userMessage(err)
}
