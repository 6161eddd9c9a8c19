package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"triage/internal/audit"
	"triage/internal/store"
)

// routeCase says how to call one route against practice A's data. prep
// runs before every call, so a call that uses something up (deletes a
// file, withdraws an acceptance) leaves the next caller its own.
type routeCase struct {
	prep func(e *env, f *fixtures) (path string, form url.Values)
	// upload sends the form as multipart with this file in field "files"
	// or "file".
	upload map[string][]byte
	// okStatus is what an allowed caller gets when it is not 2xx or 3xx
	// (a form deliberately sent with a mistake, so as not to change a
	// password or a second factor).
	okStatus int
}

// fixtures are practice A's records and one of practice B's.
type fixtures struct {
	evidenceA int64
	auditA    int64
	jobA      int64 // practice A's audit job
	jobB      int64
	auditB    int64
	evidenceB int64
	seq       atomic.Int64
}

func (f *fixtures) next() int64 { return f.seq.Add(1) }

func fixed(path string, form url.Values) func(*env, *fixtures) (string, url.Values) {
	return func(*env, *fixtures) (string, url.Values) { return path, form }
}

// routeCases has one entry per route of routes.go; the test fails when a
// route is missing, so a new route cannot skip the tenancy check.
func routeCases(e *env) map[string]routeCase {
	a := practicePath(e.a.ID)
	evidence := func(e *env, f *fixtures) (string, url.Values) {
		ev, err := e.st.SaveEvidence(context.Background(), e.admin.Tenant(), e.a.ID,
			store.NewEvidence{Name: fmt.Sprintf("extra-%d.json", f.next()), Kind: "facts_json", Error: "test"})
		must(e.t, err)
		return fmt.Sprintf("%s/evidence/%d/delete", a, ev.ID), nil
	}
	accepted := func(e *env, f *fixtures) (string, url.Values) {
		_, err := e.st.SaveAcceptance(context.Background(), e.admin.Tenant(), e.a.ID, "ACC-MFA-ALL",
			audit.Acceptance{Owner: "Dr A", Reason: "test", Until: mustDate("2027-01-01")})
		must(e.t, err)
		return a + "/acceptances/ACC-MFA-ALL/delete", url.Values{"audit": {fmt.Sprint(f.auditA)}}
	}
	disable := func(e *env, f *fixtures) (string, url.Values) {
		u, err := e.st.CreateUser(context.Background(), e.admin.Tenant(), store.NewUser{
			Email: fmt.Sprintf("temp%d@provider.example", f.next()), Name: "Temp", Role: store.RoleAuditor})
		must(e.t, err)
		return fmt.Sprintf("/admin/users/%d/disable", u.ID), url.Values{"disabled": {"true"}}
	}
	newUser := func(e *env, f *fixtures) (string, url.Values) {
		return "/admin/users", url.Values{"email": {fmt.Sprintf("new%d@provider.example", f.next())}, "name": {"New"},
			"role": {"auditor"}, "password": {testPassword}, "confirm": {testPassword}}
	}
	invite := func(e *env, f *fixtures) (string, url.Values) {
		return a + "/invites", url.Values{"email": {fmt.Sprintf("manager%d@harboursidefp.example", f.next())}}
	}
	profileForm := url.Values{"name": {e.a.Name}, "country": {"AU"}, "domains": {"harboursidefp.com.au"},
		"staff_count": {"1"}, "staff.0.name": {"Olivia Brown"}, "staff.0.role": {"manager"}}
	return map[string]routeCase{
		"GET /static/{file}":   {prep: fixed("/static/style.css", nil)},
		"GET /signin":          {prep: fixed("/signin", nil)},
		"POST /signin":         {prep: fixed("/signin", url.Values{"email": {"nobody@example.com"}, "password": {"wrong"}})},
		"GET /signin/code":     {prep: fixed("/signin/code", nil)},
		"POST /signin/code":    {prep: fixed("/signin/code", url.Values{"code": {"000000"}})},
		"POST /signout":        {prep: fixed("/signout", nil)},
		"GET /setup/{token}":   {prep: fixed("/setup/not-a-token", nil)},
		"POST /setup/{token}":  {prep: fixed("/setup/not-a-token", nil)},
		"GET /invite/{token}":  {prep: fixed("/invite/not-a-token", nil)},
		"POST /invite/{token}": {prep: fixed("/invite/not-a-token", url.Values{"name": {"X"}, "password": {testPassword}, "confirm": {testPassword}})},
		"GET /{$}":             {prep: fixed("/", nil)},
		"GET /account":         {prep: fixed("/account", nil)},
		"POST /account/password": {prep: fixed("/account/password", url.Values{"current": {"wrong"}, "password": {testPassword}, "confirm": {testPassword}}),
			okStatus: http.StatusBadRequest},
		"GET /account/totp":            {prep: fixed("/account/totp", nil)},
		"POST /account/totp":           {prep: fixed("/account/totp", url.Values{"code": {"000000"}}), okStatus: http.StatusBadRequest},
		"POST /account/totp/disable":   {prep: fixed("/account/totp/disable", url.Values{"code": {"000000"}})},
		"GET /practices":               {prep: fixed("/practices", nil)},
		"GET /practices/new":           {prep: fixed("/practices/new", nil)},
		"POST /practices":              {prep: fixed("/practices", url.Values{"name": {"Another Practice"}, "country": {"AU"}}), upload: map[string][]byte{}},
		"POST /practices/{id}/invites": {prep: invite},
		"GET /practices/{id}":          {prep: fixed(a, nil)},
		"POST /practices/{id}/profile": {prep: fixed(a+"/profile", profileForm)},
		"POST /practices/{id}/profile/import": {prep: fixed(a+"/profile/import", nil),
			upload: map[string][]byte{"practice.yaml": []byte(profileA)}},
		"GET /practices/{id}/practice.yaml": {prep: fixed(a+"/practice.yaml", nil)},
		"GET /practices/{id}/workspace":     {prep: fixed(a+"/workspace", nil)},
		"POST /practices/{id}/evidence": {prep: fixed(a+"/evidence", nil),
			upload: map[string][]byte{"facts.json": []byte(`{"schema_version": 1, "facts": []}`)}},
		"POST /practices/{id}/evidence/{eid}/delete": {prep: evidence},
		"POST /practices/{id}/answers": {prep: fixed(a+"/answers", url.Values{"area": {"access"},
			"a.ACC-MFA-ALL": {"partly"}, "o.ACC-MFA-ALL": {"x"}})},
		"POST /practices/{id}/answers/{control}": {prep: fixed(a+"/answers/ACC-MFA-ADMIN", url.Values{"a.ACC-MFA-ADMIN": {"yes"}})},
		"POST /practices/{id}/audits":            {prep: fixed(a+"/audits", nil)},
		"POST /practices/{id}/scans":             {prep: fixed(a+"/scans", nil)},
		"GET /practices/{id}/jobs/{jid}": {prep: func(e *env, f *fixtures) (string, url.Values) {
			return jobPath(e.a.ID, f.jobA), nil
		}},
		"GET /practices/{id}/results": {prep: fixed(a+"/results", nil)},
		"GET /practices/{id}/audits/{aid}": {prep: func(e *env, f *fixtures) (string, url.Values) {
			return auditPath(e.a.ID, f.auditA) + "?area=access&status=open&band=now", nil
		}},
		"GET /practices/{id}/audits/{aid}/download/{format}": {prep: func(e *env, f *fixtures) (string, url.Values) {
			return auditPath(e.a.ID, f.auditA) + "/download/csv", nil
		}},
		"GET /practices/{id}/compare": {prep: fixed(a+"/compare", nil)},
		"POST /practices/{id}/acceptances/{control}": {prep: func(e *env, f *fixtures) (string, url.Values) {
			return a + "/acceptances/BAK-RESTORE-TESTED", url.Values{"owner": {"Dr A"}, "reason": {"r"}, "until": {"2027-06-30"}, "audit": {fmt.Sprint(f.auditA)}}
		}},
		"POST /practices/{id}/acceptances/{control}/delete": {prep: accepted},
		"POST /practices/{id}/actions/{action}": {prep: func(e *env, f *fixtures) (string, url.Values) {
			return a + "/actions/enforce-mfa", url.Values{"status": {"done"}, "note": {"n"}, "audit": {fmt.Sprint(f.auditA)}}
		}},
		"GET /admin/log":                  {prep: fixed("/admin/log", nil)},
		"GET /admin/users":                {prep: fixed("/admin/users", nil)},
		"POST /admin/users":               {prep: newUser},
		"POST /admin/users/{uid}/disable": {prep: disable},
		"/":                               {prep: fixed("/no/such/page", nil)},
	}
}

