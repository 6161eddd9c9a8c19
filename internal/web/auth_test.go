package web

import (
	"context"
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"triage/internal/store"
	"triage/internal/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	h := hashPassword("a long enough password")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id in PHC form", h)
	}
	if h == hashPassword("a long enough password") {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !checkPassword(h, "a long enough password") || checkPassword(h, "a long enough passwore") {
		t.Error("checkPassword does not tell right from wrong")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=4294967295,t=2,p=1$c2FsdA$aGFzaA", strings.Replace(h, "v=19", "v=16", 1)} {
		if checkPassword(bad, "") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	for pw, ok := range map[string]bool{"short": false, strings.Repeat("x", 12): true, strings.Repeat("x", 300): false} {
		if err := checkNewPassword(pw, pw); (err == nil) != ok {
			t.Errorf("checkNewPassword(%d chars) = %v", len(pw), err)
		}
	}
	if checkNewPassword("long enough password", "long enough passworD") == nil {
		t.Error("two different passwords were accepted")
	}
}

// The RFC 6238 appendix B vectors for SHA-1, cut to six digits.
func TestTOTPVectors(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for unix, code := range map[int64]string{59: "287082", 1111111109: "081804", 1111111111: "050471",
		1234567890: "005924", 2000000000: "279037", 20000000000: "353130"} {
		if !checkTOTP(secret, code, time.Unix(unix, 0)) {
			t.Errorf("T=%d: %s not accepted", unix, code)
		}
	}
	now := time.Unix(1234567890, 0)
	if !checkTOTP(secret, "005924", now.Add(30*time.Second)) || checkTOTP(secret, "005924", now.Add(90*time.Second)) {
		t.Error("the window is not one step either side")
	}
	for _, bad := range []string{"", "12345", "abcdef", "0059245"} {
		if checkTOTP(secret, bad, now) {
			t.Errorf("%q accepted", bad)
		}
	}
	if u := totpURI(secret, "ada@provider.example"); !strings.HasPrefix(u, "otpauth://totp/Triage:ada@provider.example?") || !strings.Contains(u, "secret="+secret) {
		t.Errorf("URI %q", u)
	}
}

// currentCode is what an authenticator app shows now.
func currentCode(secret string, now time.Time) string {
	key, _ := totpEncoding.DecodeString(secret)
	return totpCode(key, uint64(now.Unix())/30)
}

// A provider turns on two-step sign-in; from then on the password alone
// does not sign in, and a wrong code counts as a failure.
func TestTOTPSignIn(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	page := c.get("/account/totp")
	wantStatus(t, page, http.StatusOK)
	m := regexp.MustCompile(`id="secret" value="([A-Z2-7]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no secret shown:\n%s", page.body)
	}
	secret := m[1]
	wantContains(t, page, "otpauth://totp/")
	wantStatus(t, c.postForm("/account/totp", url.Values{"code": {"000000"}}), http.StatusBadRequest)
	wantStatus(t, c.postForm("/account/totp", url.Values{"code": {currentCode(secret, e.clock.now())}}), http.StatusSeeOther)

	fresh := e.client()
	res := fresh.postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}, "next": {"/practices?sort=score"}})
	if res.Header.Get("Location") != "/signin/code" {
		t.Fatalf("with TOTP on, the password led to %q", res.Header.Get("Location"))
	}
	// Half signed in is not signed in.
	if res := fresh.get("/practices"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a session owing a code reached a page: %d", res.StatusCode)
	}
	wantStatus(t, fresh.postForm("/signin/code", url.Values{"code": {"123456"}}), http.StatusUnauthorized)
	e.clock.advance(30 * time.Second)
	res = fresh.postForm("/signin/code", url.Values{"code": {currentCode(secret, e.clock.now())}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != "/practices?sort=score" {
		t.Errorf("after the code, sent to %q", res.Header.Get("Location"))
	}
	wantStatus(t, fresh.get("/practices"), http.StatusOK)

	// The code step expires.
	late := e.client()
	late.postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}})
	e.clock.advance(6 * time.Minute)
	res = late.postForm("/signin/code", url.Values{"code": {currentCode(secret, e.clock.now())}})
	if res.Header.Get("Location") != "/signin" {
		t.Errorf("a stale code step still worked: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Turning it off takes a code.
	wantStatus(t, fresh.postForm("/account/totp/disable", url.Values{"code": {"000000"}}), http.StatusBadRequest)
	wantStatus(t, fresh.postForm("/account/totp/disable", url.Values{"code": {currentCode(secret, e.clock.now())}}), http.StatusSeeOther)
	u, err := e.st.UserByID(context.Background(), e.auditor.ID)
	must(t, err)
	if u.TOTPSecret != "" {
		t.Error("TOTP still set after turning it off")
	}
}

// A provider invites a practice manager, who sets a password through the
// link and then sees only that practice; the link works once.
func TestInvite(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	res := c.postForm(practicePath(e.a.ID)+"/invites", url.Values{"email": {"Grace.Lee@Harboursidefp.example"}})
	wantStatus(t, res, http.StatusOK)
	m := regexp.MustCompile(`value="(http://[^"]+/invite/([A-Za-z0-9_-]+))"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no invitation link shown:\n%s", res.body)
	}
	link := m[1][len(e.ts.URL):]
	if !strings.HasPrefix(m[1], e.ts.URL+"/invite/") {
		t.Errorf("link %q is not on this site", m[1])
	}
	g := e.client()
	opened := g.get(link)
	wantStatus(t, opened, http.StatusOK)
	wantContains(t, opened, "<strong>grace.lee@harboursidefp.example</strong>", "<strong>Harbour Street Clinic</strong>", `action="`+link+`"`)
	wantStatus(t, g.postForm(link, url.Values{"name": {"Grace Lee"}, "password": {"short"}, "confirm": {"short"}}), http.StatusBadRequest)
	res = g.postForm(link, url.Values{"name": {"Grace Lee"}, "password": {testPassword}, "confirm": {testPassword}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != practicePath(e.a.ID) {
		t.Errorf("after accepting, sent to %q", res.Header.Get("Location"))
	}
	wantContains(t, g.get(practicePath(e.a.ID)), "Harbour Street Clinic", "Grace Lee")
	wantStatus(t, g.get(practicePath(e.b.ID)), http.StatusNotFound)
	wantStatus(t, g.get("/practices"), http.StatusForbidden)
	// Answering works, as Grace.
	wantStatus(t, g.postForm(practicePath(e.a.ID)+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"yes"}}), http.StatusSeeOther)
	set, err := e.st.Answers(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if set.AnsweredBy["ACC-MFA-ALL"].Name != "Grace Lee" {
		t.Errorf("answer recorded as by %+v", set.AnsweredBy["ACC-MFA-ALL"])
	}
	// Used once; a second use fails without saying why beyond "expired or used".
	res = e.client().postForm(link, url.Values{"name": {"Mallory"}, "password": {testPassword}, "confirm": {testPassword}})
	wantStatus(t, res, http.StatusNotFound)
	wantContains(t, res, "expired or has been used")
	// The used link says so as soon as it is opened, with no form to fill.
	reopened := e.client().get(link)
	wantStatus(t, reopened, http.StatusNotFound)
	wantContains(t, reopened, "expired or has been used")
	if strings.Contains(reopened.body, `name="password"`) {
		t.Error("a used invitation still offers the password form")
	}
	// Practice managers cannot invite.
	wantStatus(t, g.postForm(practicePath(e.a.ID)+"/invites", url.Values{"email": {"x@example.com"}}), http.StatusForbidden)
	// Expired links fail.
	res = c.postForm(practicePath(e.a.ID)+"/invites", url.Values{"email": {"late@harboursidefp.example"}})
	m = regexp.MustCompile(`/invite/([A-Za-z0-9_-]+)"`).FindStringSubmatch(res.body)
	e.clock.advance(inviteFor + time.Minute)
	wantStatus(t, e.client().get("/invite/"+m[1]), http.StatusNotFound)
	wantStatus(t, e.client().postForm("/invite/"+m[1], url.Values{"name": {"Late"}, "password": {testPassword}, "confirm": {testPassword}}), http.StatusNotFound)
}

