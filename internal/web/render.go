package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
	"triage/internal/importer"
	"triage/internal/report"
	"triage/internal/store"
)

//go:embed templates/*.html templates/pages/*.html static/*.css static/*.js
var files embed.FS

// page is what every page template gets: the frame (who is signed in,
// which practice and tab) and the page's own data.
type page struct {
	Title    string
	User     *store.User
	Flash    []string
	Practice *store.Practice // set on a practice's pages, for the tabs
	Tab      string
	Data     any
}

// parseTemplates parses the layout and partials once, then each page on a
// copy of them, so that a mistake in any template stops the server at
// start-up (and every test) rather than one page at run time.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{"": base}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(files, name)
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: template %s defines no \"content\"", name)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// render writes a whole page. It renders into a buffer first, so a
// template error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("web: no page template %q", name))
		return
	}
	if p.User == nil {
		p.User = userFrom(r)
	}
	if msg := s.sessions.PopString(r.Context(), sessFlash); msg != "" {
		p.Flash = strings.Split(msg, "\n")
	}
	b := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(b)
	if err := t.ExecuteTemplate(b, "layout", p); err != nil {
		s.log.Error("template", "page", name, "err", err)
		http.Error(w, "The page could not be drawn.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// pageBuffers reuses the buffers pages are drawn into: a results page is
// well over 100 KB, and growing a new buffer to that size on every request
// is garbage the collector would otherwise chase under load.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer returns b to the pool, unless it grew unusually large
// (a pool must not pin a rare huge page's memory for ever).
func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// fragment writes one partial template, the answer to an htmx request.
func (s *Server) fragment(w http.ResponseWriter, r *http.Request, name string, data any) error {
	var b bytes.Buffer
	if err := s.pages[""].ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("web: fragment %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(b.Bytes())
	return err
}

// errorPage is a page that says what went wrong and where to go next.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintln(w, msg)
		return
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Data: struct {
		Status  int
		Message string
	}{status, msg}})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	s.errorPage(w, r, http.StatusNotFound, "There is nothing at this address.")
	return nil
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// pathID reads a numeric id from the path. Anything else is "not found",
// as an id that does not exist would be.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// practiceFor loads the practice named in the path, as the signed-in user.
func (s *Server) practiceFor(r *http.Request) (store.Practice, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Practice{}, err
	}
	return s.st.Practice(r.Context(), tenant(r), id)
}

func practicePath(id int64) string { return "/practices/" + strconv.FormatInt(id, 10) }

func auditPath(practiceID, auditID int64) string {
	return practicePath(practiceID) + "/audits/" + strconv.FormatInt(auditID, 10)
}

// redirect answers a form post with "see the page again" (POST, redirect,
// GET), so reloading never posts twice.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// invalidInput is an *audit.Error for a form value the user can fix.
func invalidInput(format string, args ...any) error {
	return audit.Invalid("", 0, format, args...)
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(audit.DateLayout)
	},
	"statusLabel": report.StatusLabel,
	"bandLabel":   bandLabel,
	"areaTitle":   report.AreaTitle,
	"ownerLabel": func(o audit.Owner) string {
		if o == audit.OwnerProvider {
			return "IT provider"
		}
		return "Practice"
	},
	"roleLabel": roleLabel,
	"signed": func(n int) string {
		if n > 0 {
			return "+" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	},
	"practicePath": practicePath,
	"stateOptions": stateOptions,
	"kindLabel":    importer.KindLabel,
	"count":        words.Count,
	"who": func(name string) string {
		if name == "" {
			return "an import"
		}
		return name
	},
	"auditPath": auditPath,
	"join":      strings.Join,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	"pct": func(n, total int) int {
		if total == 0 {
			return 0
		}
		return n * 100 / total
	},
}

func bandLabel(b audit.Band) string {
	switch b {
	case audit.BandNow:
		return "Now"
	case audit.Band30d:
		return "Within 30 days"
	case audit.Band90d:
		return "Within 90 days"
	case audit.BandLater:
		return "Later"
	}
	return string(b)
}

func roleLabel(r store.Role) string {
	switch r {
	case store.RoleAdmin:
		return "Administrator"
	case store.RoleAuditor:
		return "IT provider"
	case store.RolePractice:
		return "Practice"
	}
	return string(r)
}

// isInvalid reports whether err is bad input the user can fix.
func isInvalid(err error) bool { return audit.ErrorCode(err) == audit.EInvalid }
