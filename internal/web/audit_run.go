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

// auditRun queues an audit of the practice (a job of kind "audit", done by
// auditJob) and shows the job's status page, which links to the results
// when it is done.
func (s *Server) auditRun(w http.ResponseWriter, r *http.Request) error {
	return s.enqueue(w, r, JobAudit)
}

// evaluate runs the engine on a practice's stored inputs: the profile, the
// facts of every evidence file that imported, and the answers and accepted
// risks. The result is compared with the latest earlier audit.
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
