package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"triage/internal/audit"
	"triage/internal/refdata"
	"triage/internal/store"
)

// Config is what the server is built from; cli fills it in.
type Config struct {
	Store   *store.Store
	Catalog *audit.Catalog
	// Log receives one line per request (method, route pattern, status,
	// duration) and internal errors; nil discards them.
	Log *slog.Logger
	// Now is the clock (as-of dates, TOTP, set-up links); nil means
	// time.Now. The store keeps its own clock for what it records.
	Now func() time.Time
	// Secure marks cookies Secure and sends HSTS: set it when serving TLS
	// or behind a proxy that does.
	Secure bool
	// BehindProxy trusts the last X-Forwarded-For address as the client's
	// (for sign-in back-off) and X-Forwarded-Proto for links.
	BehindProxy bool
	// ToolVersion is written into every audit.
	ToolVersion string
	// Enrich matches facts against the reference data and says which data
	// it used; nil means the data built into the binary.
	Enrich func(facts []audit.Fact, asOf time.Time) ([]audit.Fact, *audit.ReferenceData)
	// Chromium is the browser PDFs are printed with; see report.FindChromium.
	Chromium string
	// MaxUpload bounds one evidence file; 0 means DefaultMaxUpload.
	MaxUpload int64
	// MaxActive is how many quick requests (pages and form posts) run at
	// once; others wait their turn in order of arrival. 0 means 4 per CPU
	// the Go runtime uses (GOMAXPROCS).
	MaxActive int
}

// DefaultMaxUpload is the largest evidence file accepted. Exports of a
// small practice are kilobytes to a few megabytes.
const DefaultMaxUpload = 20 << 20

// maxFormBody bounds every request body that is not an upload.
const maxFormBody = 1 << 20

// Server is the web application. Build it with New and serve Handler().
type Server struct {
	cfg      Config
	st       *store.Store
	cat      *audit.Catalog
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    map[string]*template.Template
	handler  http.Handler

	setupMu sync.Mutex
	setup   setupToken

	// requests bounds the quick requests running at once (admit), and
	// printers the PDFs being printed (waitForPrinter).
	requests, printers *turnstile
}

// New checks the templates and wires the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Catalog == nil {
		return nil, errors.New("web: a server needs a store and a catalogue")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.Enrich == nil {
		cfg.Enrich = builtinEnrich
	}
	if cfg.MaxActive <= 0 {
		cfg.MaxActive = 4 * runtime.GOMAXPROCS(0)
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, st: cfg.Store, cat: cfg.Catalog, log: cfg.Log, pages: pages,
		requests: newTurnstile(cfg.MaxActive, defaultAdmitWait), printers: newTurnstile(maxPrinters, pdfTimeout)}
	s.sessions = newSessions(cfg.Store, cfg.Secure, s.log)
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.key(), s.route(rt))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "This request came from another site, so it was refused. Go back, reload the page and try again.")
	}))
	s.handler = s.logRequests(s.securityHeaders(s.sessions.LoadAndSave(s.idleSessions(cop.Handler(mux)))))
	return s, nil
}

// Handler is the whole application.
func (s *Server) Handler() http.Handler { return s.handler }

func builtinEnrich(facts []audit.Fact, asOf time.Time) ([]audit.Fact, *audit.ReferenceData) {
	return refdata.Enrich(facts, asOf), refdata.Info().Reference()
}

// Session timing. A session ends sessionLifetime after sign-in, or after
// sessionIdle without a request. The idle clock is kept by idleSessions,
// not by scs's IdleTimeout: that marks every session modified on load, so
// every request, even a GET, wrote the session row.
const (
	sessionLifetime = 12 * time.Hour
	sessionIdle     = 2 * time.Hour
	// sessionTouch is how stale the last-seen time may get before a
	// request records it again (one session write a minute at most).
	sessionTouch = time.Minute
	sessSeen     = "seen" // unix seconds of the last recorded request
)

