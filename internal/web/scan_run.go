package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"triage/internal/audit"
	"triage/internal/importer"
	"triage/internal/jobs"
	"triage/internal/probe/dnsx"
	"triage/internal/probe/scan"
	"triage/internal/refdata"
	"triage/internal/store"
)

// ScanEvidenceName is the evidence file a scan job writes; each scan
// replaces the last one's.
const ScanEvidenceName = "external-scan.json"

// ScanFunc scans a practice's domains and public IP addresses from the
// internet and returns the facts. progress is told one line per finished
// step and may be called from several goroutines.
type ScanFunc func(ctx context.Context, p audit.Practice, progress func(line string)) ([]audit.Fact, error)

// ProbeScan is the scan of internal/probe/scan with the system's resolver
// (/etc/resolv.conf) and the built-in known-exploited catalogue. `triage
// serve` passes its own, which also reads updated reference data.
func ProbeScan(ctx context.Context, p audit.Practice, progress func(string)) ([]audit.Fact, error) {
	var ips []netip.Addr
	for _, s := range p.PublicIPs {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			return nil, audit.Invalid("practice.yaml", 0, "public_ips: %q is not an IP address", s)
		}
		ips = append(ips, a.Unmap())
	}
	server, err := dnsx.ServerFromResolvConf("/etc/resolv.conf")
	if err != nil {
		return nil, err
	}
	cfg := scan.Config{
		Domains:  p.Domains,
		IPs:      ips,
		Resolver: &dnsx.Client{Server: server, Timeout: dnsx.DefaultTimeout, Attempts: dnsx.DefaultAttempts},
		Progress: func(st scan.Step) { progress(StepLine(st)) },
	}
	if data, err := refdata.Embedded(); err == nil {
		cfg.KEVLookup = func(vendor, product, _ string) []string {
			var ids []string
			for _, e := range data.KEVFor(vendor, product) {
				ids = append(ids, e.CVE)
			}
			return ids
		}
	}
	return scan.Scan(ctx, cfg)
}

// StepLine is a scan step as a progress line, as `triage scan` prints it.
func StepLine(st scan.Step) string { return fmt.Sprintf("%s %s ... %s", st.Kind, st.Target, st.Status) }

// scanRun queues a scan of the practice (a job of kind "scan") and shows
// the job's status page.
func (s *Server) scanRun(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	prof, err := p.Profile()
	if err != nil {
		return err
	}
	if len(prof.Domains) == 0 && len(prof.PublicIPs) == 0 {
		return invalidInput("There is nothing to scan: add the practice's domains or public IP addresses to its profile first.")
	}
	return s.enqueue(w, r, JobScan)
}

// scanJob scans the practice's domains and public addresses and stores
// the facts as the evidence file external-scan.json, which the next audit
// reads. Its progress lines are written to the job while it runs (for the
// status page) and kept in its result when it finishes.
func (s *Server) scanJob(ctx context.Context, j *jobs.Job, run ScanFunc) (any, error) {
	t, err := jobTenant(j)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Practice(ctx, t, j.PracticeID)
	if err != nil {
		return nil, permanentIf(err)
	}
	prof, err := p.Profile()
	if err != nil {
		return nil, permanentIf(err)
	}
	if len(prof.Domains) == 0 && len(prof.PublicIPs) == 0 {
		return nil, jobs.Permanent(invalidInput("the practice's profile lists no domains or public IP addresses to scan"))
	}
	progress := s.startProgress(ctx, j)
	facts, err := run(ctx, prof, progress.add)
	lines := progress.stop()
	if err == nil && ctx.Err() != nil {
		// A half-finished scan would read as "nothing found".
		err = fmt.Errorf("the scan was stopped before it finished: %w", ctx.Err())
	}
	if err != nil {
		// Shown at once rather than retried for minutes: the user can
		// scan again.
		return nil, jobs.Permanent(err)
	}
	var buf bytes.Buffer
	if err := importer.WriteFacts(&buf, facts); err != nil {
		return nil, err
	}
	imp, err := importer.ImportBytes(ScanEvidenceName, buf.Bytes())
	if err != nil {
		return nil, permanentIf(err)
	}
	if len(imp.Files) == 0 {
		return nil, jobs.Permanent(fmt.Errorf("the scan's facts.json was not recognised"))
	}
	ev, err := s.st.SaveEvidence(ctx, t, p.ID, store.NewEvidence{Name: ScanEvidenceName, Kind: imp.Files[0].Kind,
		SHA256: imp.Files[0].SHA256, Size: int64(buf.Len()), Facts: imp.Facts})
	if err != nil {
		return nil, permanentIf(err)
	}
	return jobResult{EvidenceID: ev.ID, Facts: ev.Facts, Progress: lines}, nil
}

// progressEvery is how often a running scan's progress is written to its
// job: often enough for the status page (which asks every two seconds),
// rarely enough that a scan of many ports is not a write per port.
const progressEvery = 500 * time.Millisecond

// jobProgress collects a running job's progress lines and writes them to
// the job from one goroutine, at most every progressEvery.
type jobProgress struct {
	mu    sync.Mutex
	lines []string
	dirty bool
	done  chan struct{}
	ended chan struct{}
}

// startProgress starts writing j's progress until stop is called.
func (s *Server) startProgress(ctx context.Context, j *jobs.Job) *jobProgress {
	p := &jobProgress{done: make(chan struct{}), ended: make(chan struct{})}
	q := s.queue()
	go func() {
		defer close(p.ended)
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			text, changed := p.take()
			if !changed {
				continue
			}
			if err := q.Progress(ctx, j, text); err != nil && ctx.Err() == nil {
				// Not fatal: the lease keeper stops the job if it is lost.
				s.log.Warn("recording a job's progress", "job", j.ID, "err", err)
			}
		}
	}()
	return p
}

// add records one line; the scan may call it from several goroutines.
func (p *jobProgress) add(line string) {
	p.mu.Lock()
	p.lines = append(p.lines, line)
	p.dirty = true
	p.mu.Unlock()
}

// take returns the lines so far as text, and whether they changed since
// the last take.
func (p *jobProgress) take() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := p.dirty
	p.dirty = false
	return strings.Join(p.lines, "\n"), changed
}

// stop ends the writing and returns every line; the job's result keeps
// them.
func (p *jobProgress) stop() []string {
	close(p.done)
	<-p.ended
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.lines)
}