func mustDate(s string) audit.Date {
	d, err := audit.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// seed gives practice A an evidence file, answers, an acceptance and an
// audit, and practice B an evidence file and an audit.
func seed(t *testing.T, e *env) *fixtures {
	t.Helper()
	f := &fixtures{}
	users := e.signedIn(e.auditor)
	for _, p := range []store.Practice{e.a, e.b} {
		res := users.upload(practicePath(p.ID)+"/evidence", "files", map[string][]byte{"facts.json": []byte(`{"schema_version": 1, "facts": []}`)}, nil)
		wantStatus(t, res, http.StatusSeeOther)
		wantStatus(t, users.postForm(practicePath(p.ID)+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"no"}}), http.StatusSeeOther)
		var id int64
		fmt.Sscanf(users.runAudit(practicePath(p.ID)), practicePath(p.ID)+"/audits/%d", &id)
		files, err := e.st.EvidenceFiles(context.Background(), e.admin.Tenant(), p.ID)
		must(t, err)
		if p.ID == e.a.ID {
			f.auditA, f.evidenceA = id, files[0].ID
			f.jobA = lastJob(t, e, p.ID)
		} else {
			f.auditB, f.evidenceB = id, files[0].ID
			f.jobB = lastJob(t, e, p.ID)
		}
	}
	return f
}