// newSessions keeps sessions in the store's sessions table, so they
// survive restarts and are shared by instances on one database. The store
// hashes tokens itself.
func newSessions(st *store.Store, secure bool, log *slog.Logger) *scs.SessionManager {
	sm := scs.New()
	sm.Store = st.Sessions()
	sm.Lifetime = sessionLifetime
	// No sm.IdleTimeout: see idleSessions.
	sm.Cookie.Name = "triage_session"
	if secure {
		// The __Host- prefix makes browsers refuse the cookie unless it is
		// Secure, for this host only and for the whole site.
		sm.Cookie.Name = "__Host-triage_session"
	}
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false // gone when the browser closes
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Error("session", "method", r.Method, "err", err)
		http.Error(w, "The server could not read your session. Reload the page.", http.StatusInternalServerError)
	}
	return sm
}

// idleSessions ends a session idle for over sessionIdle and records the
// time of the request in it when the last record is sessionTouch old or
// more, so a session is written at most about once a minute rather than
// on every request. Sessions without data (visitors not signing in) are
// left alone, so they are never written.
func (s *Server) idleSessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if len(s.sessions.Keys(ctx)) > 0 {
			now := s.cfg.Now()
			seen := s.sessions.GetInt64(ctx, sessSeen)
			switch age := now.Sub(time.Unix(seen, 0)); {
			case seen != 0 && age > sessionIdle:
				if err := s.sessions.Destroy(ctx); err != nil {
					s.sessions.ErrorFunc(w, r, err)
					return
				}
			case seen == 0 || age >= sessionTouch || age < 0:
				s.sessions.Put(ctx, sessSeen, now.Unix())
			}
		}
		next.ServeHTTP(w, r)
	})
}

// reqInfo is filled in as a request goes down the chain, for the log line
// written when it comes back up.
type reqInfo struct {
	pattern string
	status  int
}

type ctxKey int

const (
	infoKey ctxKey = iota
	userKey
)

type statusWriter struct {
	http.ResponseWriter
	info *reqInfo
}

func (w *statusWriter) WriteHeader(code int) {
	if w.info.status == 0 {
		w.info.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.info.status == 0 {
		w.info.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request: method, route pattern (never
// the path, which may hold a token), status and duration. Nothing from the
// body, query or headers is logged, so answers and secrets never reach the
// log. It also turns a panic into a 500.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w, info: info}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "method", r.Method, "route", info.pattern, "panic", fmt.Sprint(p))
				if info.status == 0 {
					http.Error(sw, "Internal error", http.StatusInternalServerError)
				}
			}
			pattern := info.pattern
			if pattern == "" {
				pattern = "(none)"
			}
			s.log.Info("request", "method", r.Method, "route", pattern, "status", info.status,
				"duration", time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), infoKey, info)))
	})
}

// csp allows nothing but this site's own files: no inline script or style,
// no framing, forms only to this site.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

