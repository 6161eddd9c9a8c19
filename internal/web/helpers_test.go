package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/store"
	"triage/internal/store/storetest"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery staple"

// testHash is made once: hashing is deliberately slow.
var testHash = hashPassword(testPassword)

// clock is a settable time shared by the server and the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running server on a fresh database with two practices, A and
// B, and a user of every role: admin, auditor, a manager of A and one of B.
type env struct {
	t   *testing.T
	srv *Server
	// scan replaces the network part of scan jobs; set it before the
	// first scan (the default refuses, so no test reaches the internet).
	scan  ScanFunc
	st    *store.Store
	ts    *httptest.Server
	clock *clock
	logs  *lockedWriter

	admin, auditor, userA, userB store.User
	a, b                         store.Practice
}

const (
	profileA = "name: Harbour Street Clinic\ncountry: AU\ndomains: [harboursidefp.com.au]\npms:\n  product: Best Practice\nstaff:\n  - {name: Olivia Brown, role: manager, email: olivia.brown@harboursidefp.com.au, start: 2021-03-01}\n"
	profileB = "name: Bayview Medical\ncountry: US\n"
)

// newEnv starts a server on SQLite; eachDB runs a test on PostgreSQL too.
func newEnv(t *testing.T) *env { return newEnvOn(t, storetest.SQLite(t)) }

func eachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	storetest.Each(t, func(t *testing.T, dsn string) { fn(t, newEnvOn(t, dsn)) })
}

func newEnvOn(t *testing.T, dsn string, opts ...func(*Config)) *env {
	t.Helper()
	ctx := context.Background()
	base, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { base.Close() })
	c := &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	st := base.WithClock(c.now)
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, clock: c, logs: &lockedWriter{w: &bytes.Buffer{}}}
	cfg := Config{Store: st, Catalog: cat, Now: c.now, ToolVersion: "test", Log: newTestLogger(e.logs)}
	for _, o := range opts {
		o(&cfg)
	}
	e.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	newTestServer(t, e)
	e.startRunner(nil)
	e.admin, err = st.CreateFirstAdmin(ctx, store.NewUser{Email: "ada@provider.example", Name: "Ada Admin", PasswordHash: testHash})
	must(t, err)
	sys := e.admin.Tenant()
	e.a, err = st.CreatePractice(ctx, sys, profileA)
	must(t, err)
	e.b, err = st.CreatePractice(ctx, sys, profileB)
	must(t, err)
	mk := func(email, name string, role store.Role, practice int64) store.User {
		u, err := st.CreateUser(ctx, sys, store.NewUser{Email: email, Name: name, Role: role, PracticeID: practice, PasswordHash: testHash})
		must(t, err)
		return u
	}
	e.auditor = mk("audrey@provider.example", "Audrey Auditor", store.RoleAuditor, 0)
	e.userA = mk("olivia@harboursidefp.example", "Olivia Brown", store.RolePractice, e.a.ID)
	e.userB = mk("bob@bayview.example", "Bob Bayview", store.RolePractice, e.b.ID)
	return e
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client is one browser: a cookie jar, and no redirects followed unless
// asked, so tests see exactly what the server answered.
type client struct {
	t    *testing.T
	e    *env
	http *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signedIn is a client signed in as u.
func (e *env) signedIn(u store.User) *client {
	c := e.client()
	res := c.postForm("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("signing in as %s: status %d: %s", u.Email, res.StatusCode, res.body)
	}
	return c
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &response{res, string(b)}
}

func (c *client) get(path string) *response {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.e.ts.URL+path, nil)
	must(c.t, err)
	return c.do(req)
}

func (c *client) postForm(path string, form url.Values, header ...string) *response {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	must(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// upload posts files (name -> content) in field, with extra form fields.
func (c *client) upload(path, field string, files map[string][]byte, fields url.Values) *response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		w, err := mw.CreateFormFile(field, name)
		must(c.t, err)
		w.Write(data)
	}
	must(c.t, mw.Close())
	req, err := http.NewRequest("POST", c.e.ts.URL+path, &b)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// follow fetches where a redirect points.
func (c *client) follow(res *response) *response {
	c.t.Helper()
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		c.t.Fatalf("expected a redirect, got %d: %s", res.StatusCode, res.body)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	must(c.t, err)
	return c.get(loc.RequestURI())
}

// wantStatus fails unless res has the status.
func wantStatus(t *testing.T, res *response, want int) {
	t.Helper()
	if res.StatusCode != want {
		body := res.body
		if len(body) > 2000 {
			body = body[:2000]
		}
		t.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
}

func wantContains(t *testing.T, res *response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(res.body, s) {
			t.Errorf("%s %s: body lacks %q", res.Request.Method, res.Request.URL.Path, s)
		}
	}
}

// newTestServer serves e's server on a loopback port until the test ends.
func newTestServer(t *testing.T, e *env) *httptest.Server {
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	return e.ts
}

func mustCatalog(t *testing.T) *audit.Catalog {
	cat, err := catalog.Default()
	must(t, err)
	return cat
}

func newLockedBuffer() *lockedWriter { return &lockedWriter{w: &bytes.Buffer{}} }