// snapshot is everything of practice A a request could change.
type snapshot struct {
	Profile  string
	Evidence []string
	Answers  map[string]audit.Answer
	Accepted map[string]audit.Acceptance
	Actions  map[string]store.ActionStatus
	Audits   int
}

func snap(t *testing.T, e *env, id int64) snapshot {
	t.Helper()
	ctx := context.Background()
	admin := e.admin.Tenant()
	p, err := e.st.Practice(ctx, admin, id)
	must(t, err)
	s := snapshot{Profile: p.ProfileYAML}
	files, err := e.st.EvidenceFiles(ctx, admin, id)
	must(t, err)
	for _, f := range files {
		s.Evidence = append(s.Evidence, fmt.Sprintf("%d %s %s %d", f.ID, f.Name, f.SHA256, f.Facts))
	}
	set, err := e.st.Answers(ctx, admin, id)
	must(t, err)
	s.Answers, s.Accepted = set.Answers.Answers, set.Answers.Accepted
	s.Actions, err = e.st.ActionStatuses(ctx, admin, id)
	must(t, err)
	audits, err := e.st.Audits(ctx, admin, id)
	must(t, err)
	s.Audits = len(audits)
	return s
}

// Every route, called as nobody, as practice B's manager, as practice A's
// manager, as an auditor and as an admin, against practice A's data:
// anonymous callers are sent to sign in, roles a route does not allow get
// 403, practice B's manager gets 404 for everything of practice A (as if
// it did not exist) and changes nothing, and everyone allowed gets through.
func TestEveryRouteTenancy(t *testing.T) {
	eachDB(t, testEveryRoute)
}

