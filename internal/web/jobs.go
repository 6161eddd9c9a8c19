package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/jobs"
	"triage/internal/store"
)

// Kinds of job the workspace queues.
const (
	JobAudit = "audit" // run the audit on the stored inputs
	JobScan  = "scan"  // scan the practice's domains and public addresses
)

// jobPayload is what a job remembers of the request that queued it: who
// asked, so the audit log names them.
type jobPayload struct {
	UserID int64 `json:"user_id"`
}

// jobResult is a finished job's result: the audit it saved, or the
// evidence file a scan wrote and the scan's progress lines.
type jobResult struct {
	AuditID    int64    `json:"audit_id,omitempty"`
	EvidenceID int64    `json:"evidence_id,omitempty"`
	Facts      int      `json:"facts,omitempty"`
	Progress   []string `json:"progress,omitempty"`
}

// JobHandlers are the handlers for the jobs the web application queues,
// for a jobs.Runner. scan does the network part of a scan job; nil means
// ProbeScan.
func (s *Server) JobHandlers(scan ScanFunc) map[string]jobs.Handler {
	if scan == nil {
		scan = ProbeScan
	}
	return map[string]jobs.Handler{
		JobAudit: s.auditJob,
		JobScan:  func(ctx context.Context, j *jobs.Job) (any, error) { return s.scanJob(ctx, j, scan) },
	}
}

func (s *Server) queue() *jobs.Queue { return jobs.New(s.st) }

// enqueue queues a job for the practice in the path and sends the browser
// to its status page.
func (s *Server) enqueue(w http.ResponseWriter, r *http.Request, kind string) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	u := userFrom(r)
	id, err := s.queue().Enqueue(r.Context(), tenant(r), kind, p.ID, jobPayload{UserID: u.ID})
	if err != nil {
		return err
	}
	return redirect(w, r, jobPath(p.ID, id))
}

func jobPath(practiceID, jobID int64) string {
	return practicePath(practiceID) + "/jobs/" + strconv.FormatInt(jobID, 10)
}

// jobTenant is who a job acts as: the user who queued it, within the
// job's practice only.
func jobTenant(j *jobs.Job) (store.Tenant, error) {
	var p jobPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return store.Tenant{}, jobs.Permanent(fmt.Errorf("job %d: reading the payload: %w", j.ID, err))
	}
	if j.PracticeID == 0 {
		return store.Tenant{}, jobs.Permanent(fmt.Errorf("job %d: a %s job needs a practice", j.ID, j.Kind))
	}
	return store.Tenant{UserID: p.UserID, Role: store.RolePractice, PracticeID: j.PracticeID}, nil
}

// permanentIf makes bad input and a missing practice fail at once:
// retrying cannot fix them.
func permanentIf(err error) error {
	switch audit.ErrorCode(err) {
	case audit.EInvalid, audit.ENotFound, audit.EForbidden:
		return jobs.Permanent(err)
	}
	return err
}

// auditJob audits the practice as of today from what is stored (see
// evaluate), compares it with the latest earlier audit and saves it.
func (s *Server) auditJob(ctx context.Context, j *jobs.Job) (any, error) {
	t, err := jobTenant(j)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Practice(ctx, t, j.PracticeID)
	if err != nil {
		return nil, permanentIf(err)
	}
	now := s.cfg.Now()
	res, err := s.evaluate(ctx, t, p, audit.DayIn(now, p.Location()))
	if err != nil {
		return nil, permanentIf(err)
	}
	res.GeneratedAt = now.UTC().Format(time.RFC3339)
	saved, err := s.st.SaveAudit(ctx, t, p.ID, res)
	if err != nil {
		return nil, permanentIf(err)
	}
	s.record(ctx, t, p.ID, "audit.run", res.AsOf)
	return jobResult{AuditID: saved.ID}, nil
}

// jobView is the status page's data.
type jobView struct {
	Job      *jobs.Job
	Path     string
	Result   jobResult
	Finished bool
	// Lines are the progress lines: the result's once the job is done,
	// else what the running attempt has reported so far.
	Lines []string
	Title string
}

// jobShow is a job's status page. The job must belong to the practice in
// the path, and the jobs API checks the viewer may see it, so another
// practice's job is "not found". Until the job finishes, htmx asks for the
// status again every two seconds; without JavaScript, a Refresh link does.
func (s *Server) jobShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "jid")
	if err != nil {
		return err
	}
	j, err := s.queue().Job(r.Context(), tenant(r), id)
	if err != nil {
		return err
	}
	if j.PracticeID != p.ID {
		return store.ErrNotFound
	}
	v := jobView{Job: j, Path: jobPath(p.ID, j.ID), Finished: j.Status == jobs.Done || j.Status == jobs.Failed}
	if len(j.Result) > 0 {
		if err := json.Unmarshal(j.Result, &v.Result); err != nil {
			return fmt.Errorf("web: job %d: reading the result: %w", j.ID, err)
		}
	}
	v.Lines = v.Result.Progress
	if j.Status == jobs.Running && j.Progress != "" {
		v.Lines = strings.Split(j.Progress, "\n")
	}
	switch j.Kind {
	case JobAudit:
		v.Title = "Audit"
	case JobScan:
		v.Title = "External scan"
	default:
		v.Title = "Job"
	}
	if isHTMX(r) {
		return s.jobFragment(w, v)
	}
	s.render(w, r, http.StatusOK, "job", page{Title: v.Title, Practice: &p, Tab: "workspace", Data: v})
	return nil
}

// jobFragment is the status box alone, the answer to htmx's polling.
func (s *Server) jobFragment(w http.ResponseWriter, v jobView) error {
	t, ok := s.pages["job"]
	if !ok {
		return errors.New("web: no page template \"job\"")
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "job-status", v); err != nil {
		return fmt.Errorf("web: fragment job-status: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(b.Bytes())
	return err
}
