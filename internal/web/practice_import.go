package web

import (
	"net/http"
)

// practiceImport replaces the profile with an uploaded practice.yaml. A
// file with a mistake changes nothing, and the message names its line.
func (s *Server) practiceImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	if err := parseProfileUpload(w, r); err != nil {
		return err
	}
	text, name, err := uploadedProfile(r, "file")
	if err != nil {
		return err
	}
	if text == "" {
		s.flash(r, "Choose a practice.yaml file to import.")
		return redirect(w, r, practicePath(p.ID))
	}
	updated, err := s.st.UpdatePracticeProfile(ctx, tenant(r), p.ID, text)
	if isInvalid(err) {
		prof, perr := p.Profile()
		if perr != nil {
			return perr
		}
		return s.showPractice(w, r, p, formFromProfile(prof), name+" was not imported, nothing changed: "+userMessage(err), http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	s.record(ctx, tenant(r), p.ID, "practice.import", name)
	s.flash(r, "Imported "+name+".")
	return redirect(w, r, practicePath(updated.ID))
}
