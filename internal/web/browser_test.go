package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"triage/internal/report"
)

// Browser tests drive the application in headless Chromium. They skip
// when Chromium (or axe-core) is missing, unless TRIAGE_REQUIRE_CHROMIUM=1
// makes that a failure, as CI does. TRIAGE_SCREENSHOTS=DIR keeps the
// screenshots of the main pages for a person to look at.

const requireBrowserEnv = "TRIAGE_REQUIRE_CHROMIUM"

// axePath is axe-core as `npm ci --prefix tools/axe` installs it.
var axePath = filepath.Join("..", "..", "tools", "axe", "node_modules", "axe-core", "axe.min.js")

func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv(requireBrowserEnv) == "1" {
		t.Fatalf(format+" ("+requireBrowserEnv+"=1)", args...)
	}
	t.Skipf(format, args...)
}

// newBrowser starts headless Chromium for the test, with a window the size
// of a laptop screen and downloads allowed into dir.
func newBrowser(t *testing.T, dir string) context.Context {
	t.Helper()
	path, err := report.FindChromium("")
	if err != nil {
		missing(t, "no Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path), chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.WindowSize(1280, 900))
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	must(t, chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
		return err
	})))
	return bctx
}

func ptr[T any](v T) *T { return &v }

// shot saves what the window shows, scrolled to the element at (when
// given), when TRIAGE_SCREENSHOTS names a folder.
func shot(t *testing.T, ctx context.Context, name string, at ...string) {
	t.Helper()
	dir := os.Getenv("TRIAGE_SCREENSHOTS")
	if dir == "" {
		return
	}
	if len(at) > 0 {
		eval[chromedp.Void](t, ctx, `document.querySelector(`+strconvQuote(at[0])+`).scrollIntoView()`)
	} else {
		eval[chromedp.Void](t, ctx, `window.scrollTo(0, 0)`)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(t, err)
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// text is the text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

// clickAndLoad clicks something that loads a new page and waits for it,
// so the next step never acts on the page being left.
func clickAndLoad(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.leaving = true`), chromedp.Click(chromedp.CSS(sel))))
	waitFor(t, ctx, `!window.leaving && document.readyState === "complete"`)
}

// waitFor waits until the JavaScript expression is true.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	// Evaluated again and again rather than with Poll, which gives up when
	// the page it polls navigates away.
	var err error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
	}
	t.Fatalf("waiting for %s: %v", js, err)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// The end-to-end flow in a real browser, with JavaScript (and so htmx) on:
// sign in, add a practice, upload an export, answer with autosave, reload,
// run the audit, accept a risk, set an action's status, download the PDF.
func TestBrowserFlow(t *testing.T) {
	dir := t.TempDir()
	ctx := newBrowser(t, dir)
	e := newEnv(t)
	_, err := e.srv.LoadDemo(context.Background())
	must(t, err)
	base := e.ts.URL
	users, err := filepath.Abs("../importer/testdata/entra_users_csv/users.csv")
	must(t, err)

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), e.auditor.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.stack button")),
		chromedp.WaitVisible(chromedp.CSS("table.list")),
	))
	shot(t, ctx, "practices")
	if got := text(t, ctx, "h1"); got != "Practices" {
		t.Fatalf("after sign-in the page is %q", got)
	}

	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/practices/new"]`)),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Riverside Family Practice"),
	))
	clickAndLoad(t, ctx, "form.stack button")
	if !strings.Contains(text(t, ctx, ".flash"), "Added Riverside Family Practice") {
		t.Fatal("no confirmation after adding the practice")
	}
	shot(t, ctx, "practice")
	loc := eval[string](t, ctx, "location.pathname")

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+loc+"/workspace"),
		chromedp.WaitVisible(chromedp.CSS("#files")),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{users}),
	))
	clickAndLoad(t, ctx, "#evidence form button")
	if f := text(t, ctx, ".flash"); !strings.Contains(f, "users.csv: read as") {
		t.Fatalf("upload said %q", f)
	}

	// Autosave: a click on a radio button saves with no submit.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+loc+"/workspace?area=access"),
		chromedp.WaitVisible(chromedp.CSS(`#q-ACC-MFA-ALL`)),
		chromedp.Click(chromedp.CSS(`input[name="a.ACC-MFA-ALL"][value="no"]`)),
	))
	waitFor(t, ctx, `document.querySelector("#st-ACC-MFA-ALL").textContent.includes("Saved.")`)
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#a-ACC-PMS-LEAST-PRIV`), "2025-09-01"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#a-ACC-PMS-LEAST-PRIV").dispatchEvent(new Event("change", {bubbles: true}))`),
	))
	waitFor(t, ctx, `document.querySelector("#st-ACC-PMS-LEAST-PRIV").textContent.includes("Saved.")`)
	// The count is swapped in out of band by the same answer, so it is
	// read in the page (a node looked up first may be replaced meanwhile).
	waitFor(t, ctx, `(document.querySelector("#progress-access")?.textContent ?? "").startsWith("2 of ")`)
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#q-ACC-MFA-ALL`))))
	if !eval[bool](t, ctx, `document.querySelector('input[name="a.ACC-MFA-ALL"][value="no"]').checked`) ||
		eval[string](t, ctx, `document.querySelector("#a-ACC-PMS-LEAST-PRIV").value`) != "2025-09-01" {
		t.Fatal("the answers were lost on reload")
	}
	if !strings.Contains(text(t, ctx, "#st-ACC-MFA-ALL"), "Answered by Audrey Auditor") {
		t.Error("the question does not say who answered")
	}
	shot(t, ctx, "workspace")

	clickAndLoad(t, ctx, ".runbar form[action$='/audits'] button")
	// The audit runs as a job: its status page polls (htmx) until the
	// results link appears.
	if !strings.HasPrefix(text(t, ctx, "h1"), "Audit") {
		t.Fatalf("running the audit did not show its status page: %q", text(t, ctx, "h1"))
	}
	waitFor(t, ctx, `document.querySelector('#job-status a[href*="/audits/"]') !== null`)
	shot(t, ctx, "audit-job")
	clickAndLoad(t, ctx, `#job-status a[href*="/audits/"]`)
	shot(t, ctx, "results")
	if !strings.HasPrefix(text(t, ctx, "h1"), "Results as of") {
		t.Fatal("running the audit did not show the results")
	}
	// Accept a risk.
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#ACC-MFA-ALL details.accept summary`)),
		chromedp.SendKeys(chromedp.CSS(`#owner-ACC-MFA-ALL`), "Dr Jane Smith"),
		chromedp.SendKeys(chromedp.CSS(`#reason-ACC-MFA-ALL`), "New phones arrive in March"),
	))
	clickAndLoad(t, ctx, `#ACC-MFA-ALL details.accept button`)
	if !strings.Contains(text(t, ctx, "#ACC-MFA-ALL .acceptance"), "Dr Jane Smith") {
		t.Error("the acceptance does not show")
	}
	// Set an action's status.
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#st-enforce-mfa`), "in_progress"),
		chromedp.SendKeys(chromedp.CSS(`#note-enforce-mfa`), "Keys ordered"),
	))
	clickAndLoad(t, ctx, `#act-enforce-mfa button`)
	if v := eval[string](t, ctx, `document.querySelector("#st-enforce-mfa").value`); v != "in_progress" {
		t.Errorf("action status after saving: %q", v)
	}

	// Download the PDF.
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href$="/download/pdf"]`))))
	var file string
	for ev, err := range progress {
		must(t, err)
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the PDF download was cancelled")
		}
	}
	pdf, err := os.ReadFile(file)
	must(t, err)
	if !strings.HasPrefix(string(pdf), "%PDF-") || len(pdf) < 10000 {
		t.Errorf("the download is not a PDF report (%d bytes)", len(pdf))
	}
}

// axeViolation is one broken rule, as axe reports it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Every page, as the people who see it, has no accessibility violation
// axe-core rates serious or critical.
func TestAxeEveryPage(t *testing.T) {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		missing(t, "axe-core not installed (run: npm ci --prefix tools/axe): %v", err)
	}
	dir := t.TempDir()
	ctx := newBrowser(t, dir)
	e := newEnv(t)
	demoID, err := e.srv.LoadDemo(context.Background())
	must(t, err)
	f := seed(t, e)
	// A second demo audit so the comparison has something to show.
	c := e.signedIn(e.admin)
	c.runAudit(practicePath(demoID))
	demo := practicePath(demoID)
	check := func(who, path string) {
		t.Helper()
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+path), chromedp.WaitReady(chromedp.CSS("main"))))
		if who != "anonymous" && eval[string](t, ctx, "location.pathname") == "/signin" {
			t.Fatalf("%s %s: sent to sign in", who, path)
		}
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe))))
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
		})))`, chromedp.EvalAwaitPromise))
		must(t, err)
		for _, v := range found {
			msg := fmt.Sprintf("%s %s: %s (%s): %s\n    %s", who, path, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	signIn := func(email string) {
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(e.ts.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
			chromedp.Click(chromedp.CSS("form.stack button")), chromedp.WaitVisible(chromedp.CSS("form.signout"))))
	}
	for _, p := range []string{"/signin", "/invite/some-token", "/no/such/page"} {
		check("anonymous", p)
	}
	signIn(e.admin.Email)
	for _, p := range []string{"/practices", "/practices/new", demo, demo + "/workspace", demo + "/workspace?area=continuity",
		demo + "/workspace?area=people", demo + "/results", demo + "/compare", "/account", "/account/totp",
		"/admin/log", "/admin/users", auditPath(e.a.ID, f.auditA), jobPath(e.a.ID, f.jobA)} {
		if p == demo+"/results" {
			// Follow the redirect to the audit itself.
			must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+p), chromedp.WaitReady(chromedp.CSS("main"))))
			p = eval[string](t, ctx, "location.pathname")
		}
		check("admin", p)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+demo+"/compare"), chromedp.WaitReady(chromedp.CSS("main"))))
	shot(t, ctx, "compare")
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+demo+"/workspace?area=continuity"), chromedp.WaitReady(chromedp.CSS("main"))))
	shot(t, ctx, "workspace-demo")
	shot(t, ctx, "workspace-demo-questions", "#questionnaire-h")
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+demo), chromedp.WaitReady(chromedp.CSS("main"))))
	shot(t, ctx, "practice-demo")
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+demo+"/results"), chromedp.WaitReady(chromedp.CSS("main"))))
	shot(t, ctx, "results-demo")
	shot(t, ctx, "results-demo-plan", "#plan-h")
	shot(t, ctx, "results-demo-findings", "#findings-h")
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/practices"), chromedp.WaitReady(chromedp.CSS("main"))))
	shot(t, ctx, "practices-demo")
	// A practice manager's view.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email"))))
	signIn(e.userA.Email)
	check("practice A", practicePath(e.a.ID))
	check("practice A", practicePath(e.a.ID)+"/workspace")
	shot(t, ctx, "manager-practice")
}