// The first start of an empty instance gives a one-time link to create the
// first admin; it works once, for an hour.
func TestSetupLink(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.SQLite(t)
	base, err := store.Open(ctx, dsn)
	must(t, err)
	defer base.Close()
	e := &env{t: t, clock: &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}, logs: newLockedBuffer()}
	e.st = base.WithClock(e.clock.now)
	e.srv, err = New(Config{Store: e.st, Catalog: mustCatalog(t), Now: e.clock.now, Log: newTestLogger(e.logs)})
	must(t, err)
	newTestServer(t, e)
	path, err := e.srv.SetupPath(ctx)
	must(t, err)
	if !regexp.MustCompile(`^/setup/[A-Za-z0-9_-]{43}$`).MatchString(path) {
		t.Fatalf("set-up path %q", path)
	}
	c := e.client()
	wantStatus(t, c.get("/setup/wrong"), http.StatusNotFound)
	wantStatus(t, c.get(path), http.StatusOK)
	// A new link (a restart) retires the old one; a link lasts an hour.
	path2, err := e.srv.SetupPath(ctx)
	must(t, err)
	wantStatus(t, c.get(path), http.StatusNotFound)
	e.clock.advance(setupFor + time.Second)
	wantStatus(t, c.get(path2), http.StatusNotFound)
	path, err = e.srv.SetupPath(ctx)
	must(t, err)
	res := c.postForm(path, url.Values{"name": {"Ada"}, "email": {"ada@provider.example"}, "password": {"short"}, "confirm": {"short"}})
	wantStatus(t, res, http.StatusBadRequest)
	res = c.postForm(path, url.Values{"name": {"Ada"}, "email": {"ada@provider.example"}, "password": {testPassword}, "confirm": {testPassword}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, c.get("/practices"), http.StatusOK)
	wantStatus(t, e.client().get(path), http.StatusNotFound)
	if again, err := e.srv.SetupPath(ctx); err != nil || again != "" {
		t.Errorf("a set-up link was made with an admin present: %q %v", again, err)
	}
}

