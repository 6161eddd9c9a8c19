package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"triage/internal/audit"
	"triage/internal/catalog"
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return errUsage{"--tls-cert and --tls-key go together"}
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
		ToolVersion: toolVersion(), Chromium: *chromium,
		Enrich: func(facts []audit.Fact, asOf time.Time) ([]audit.Fact, *audit.ReferenceData) {
			info := data.Info()
			return data.Enrich(facts, asOf), &audit.ReferenceData{
				KEVCatalogVersion: info.KEVCatalogVersion, KEVReleased: info.KEVReleased.Format(audit.DateLayout),
				KEVCount: info.KEVCount, LifecycleDate: info.LifecycleDate.String(), DataDate: info.DataDate.String(),
			}
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