func testEveryRoute(t *testing.T, e *env) {
	f := seed(t, e)
	cases := routeCases(e)
	routes := e.srv.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.key()] = true
		if _, ok := cases[rt.key()]; !ok {
			t.Errorf("route %q has no case in routeCases: add one", rt.key())
		}
	}
	for k := range cases {
		if !seen[k] {
			t.Errorf("routeCases has %q, which is not a route", k)
		}
	}
	type caller struct {
		name     string
		user     *store.User
		practice int64
	}
	callers := []caller{{"anonymous", nil, 0}, {"practice B", &e.userB, e.b.ID}, {"practice A", &e.userA, e.a.ID},
		{"auditor", &e.auditor, 0}, {"admin", &e.admin, 0}}
	clients := map[string]*client{}
	signIn := func(c caller) *client {
		if c.user == nil {
			return e.client()
		}
		return e.signedIn(*c.user)
	}
	for _, c := range callers {
		clients[c.name] = signIn(c)
	}
	for _, rt := range routes {
		tc := cases[rt.key()]
		t.Run(rt.key(), func(t *testing.T) {
			for _, c := range callers {
				path, form := tc.prep(e, f)
				before := snap(t, e, e.a.ID)
				cl := clients[c.name]
				method := rt.Method
				if method == "" {
					method = "GET"
				}
				var res *response
				switch {
				case method == "GET":
					res = cl.get(path)
				case tc.upload != nil:
					field := "files"
					if strings.HasSuffix(path, "/import") || path == "/practices" {
						field = "file"
					}
					res = cl.upload(path, field, tc.upload, form)
				default:
					res = cl.postForm(path, form)
				}
				// Jobs a call queued finish before the next snapshot.
				e.waitIdle()
				// The deliberate failed sign-ins would lock out the test's
				// one address.
				must(t, e.st.ResetFailures(context.Background(), "ip:127.0.0.1"))
				if rt.key() == "POST /signout" && c.user != nil {
					clients[c.name] = signIn(c) // signed out by the call
				}
				loc := res.Header.Get("Location")
				who := c.name + " " + method + " " + path
				switch {
				case rt.Roles == nil:
					if res.StatusCode >= 500 {
						t.Errorf("%s: status %d", who, res.StatusCode)
					}
					if rt.Pattern == "/" && res.StatusCode != http.StatusNotFound {
						t.Errorf("%s: status %d, want 404", who, res.StatusCode)
					}
				case c.user == nil:
					if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
						t.Errorf("%s: status %d to %q, want 303 to /signin", who, res.StatusCode, loc)
					}
				case !rt.allows(c.user.Role):
					if res.StatusCode != http.StatusForbidden {
						t.Errorf("%s: status %d, want 403 for role %s", who, res.StatusCode, c.user.Role)
					}
				case strings.Contains(rt.Pattern, "{id}") && c.practice != 0 && c.practice != e.a.ID:
					if res.StatusCode != http.StatusNotFound {
						t.Errorf("%s: status %d, want 404 for another practice's data", who, res.StatusCode)
					}
				default:
					ok := res.StatusCode < 400 || res.StatusCode == tc.okStatus && tc.okStatus != 0
					if !ok || strings.HasPrefix(loc, "/signin") && rt.key() != "POST /signout" {
						t.Errorf("%s: status %d (to %q), want success\n%.600s", who, res.StatusCode, loc, res.body)
					}
				}
				if c.name == "practice B" || c.name == "anonymous" {
					if after := snap(t, e, e.a.ID); !reflect.DeepEqual(before, after) {
						t.Errorf("%s changed practice A's data:\nbefore %+v\nafter  %+v", who, before, after)
					}
				}
			}
		})
	}
}

// A provider may see both practices, but a URL names one thing: practice
// A's address with practice B's audit or evidence file in it is 404.
func TestIDsDoNotCrossPractices(t *testing.T) {
	e := newEnv(t)
	f := seed(t, e)
	c := e.signedIn(e.admin)
	a := practicePath(e.a.ID)
	for _, path := range []string{
		auditPath(e.a.ID, f.auditB),
		auditPath(e.a.ID, f.auditB) + "/download/json",
		jobPath(e.a.ID, f.jobB),
		fmt.Sprintf("%s/compare?from=%d&to=%d", a, f.auditA, f.auditB),
		a + "/audits/abc", "/practices/0", "/practices/999999", "/practices/-1/workspace",
	} {
		if res := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	res := c.postForm(fmt.Sprintf("%s/evidence/%d/delete", a, f.evidenceB), nil)
	wantStatus(t, res, http.StatusNotFound)
	files, err := e.st.EvidenceFiles(context.Background(), e.admin.Tenant(), e.b.ID)
	must(t, err)
	if len(files) != 1 {
		t.Errorf("practice B's evidence was deleted through practice A's address")
	}
	// A practice manager gets 404 for the other practice's ids too.
	ca := e.signedIn(e.userA)
	for _, path := range []string{practicePath(e.b.ID), auditPath(e.b.ID, f.auditB), auditPath(e.a.ID, f.auditB)} {
		if res := ca.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("practice A's manager GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
}