// An authenticator code works once: not again to sign in, and not the one
// that confirmed the set-up (RFC 6238, section 5.2).
func TestTOTPCodeWorksOnce(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	m := regexp.MustCompile(`id="secret" value="([A-Z2-7]+)"`).FindStringSubmatch(c.get("/account/totp").body)
	if m == nil {
		t.Fatal("no secret shown")
	}
	secret := m[1]
	setupCode := currentCode(secret, e.clock.now())
	wantStatus(t, c.postForm("/account/totp", url.Values{"code": {setupCode}}), http.StatusSeeOther)

	signIn := func(code string) *response {
		t.Helper()
		fresh := e.client()
		res := fresh.postForm("/signin", url.Values{"email": {e.auditor.Email}, "password": {testPassword}})
		if res.Header.Get("Location") != "/signin/code" {
			t.Fatalf("the password led to %q", res.Header.Get("Location"))
		}
		return fresh.postForm("/signin/code", url.Values{"code": {code}})
	}
	res := signIn(setupCode)
	wantStatus(t, res, http.StatusUnauthorized)
	wantContains(t, res, "used already")

	e.clock.advance(30 * time.Second)
	code := currentCode(secret, e.clock.now())
	wantStatus(t, signIn(code), http.StatusSeeOther)
	res = signIn(code)
	wantStatus(t, res, http.StatusUnauthorized)
	wantContains(t, res, "used already")
	// Nor does the previous step's code, still within the clock skew.
	wantStatus(t, signIn(setupCode), http.StatusUnauthorized)

	e.clock.advance(30 * time.Second)
	wantStatus(t, signIn(currentCode(secret, e.clock.now())), http.StatusSeeOther)
}
