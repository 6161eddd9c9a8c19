package web

import (
	"net/http"

	"triage/internal/audit"
	"triage/internal/store"
)

type workspaceView struct {
	PracticeID int64
	Evidence   []evidenceRow
	MaxUpload  int64
	MaxFiles   int
	Area       audit.Area
	Progress   []areaProgress
	Questions  []question
	Answered   int
	Total      int
	Latest     *store.Audit
}

type evidenceRow struct {
	store.Evidence
	UploadedByName string
}

// workspaceShow is where an audit is prepared: evidence files, the
// questionnaire one area at a time, and the button that runs the audit.
func (s *Server) workspaceShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	files, err := s.st.EvidenceFiles(ctx, t, p.ID)
	if err != nil {
		return err
	}
	set, err := s.st.Answers(ctx, t, p.ID)
	if err != nil {
		return err
	}
	byArea := s.questions(p.Country)
	area := audit.Area(r.URL.Query().Get("area"))
	if len(byArea[area]) == 0 {
		area = firstArea(byArea, set)
	}
	v := workspaceView{PracticeID: p.ID, MaxUpload: s.cfg.MaxUpload >> 20, MaxFiles: maxUploadFiles, Area: area,
		Progress: progress(byArea, set, area)}
	for _, pr := range v.Progress {
		v.Answered += pr.Answered
		v.Total += pr.Total
	}
	names := s.nameCache()
	for _, f := range files {
		v.Evidence = append(v.Evidence, evidenceRow{Evidence: f, UploadedByName: names(ctx, f.UploadedBy)})
	}
	for _, c := range byArea[area] {
		v.Questions = append(v.Questions, newQuestion(p.ID, c, set))
	}
	// The headline of the latest audit is all the page shows: list the
	// audits (no reports decoded) rather than load the latest in full.
	audits, err := s.st.Audits(ctx, t, p.ID)
	if err != nil {
		return err
	}
	if len(audits) > 0 {
		v.Latest = &audits[0]
	}
	s.render(w, r, http.StatusOK, "workspace", page{Title: "Workspace: " + p.Name, Practice: &p, Tab: "workspace", Data: v})
	return nil
}

// firstArea is the first area with an unanswered question, so coming back
// to the questionnaire opens where the work is.
func firstArea(byArea map[audit.Area][]audit.Control, set store.AnswerSet) audit.Area {
	for _, a := range audit.Areas {
		for _, c := range byArea[a] {
			if _, ok := set.Answers.Answers[c.ID]; !ok {
				return a
			}
		}
	}
	return audit.Areas[0]
}
