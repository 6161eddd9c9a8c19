package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/jobs"
	"triage/internal/probe/scan"
	"triage/internal/store"
	"triage/internal/web"
)

const serveSynopsis = "[--addr 127.0.0.1:8080] [--db sqlite:triage.db | --db postgres://...] [--demo] [--behind-proxy] [--tls-cert FILE --tls-key FILE]"

// runServe runs the web application until ctx ends (Ctrl-C), then lets
// requests in flight finish.
func runServe(ctx context.Context, args []string, env Env) error {
	fs := newFlags("serve", serveSynopsis, env)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dsn := fs.String("db", store.DefaultDSN, "database: sqlite:FILE or postgres://user@host/db")
	withDemo := fs.Bool("demo", false, "also load the demo practice, with an audit, so there is something to look at")
	behindProxy := fs.Bool("behind-proxy", false, "behind a TLS-terminating reverse proxy: secure cookies, client address from X-Forwarded-For")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	keyFile := fs.String("tls-key", "", "the certificate's private key (PEM)")
	chromium := fs.String("chromium", "", "browser for PDF reports (default: TRIAGE_CHROMIUM, else chromium on PATH)")
	maxActive := fs.Int("max-active", 0, "pages and form posts handled at once, the rest queued in order (default: 4 per CPU)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return errUsage{"--tls-cert and --tls-key go together"}
	}
	if *maxActive < 0 {
		return errUsage{"--max-active must be 1 or more (or 0 for 4 per CPU)"}
	}
	cat, err := catalog.Default()
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	data, err := loadRefdata("")
	if err != nil {
		return fmt.Errorf("reference data: %w", err)
	}
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	tls := *certFile != ""
	srv, err := web.New(web.Config{
		Store: st, Catalog: cat, Log: log, Now: env.now,
		Secure: tls || *behindProxy, BehindProxy: *behindProxy,
		ToolVersion: toolVersion(), Chromium: *chromium, MaxActive: *maxActive,
		Enrich: func(facts []audit.Fact, asOf time.Time) ([]audit.Fact, *audit.ReferenceData) {
			return data.Enrich(facts, asOf), data.Info().Reference()
		},
	})
	if err != nil {
		return err
	}
	if *withDemo {
		if _, err := srv.LoadDemo(ctx); err != nil {
			return fmt.Errorf("loading the demo: %w", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if tls || *behindProxy {
		scheme = "https"
	}
	base := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(env.Stdout, "Triage is listening on %s\n", base)
	if path, err := srv.SetupPath(ctx); err != nil {
		ln.Close()
		return err
	} else if path != "" {
		fmt.Fprintf(env.Stdout, "\nNo one can sign in yet. Create the first administrator within the hour at:\n\n  %s%s\n\n(The link works once. Restart the server for a new one.)\n", base, path)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow links
		WriteTimeout:      3 * time.Minute, // PDF printing
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// The jobs runner (audits, scans) stops with the server; a job cut
	// short is retried by this or another instance.
	runCtx, stopRunner := context.WithCancel(context.WithoutCancel(ctx))
	runnerDone := make(chan struct{})
	runner := &jobs.Runner{Queue: jobs.New(st), Handlers: srv.JobHandlers(serveScan(env, "")), Log: log}
	go func() {
		defer close(runnerDone)
		runner.Run(runCtx)
	}()
	// Expired sessions, old finished jobs and stale sign-in failures.
	go srv.RunHousekeeping(runCtx, web.HousekeepingEvery)
	defer func() {
		stopRunner()
		<-runnerDone
	}()
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- hs.ServeTLS(ln, *certFile, *keyFile)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(env.Stdout, "Triage stopped.")
	return nil
}

// serveScan is the scan of the workspace's Scan button: the same as
// 'triage scan' (the system's resolver, updated reference data, and the
// test routing of TRIAGE_SCAN_PORTS and TRIAGE_SCAN_ROOTS), with each
// finished step reported as a progress line. resolver is HOST:PORT, or ""
// for the system's.
func serveScan(env Env, resolver string) web.ScanFunc {
	return func(ctx context.Context, p audit.Practice, progress func(string)) ([]audit.Fact, error) {
		req, err := parseScanRequest(p.Domains, p.PublicIPs, nil, resolver, scan.DefaultTimeout, Env{Stdout: io.Discard, Stderr: io.Discard})
		if err != nil {
			return nil, err
		}
		req.progress = progressWriter(progress)
		rep, err := runScanRequest(ctx, req, env)
		if err != nil {
			return nil, err
		}
		return rep.Facts(), nil
	}
}

// progressWriter turns the scan's progress output, one line per write,
// into calls of fn.
type progressWriter func(string)

func (w progressWriter) Write(b []byte) (int, error) {
	w(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}
