package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"triage/internal/store"
	"triage/internal/store/storetest"
)

// Every page carries the strict policy and the other protective headers,
// and pages with data are never cached; only static files are.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.admin)
	for _, path := range []string{"/signin", "/practices", practicePath(e.a.ID), practicePath(e.a.ID) + "/workspace", "/no/such/page"} {
		res := c.get(path)
		h := res.Header
		if got := h.Get("Content-Security-Policy"); got != csp {
			t.Errorf("%s: Content-Security-Policy %q", path, got)
		}
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'", "form-action 'self'"} {
			if !strings.Contains(h.Get("Content-Security-Policy"), want) {
				t.Errorf("%s: the policy lacks %s", path, want)
			}
		}
		if strings.Contains(h.Get("Content-Security-Policy"), "unsafe") {
			t.Errorf("%s: the policy allows something unsafe", path)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s is %q, want %q", path, k, h.Get(k), v)
			}
		}
		if strings.Contains(res.body, " style=") || strings.Contains(res.body, "<style") || strings.Contains(res.body, "<script>") {
			t.Errorf("%s: the page has inline style or script, which the policy blocks", path)
		}
	}
	res := c.get("/static/style.css")
	if !strings.HasPrefix(res.Header.Get("Cache-Control"), "public") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("static file headers: %v", res.Header)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("style.css served as %q", res.Header.Get("Content-Type"))
	}
	wantStatus(t, c.get("/static/SOURCE.md"), http.StatusNotFound)
	wantStatus(t, c.get("/static/"), http.StatusNotFound)
}

// The session cookie is HttpOnly and SameSite=Lax always, and Secure (with
// the __Host- prefix) when the server is told it is served over TLS.
func TestSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newEnvOn(t, storetest.SQLite(t), func(c *Config) { c.Secure = secure })
		res := e.client().postForm("/signin", url.Values{"email": {e.admin.Email}, "password": {testPassword}})
		wantStatus(t, res, http.StatusSeeOther)
		cookies := res.Cookies()
		if len(cookies) != 1 {
			t.Fatalf("secure=%v: %d cookies set", secure, len(cookies))
		}
		ck := cookies[0]
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != secure || ck.Path != "/" {
			t.Errorf("secure=%v: cookie %+v", secure, ck)
		}
		if secure != strings.HasPrefix(ck.Name, "__Host-") {
			t.Errorf("secure=%v: cookie named %q", secure, ck.Name)
		}
		if secure && res.Header.Get("Strict-Transport-Security") == "" {
			t.Error("no HSTS on a secure server")
		}
		// A new token at sign-in: a session planted before cannot be used after.
		if strings.Contains(res.Header.Get("Set-Cookie"), "Max-Age") || strings.Contains(res.Header.Get("Set-Cookie"), "Expires") {
			t.Errorf("the session cookie outlives the browser: %s", res.Header.Get("Set-Cookie"))
		}
	}
}

// A form posted from another site is refused before it reaches a handler.
func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.admin)
	path := practicePath(e.a.ID) + "/answers/ACC-MFA-ALL"
	form := url.Values{"a.ACC-MFA-ALL": {"yes"}}
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		res := c.postForm(path, form, h...)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST with %s: %s: status %d, want 403", h[0], h[1], res.StatusCode)
		}
	}
	set, err := e.st.Answers(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if len(set.Answers.Answers) != 0 {
		t.Fatalf("a cross-site post saved an answer: %v", set.Answers.Answers)
	}
	// The same post from this site goes through.
	wantStatus(t, c.postForm(path, form, "Sec-Fetch-Site", "same-origin"), http.StatusSeeOther)
	// A cross-site GET is an ordinary link and works.
	req, _ := http.NewRequest("GET", e.ts.URL+"/practices", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, c.do(req), http.StatusOK)
}

