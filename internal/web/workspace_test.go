package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"triage/internal/audit"
)

// hiddenOrig reads the fingerprint the page gave a question.
func hiddenOrig(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`name="o\.` + regexp.QuoteMeta(id) + `" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no fingerprint for %s", id)
	}
	return m[1]
}

// Two people with the questionnaire open: each Save writes only what that
// person changed, so neither undoes the other (last write wins per
// question, not per page).
func TestSaveAllKeepsOthersAnswers(t *testing.T) {
	e := newEnv(t)
	a, b := e.signedIn(e.userA), e.signedIn(e.auditor)
	path := practicePath(e.a.ID)
	pageA := a.get(path + "/workspace?area=access").body
	pageB := b.get(path + "/workspace?area=access").body
	formFrom := func(body string, set map[string]string) url.Values {
		f := url.Values{"area": {"access"}}
		for _, id := range []string{"ACC-MFA-ALL", "ACC-MFA-ADMIN", "ACC-PMS-LEAST-PRIV"} {
			f.Set("o."+id, hiddenOrig(t, body, id))
		}
		for k, v := range set {
			f.Set(k, v)
		}
		return f
	}
	wantStatus(t, a.postForm(path+"/answers", formFrom(pageA, map[string]string{"a.ACC-MFA-ALL": "yes"})), http.StatusSeeOther)
	res := b.postForm(path+"/answers", formFrom(pageB, map[string]string{"a.ACC-MFA-ADMIN": "no",
		"k.ACC-PMS-LEAST-PRIV": "never", "n.ACC-PMS-LEAST-PRIV": "never been done"}))
	wantStatus(t, res, http.StatusSeeOther)
	if page := b.follow(res); !strings.Contains(page.body, "Saved 2 answers in Access.") {
		t.Errorf("flash: %s", regexp.MustCompile(`(?s)<div class="flash".*?</div>`).FindString(page.body))
	}
	set, err := e.st.Answers(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	want := map[string]string{"ACC-MFA-ALL": "yes", "ACC-MFA-ADMIN": "no", "ACC-PMS-LEAST-PRIV": "no"}
	for id, v := range want {
		if got := set.Answers.Answers[id].String(); got != v {
			t.Errorf("%s = %q, want %q", id, got, v)
		}
	}
	if set.AnsweredBy["ACC-MFA-ALL"].Name != "Olivia Brown" || set.AnsweredBy["ACC-MFA-ADMIN"].Name != "Audrey Auditor" {
		t.Errorf("answered by %+v", set.AnsweredBy)
	}
	// The date question shows "Never" after a reload.
	wantContains(t, b.get(path+"/workspace?area=access"), `<option value="never" selected>Never</option>`, "never been done")
}

// Each answer type: parsed from the form and shown again the same way, so
// an untouched question never counts as changed.
func TestAnswerRoundTrip(t *testing.T) {
	cat := mustCatalog(t)
	byType := map[audit.AnswerType]audit.Control{}
	for _, c := range cat.Controls {
		if _, ok := byType[c.AnswerType]; !ok {
			byType[c.AnswerType] = c
		}
	}
	cases := []struct {
		t                    audit.AnswerType
		value, special, note string
		want                 string
		clear, bad           bool
	}{
		{t: audit.AnswerYesNo, value: "partly", note: "front desk", want: "partly"},
		{t: audit.AnswerYesNo, value: "na", want: "not applicable"},
		{t: audit.AnswerYesNo, value: "", clear: true},
		{t: audit.AnswerYesNo, value: "maybe", bad: true},
		{t: audit.AnswerDate, value: "2025-09-01", want: "2025-09-01"},
		{t: audit.AnswerDate, special: "never", want: "no"},
		{t: audit.AnswerDate, value: "2025-13-01", bad: true},
		{t: audit.AnswerNumber, value: "2.5", want: "2.5"},
		{t: audit.AnswerNumber, value: "-1", bad: true},
		{t: audit.AnswerNumber, special: "unknown", want: "unknown"},
		{t: audit.AnswerList, value: "HotDoc\r\nHealthLink\r\n", want: "HotDoc, HealthLink"},
		{t: audit.AnswerList, special: "none", want: ""},
		{t: audit.AnswerList, value: "", note: "a note alone", bad: true},
	}
	for _, c := range cases {
		ctl := byType[c.t]
		a, clear, err := parseAnswer(ctl, c.value, c.special, c.note)
		if (err != nil) != c.bad || clear != c.clear {
			t.Errorf("%s %q/%q: clear %v err %v", c.t, c.value, c.special, clear, err)
			continue
		}
		if c.bad || c.clear {
			continue
		}
		if a.String() != c.want {
			t.Errorf("%s %q/%q = %q, want %q", c.t, c.value, c.special, a.String(), c.want)
		}
		v, s, n := answerFields(ctl.AnswerType, a)
		if fingerprint(v, s, n) != fingerprint(c.value, c.special, c.note) {
			t.Errorf("%s %q/%q is shown again as %q/%q/%q", c.t, c.value, c.special, v, s, n)
		}
	}
}

// The profile form saves staff with their dates; a mistake comes back
// with the form as typed and changes nothing; export and import round-trip.
func TestProfileForm(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.userA)
	path := practicePath(e.a.ID)
	form := url.Values{"name": {"Harbour Street Clinic"}, "country": {"AU"}, "time_zone": {"Australia/Perth"}, "domains": {"harboursidefp.com.au\r\nharbourside.example"},
		"public_ips": {"203.0.113.24"}, "pms_product": {"Best Practice"}, "pms_hosting": {"on-premises"}, "rto_hours": {"8"},
		"staff_count":  {"4"},
		"staff.0.name": {"Olivia Brown"}, "staff.0.role": {"manager"}, "staff.0.email": {"olivia.brown@harboursidefp.com.au"}, "staff.0.start": {"2021-03-01"},
		"staff.1.name": {"Dr James Taylor"}, "staff.1.role": {"locum"}, "staff.1.accounts": {`HARBOURSIDE\jtaylor, jt@x.example`}, "staff.1.start": {"2026-01-05"}, "staff.1.end": {"2026-03-27"},
		"staff.2.name": {"Gone Person"}, "staff.2.role": {"gp"}, "staff.2.remove": {"1"},
	}
	wantStatus(t, c.postForm(path+"/profile", form), http.StatusSeeOther)
	p, err := e.st.Practice(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	prof, err := p.Profile()
	must(t, err)
	if len(prof.Staff) != 2 || prof.Staff[1].End == nil || prof.Staff[1].End.String() != "2026-03-27" || len(prof.Staff[1].Accounts) != 2 ||
		len(prof.Domains) != 2 || prof.PMS.RTOHours != 8 {
		t.Errorf("saved profile %+v", prof)
	}
	if prof.TimeZone != "Australia/Perth" || p.TimeZone != "Australia/Perth" || p.Location().String() != "Australia/Perth" {
		t.Errorf("time zone: profile %q, practice %q", prof.TimeZone, p.TimeZone)
	}
	wantContains(t, c.get(path), `<option value="Australia/Perth" selected>`)
	before := p.ProfileYAML
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("staff.0.email", "not an email")
	res := c.postForm(path+"/profile", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantContains(t, res, "is not an email address", `value="not an email"`)
	bad.Set("staff.0.email", "")
	bad.Set("staff.1.end", "2025-01-01")
	wantContains(t, c.postForm(path+"/profile", bad), "before start")
	p, _ = e.st.Practice(context.Background(), e.admin.Tenant(), e.a.ID)
	if p.ProfileYAML != before {
		t.Error("a rejected form changed the profile")
	}
	// Export, then import a broken file: the line is named, nothing changes.
	exp := c.get(path + "/practice.yaml")
	wantStatus(t, exp, http.StatusOK)
	if exp.body != before || !strings.Contains(exp.Header.Get("Content-Disposition"), "practice.yaml") {
		t.Errorf("export differs from the stored profile")
	}
	res = c.upload(path+"/profile/import", "file", map[string][]byte{"practice.yaml": []byte("name: X\ncountry: AU\nstaff:\n  - {name: A, role: wizard}\n")}, nil)
	wantStatus(t, res, http.StatusBadRequest)
	wantContains(t, res, "practice.yaml:4", "wizard", "nothing changed")
	res = c.upload(path+"/profile/import", "file", map[string][]byte{"practice.yaml": []byte(profileA)}, nil)
	wantStatus(t, res, http.StatusSeeOther)
	p, _ = e.st.Practice(context.Background(), e.admin.Tenant(), e.a.ID)
	if p.ProfileYAML != profileA {
		t.Error("import did not replace the profile")
	}
}

// The practice list searches by name and sorts; a provider sees every
// practice with its latest audit.
func TestPracticeList(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	c.runAudit(practicePath(e.a.ID))
	res := c.get("/practices")
	wantContains(t, res, "Harbour Street Clinic", "Bayview Medical", "Not audited yet", "Maturity level 0")
	res = c.get("/practices?q=BAY")
	wantContains(t, res, "Bayview Medical")
	if strings.Contains(res.body, "Harbour Street") {
		t.Error("search did not filter")
	}
	res = c.get("/practices?sort=last_audit")
	if strings.Index(res.body, "Harbour Street") < strings.Index(res.body, "Bayview") {
		t.Error("never-audited practices do not come first when sorted by last audit")
	}
	wantStatus(t, c.get("/practices?sort=drop+table"), http.StatusOK)
}

// Two audits compare: what was fixed, what is new.
func TestCompare(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	path := practicePath(e.a.ID)
	wantStatus(t, c.get(path+"/compare"), http.StatusOK)
	c.postForm(path+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"no"}})
	c.runAudit(path)
	c.postForm(path+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"yes"}})
	c.postForm(path+"/answers/BAK-RESTORE-TESTED", url.Values{"k.BAK-RESTORE-TESTED": {"never"}})
	c.runAudit(path)
	res := c.get(path + "/compare")
	wantStatus(t, res, http.StatusOK)
	fixed := res.body[strings.Index(res.body, "<h2>Fixed"):strings.Index(res.body, "<h2>New problems")]
	if !strings.Contains(fixed, "ACC-MFA-ALL") {
		t.Errorf("ACC-MFA-ALL is not listed as fixed:\n%s", fixed)
	}
	results := c.follow(c.get(path + "/results"))
	wantContains(t, results, "fixed", "Compare audits")
}

// The audit log shows admins who did what.
func TestAuditLogPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.auditor)
	c.runAudit(practicePath(e.a.ID))
	admin := e.signedIn(e.admin)
	res := admin.get("/admin/log")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, "audit.run", "Audrey Auditor", "Harbour Street Clinic", "signin")
	res = admin.get("/admin/log?action=audit.run")
	if strings.Contains(res.body, "<code>signin</code>") {
		t.Error("the action filter did not filter")
	}
}

// The demo loads once, with an audit, and shows to a provider.
func TestLoadDemo(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.srv.LoadDemo(ctx)
	must(t, err)
	again, err := e.srv.LoadDemo(ctx)
	must(t, err)
	if again != id {
		t.Errorf("the demo loaded twice: %d, %d", id, again)
	}
	c := e.signedIn(e.auditor)
	res := c.follow(c.get(practicePath(id) + "/results"))
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, "Results as of 2026-11-20", "The plan")
	ws := c.get(practicePath(id) + "/workspace")
	wantContains(t, ws, "facts.json", "Answered by an import")
}
