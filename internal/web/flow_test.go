package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"triage/internal/audit"
)

// The whole job, as an IT provider does it: sign in, add a practice, upload
// a real export, answer questions (and find them again after a reload),
// run the audit, accept a risk, record progress on an action, and download
// the CSV and JSON reports.
func TestEndToEnd(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.signedIn(e.auditor)

		// Add a practice.
		res := c.upload("/practices", "file", nil, url.Values{"name": {"Riverside Family Practice"}, "country": {"AU"}})
		wantStatus(t, res, http.StatusSeeOther)
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/practices/\d+$`).MatchString(loc) {
			t.Fatalf("new practice redirects to %q", loc)
		}
		page := c.follow(res)
		wantContains(t, page, "Riverside Family Practice", "Added Riverside Family Practice")

		// Upload a real Entra ID export.
		users, err := os.ReadFile("../importer/testdata/entra_users_csv/users.csv")
		must(t, err)
		res = c.upload(loc+"/evidence", "files", map[string][]byte{"users.csv": users}, nil)
		wantStatus(t, res, http.StatusSeeOther)
		ws := c.follow(res)
		wantContains(t, ws, "users.csv: read as Entra ID users (CSV download)", "facts.",
			`<span title="entra_users_csv">Entra ID users (CSV download)</span>`)
		if strings.Contains(ws.body, "Not imported") {
			t.Fatalf("the export was not imported:\n%s", ws.body)
		}

		// Answer a yes/no question with htmx, a date question without.
		res = c.postForm(loc+"/answers/ACC-MFA-ALL", url.Values{"a.ACC-MFA-ALL": {"no"}, "n.ACC-MFA-ALL": {"Only the admins have it"}}, "HX-Request", "true")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Saved.", "Answered by Audrey Auditor", `hx-swap-oob="true"`)
		if strings.Contains(res.body, "<html") {
			t.Error("an htmx save answered with a whole page")
		}
		res = c.postForm(loc+"/answers/ACC-LEAVER-REVOKE", url.Values{"a.ACC-LEAVER-REVOKE": {"partly"}})
		wantStatus(t, res, http.StatusSeeOther)

		// Reload: the answers are there, and say who gave them.
		ws = c.get(loc + "/workspace?area=access")
		wantStatus(t, ws, http.StatusOK)
		for _, want := range []string{
			`name="a.ACC-MFA-ALL" value="no" checked`,
			`value="Only the admins have it"`,
			`name="a.ACC-LEAVER-REVOKE" value="partly" checked`,
			"Answered by Audrey Auditor, 2026-11-20 09:00 UTC",
		} {
			if !strings.Contains(ws.body, want) {
				t.Errorf("after a reload the workspace lacks %q", want)
			}
		}

		// Run the audit.
		auditURL := c.runAudit(loc)
		results := c.get(auditURL)
		wantStatus(t, results, http.StatusOK)
		wantContains(t, results, "Results as of 2026-11-20", "ACC-MFA-ALL", "The plan")

		// Filter: only failures in Access.
		filtered := c.get(auditURL + "?area=access&status=fail")
		wantStatus(t, filtered, http.StatusOK)
		if strings.Contains(filtered.body, `class="finding f-pass"`) || strings.Contains(filtered.body, `id="BAK-`) {
			t.Error("the filter let through findings it should hide")
		}

		// Accept a risk, set an action's status.
		res = c.postForm(loc+"/acceptances/ACC-MFA-ALL", url.Values{"owner": {"Dr Jane Smith"}, "reason": {"Replacing the phones in March"}, "until": {"2027-03-31"}, "audit": {strings.TrimPrefix(auditURL, loc+"/audits/")}})
		wantStatus(t, res, http.StatusSeeOther)
		if got := res.Header.Get("Location"); got != auditURL+"#ACC-MFA-ALL" {
			t.Errorf("accepting a risk returns to %q", got)
		}
		res = c.postForm(loc+"/actions/enforce-mfa", url.Values{"status": {"in_progress"}, "note": {"Ordered keys"}, "audit": {strings.TrimPrefix(auditURL, loc+"/audits/")}})
		wantStatus(t, res, http.StatusSeeOther)
		results = c.follow(res)
		wantContains(t, results, "Risk accepted by Dr Jane Smith until 2027-03-31", `value="in_progress" selected`, "Ordered keys", "Updated by Audrey Auditor")

		// The next audit shows the acceptance in force.
		second := c.get(c.runAudit(loc))
		wantContains(t, second, `class="finding f-accepted" id="ACC-MFA-ALL"`)

		// Downloads.
		csvRes := c.get(auditURL + "/download/csv")
		wantStatus(t, csvRes, http.StatusOK)
		if cd := csvRes.Header.Get("Content-Disposition"); !strings.Contains(cd, `attachment; filename="triage-riverside-family-practice-2026-11-20.csv"`) {
			t.Errorf("CSV Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(csvRes.body)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("the CSV report does not parse: %v (%d rows)", err, len(rows))
		}
		jsonRes := c.get(auditURL + "/download/json")
		wantStatus(t, jsonRes, http.StatusOK)
		var r audit.Result
		if err := json.Unmarshal([]byte(jsonRes.body), &r); err != nil {
			t.Fatalf("the JSON report does not parse: %v", err)
		}
		if r.Practice.Name != "Riverside Family Practice" || len(r.Evidence) != 1 || r.Evidence[0].File != "users.csv" {
			t.Errorf("the JSON report names %+v with evidence %+v", r.Practice, r.Evidence)
		}
		if f, _ := r.Finding("ACC-MFA-ALL"); f.Answer == "" {
			t.Error("the JSON report lacks the answer given to ACC-MFA-ALL")
		}
	})
}