// Evidence uploads: too large, unrecognised and broken files are refused
// with a reason, nothing of them is half-saved, and a failed re-upload
// keeps the earlier good file of that name.
func TestEvidenceUploadChecks(t *testing.T) {
	e := newEnvOn(t, storetest.SQLite(t), func(c *Config) { c.MaxUpload = 4 << 10 })
	c := e.signedIn(e.auditor)
	path := practicePath(e.a.ID) + "/evidence"
	good := []byte(`{"schema_version": 1, "facts": [{"kind": "setting", "source": {"file": "m365-settings.json"}, "setting": {"system": "m365", "name": "mfa.tenant_enforced", "bool": true}}]}`)
	res := c.follow(c.upload(path, "files", map[string][]byte{"facts.json": good}, nil))
	wantContains(t, res, "facts.json: read as Triage facts (facts.json), 1 fact.")

	res = c.follow(c.upload(path, "files", map[string][]byte{
		"big.csv":     bytes.Repeat([]byte("a,b\n"), 2<<10),
		"photo.jpg":   {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'},
		"facts.json":  []byte(`{"schema_version": 1, "facts": [{"kind": "nonsense"}]}`),
		"../../x.csv": []byte(""),
	}, nil))
	wantContains(t, res, "big.csv: not imported: the file is larger than 0 MB",
		"photo.jpg: not imported: not a format Triage reads",
		"facts.json: not imported, so the earlier upload of this name is kept",
		"x.csv: not imported: the file is empty")
	files, err := e.st.EvidenceFiles(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	got := map[string]store.Evidence{}
	for _, f := range files {
		got[f.Name] = f
	}
	if f := got["facts.json"]; f.Error != "" || f.Facts != 1 {
		t.Errorf("the good facts.json was replaced by a broken one: %+v", f)
	}
	for _, name := range []string{"big.csv", "photo.jpg", "x.csv"} {
		if f, ok := got[name]; !ok || f.Error == "" || f.Facts != 0 {
			t.Errorf("%s: recorded as %+v, want an error and no facts", name, f)
		}
	}
	if _, ok := got["../../x.csv"]; ok {
		t.Error("a file name kept its folders")
	}
	// The error is shown with its line.
	res = c.follow(c.upload(path, "files", map[string][]byte{"other.json": []byte("{\"schema_version\": 1,\n \"facts\": [{\"kind\": \"nonsense\"}]}")}, nil))
	wantContains(t, res, "other.json:2")
}

// Log lines name the method, route pattern, status and time, never a path
// with ids or tokens, a form value, an answer or a password.
func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.userA)
	const note = "the server password is hunter2"
	c.postForm(practicePath(e.a.ID)+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"no"}, "n.ACC-MFA-ALL": {note}})
	e.client().postForm("/signin", url.Values{"email": {e.admin.Email}, "password": {"wrong password attempt"}})
	e.client().get("/invite/secret-invite-token")
	logs := e.logs.String()
	for _, secret := range []string{note, "hunter2", "wrong password attempt", testPassword, "secret-invite-token", e.admin.Email, "ACC-MFA-ALL"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{`route="POST /practices/{id}/answers/{control}"`, "status=303", `route="GET /invite/{token}"`, "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}
}

// After five wrong passwords an account is locked out for a while, even
// with the right password; the lock-out lifts with time.
func TestSignInBackOff(t *testing.T) {
	e := newEnv(t)
	for range 5 {
		res := e.client().postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {"guess"}})
		wantStatus(t, res, http.StatusUnauthorized)
	}
	res := e.client().postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}})
	wantStatus(t, res, http.StatusTooManyRequests)
	wantContains(t, res, "Too many failed sign-ins")
	// The address is locked as well: another account from it waits too.
	res = e.client().postForm("/signin", url.Values{"email": {e.userA.Email}, "password": {testPassword}})
	wantStatus(t, res, http.StatusTooManyRequests)
	e.clock.advance(31 * time.Second)
	res = e.client().postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}})
	wantStatus(t, res, http.StatusSeeOther)
	// Unknown accounts fail the same way as wrong passwords.
	res = e.client().postForm("/signin", url.Values{"email": {"nobody@example.com"}, "password": {testPassword}})
	wantStatus(t, res, http.StatusUnauthorized)
	wantContains(t, res, "The email address or password is not right.")
}

// Changing a password ends the user's other sessions; disabling a user
// ends theirs at once.
func TestSessionsEnd(t *testing.T) {
	e := newEnv(t)
	first, second := e.signedIn(e.userA), e.signedIn(e.userA)
	const newPassword = "a different long passphrase"
	res := first.postForm("/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "confirm": {newPassword}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, first.get("/account"), http.StatusOK)
	res = second.get("/account")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Errorf("the other session survived a password change: %d", res.StatusCode)
	}
	admin := e.signedIn(e.admin)
	aud := e.signedIn(e.auditor)
	wantStatus(t, admin.postForm("/admin/users/"+itoa(e.auditor.ID)+"/disable", url.Values{"disabled": {"true"}}), http.StatusSeeOther)
	res = aud.get("/practices")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled user's session still works: %d", res.StatusCode)
	}
	res = e.client().postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}})
	wantStatus(t, res, http.StatusUnauthorized)
	// Signing out ends the session on the server, not just in the browser.
	cookie := first.http.Jar.Cookies(mustURL(e.ts.URL))
	first.postForm("/signout", nil)
	replay := e.client()
	replay.http.Jar.SetCookies(mustURL(e.ts.URL), cookie)
	if res := replay.get("/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a signed-out session's cookie still works: %d", res.StatusCode)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Only local paths are followed after sign-in.
func TestSignInNext(t *testing.T) {
	e := newEnv(t)
	res := e.client().get(practicePath(e.a.ID) + "/workspace?area=people")
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/signin?next=%2Fpractices%2F1%2Fworkspace%3Farea%3Dpeople" {
		t.Errorf("redirect to %q", loc)
	}
	for next, want := range map[string]string{
		"/practices/1/workspace?area=people": "/practices/1/workspace?area=people",
		"//evil.example/":                    "/practices",
		"https://evil.example/":              "/practices",
		"/\\evil.example":                    "/practices",
	} {
		res := e.client().postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}