// securityHeaders go on every response. Pages carry practice data, so only
// the static files may be cached.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.cfg.Secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "public, max-age=3600")
		} else {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// route wraps one route's handler: it records the pattern for the log,
// requires a signed-in user of an allowed role, and turns a returned
// error into an error page.
func (s *Server) route(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(infoKey).(*reqInfo); ok {
			info.pattern = rt.key()
		}
		// Every body is bounded; upload routes bound each file again as
		// they read it.
		limit := int64(maxFormBody)
		if rt.Kind == upload {
			limit = s.cfg.MaxUpload*maxUploadFiles + maxFormBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if rt.Kind == quick {
			if !s.admit(w, r, rt.key()) {
				return
			}
			defer s.requests.leave()
		}
		if rt.Roles != nil {
			u, err := s.sessionUser(r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if u == nil {
				s.toSignIn(w, r)
				return
			}
			if !rt.allows(u.Role) {
				s.errorPage(w, r, http.StatusForbidden, "Your account cannot open this page.")
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
		if err := rt.Handler(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// defaultAdmitWait is how long a request waits for a slot before it is
// told the server is busy. A page that takes longer than this is of no use
// to anyone; the limit keeps a stuck database from piling up requests.
const defaultAdmitWait = 10 * time.Second

// admit takes one of the server's slots for a quick request, waiting in
// order of arrival when all are taken, and reports whether the request may
// go on (the caller then frees the slot when done). route names the route
// in the log (its pattern, never the path, which may hold a token). It answers 503 itself
// when the wait runs out, and nothing when the client has gone.
//
// Why: with 32 requests in flight on 2 CPUs, letting all of them run at
// once shares the CPUs (and SQLite's locks) among all of them, so every
// request takes as long as the slowest and some far longer; measured with
// bench/web/run.sh, the 99th percentile was 4 to 10 times the median.
// Running a few per CPU and queueing the rest first-come-first-served
// keeps the CPUs just as busy and the slowest request near the median.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, route string) bool {
	ok, timedOut := s.requests.enter(r.Context())
	if timedOut {
		s.log.Warn("server busy: a request waited too long for a slot", "route", route, "waited", s.requests.wait)
		w.Header().Set("Retry-After", "5")
		s.errorPage(w, r, http.StatusServiceUnavailable, "Triage is busy. Try again in a few seconds.")
	}
	return ok
}

// toSignIn sends someone who is not signed in to the sign-in page, and
// back here afterwards when this was a page they were reading.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) {
	target := "/signin"
	if r.Method == http.MethodGet {
		target += "?next=" + urlQueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// userFrom is the signed-in user of a request that passed route.
func userFrom(r *http.Request) *store.User {
	u, _ := r.Context().Value(userKey).(*store.User)
	return u
}

// tenant is who the store is asked as.
func tenant(r *http.Request) store.Tenant {
	if u := userFrom(r); u != nil {
		return u.Tenant()
	}
	return store.Tenant{}
}

// fail maps an error to a page: the store's "not found" (which also means
// "not yours") to 404, bad input to 400, a role's limits to 403; anything
// else is logged and shown as a 500 without detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch audit.ErrorCode(err) {
	case audit.ENotFound:
		s.errorPage(w, r, http.StatusNotFound, "There is nothing here. The link may be old, or the page belongs to another practice.")
	case audit.EInvalid:
		s.errorPage(w, r, http.StatusBadRequest, userMessage(err))
	case audit.EForbidden:
		s.errorPage(w, r, http.StatusForbidden, "Your account cannot do this.")
	case audit.EConflict:
		s.errorPage(w, r, http.StatusConflict, userMessage(err))
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "The form was too large.")
			return
		}
		pattern := ""
		if info, ok := r.Context().Value(infoKey).(*reqInfo); ok {
			pattern = info.pattern
		}
		s.log.Error("internal error", "method", r.Method, "route", pattern, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on the server. Try again; if it keeps happening, tell your administrator the time it happened.")
	}
}

// userMessage is an error as a person should read it.
func userMessage(err error) string {
	var e *audit.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// clientAddr is the address sign-in back-off is counted against. Behind a
// proxy it is the last X-Forwarded-For entry, the one our proxy added;
// earlier entries are whatever the client claimed.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.BehindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndex(last, ","); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// baseURL is the site's address as the browser sees it, for links that
// leave the site (invitations).
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || (s.cfg.BehindProxy && r.Header.Get("X-Forwarded-Proto") == "https") || s.cfg.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// record appends to the audit log. A failure to record is logged, not
// shown: the action itself has happened.
func (s *Server) record(ctx context.Context, t store.Tenant, practiceID int64, action, detail string) {
	if err := s.st.Log(ctx, t, practiceID, action, detail); err != nil {
		s.log.Error("audit log", "action", action, "err", err)
	}
}
