package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"triage/internal/audit"
	"triage/internal/engine"
	"triage/internal/store"
)

// auditRun audits the practice as of today from what is stored: the
// profile, the facts of every evidence file that imported, and the
// answers and accepted risks. The result is compared with the latest
// earlier audit and saved.
func (s *Server) auditRun(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	res, err := s.evaluate(ctx, t, p, audit.Day(s.cfg.Now()))
	if err != nil {
		return err
	}
	res.GeneratedAt = s.cfg.Now().UTC().Format(time.RFC3339)
	saved, err := s.st.SaveAudit(ctx, t, p.ID, res)
	if err != nil {
		return err
	}
	s.record(ctx, t, p.ID, "audit.run", res.AsOf)
	return redirect(w, r, auditPath(p.ID, saved.ID))
}

// evaluate runs the engine on a practice's stored inputs.
func (s *Server) evaluate(ctx context.Context, t store.Tenant, p store.Practice, asOf time.Time) (*audit.Result, error) {
	prof, err := p.Profile()
	if err != nil {
		return nil, err
	}
	facts, files, err := s.st.EvidenceFacts(ctx, t, p.ID)
	if err != nil {
		return nil, err
	}
	set, err := s.st.Answers(ctx, t, p.ID)
	if err != nil {
		return nil, err
	}
	facts, ref := s.cfg.Enrich(facts, asOf)
	res := engine.Evaluate(s.cat, facts, set.Answers, prof, asOf)
	res.ToolVersion = s.cfg.ToolVersion
	res.Evidence = files
	res.ReferenceData = ref
	prev, err := s.st.LatestAudit(ctx, t, p.ID)
	switch {
	case err == nil:
		d := engine.Diff(prev.Result, &res)
		res.Diff = &d
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return &res, nil
}
