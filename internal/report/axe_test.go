package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"triage/internal/audit"
)

// axePath is axe-core as `npm ci --prefix tools/axe` installs it, from this
// package's folder.
var axePath = filepath.Join("..", "..", "tools", "axe", "node_modules", "axe-core", "axe.min.js")

// axeViolation is one broken rule, as axe reports it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe loads page in headless Chromium, runs axe-core on it and returns
// what it found.
func runAxe(t *testing.T, browser string, axe, page []byte) []axeViolation {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, browserOptions(browser, filepath.Join(dir, "profile"))...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx, chromedp.Navigate(fileURL(file))); err != nil {
		t.Fatalf("loading the report: %v", err)
	}
	// Evaluated through the DevTools protocol, axe is not held back by the
	// page's policy against scripts.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	const check = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
	})))`
	found, err := chromedp.Run(bctx, chromedp.Evaluate[[]axeViolation](check, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	return found
}

// The HTML report has no accessibility violation that axe-core rates
// serious or critical (contrast, names, labels, structure). Lesser ones are
// logged.
func TestHTMLAxe(t *testing.T) {
	browser := chromiumPath(t)
	axe, err := os.ReadFile(axePath)
	if err != nil {
		missing(t, "axe-core not installed (run: npm ci --prefix tools/axe): %v", err)
	}
	// A page known to be broken first, so a harness that silently checks
	// nothing cannot pass.
	broken := []byte(`<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:,"><p style="color:#bbb">faint</p></main></body></html>`)
	ids := map[string]bool{}
	for _, v := range runAxe(t, browser, axe, broken) {
		ids[v.ID] = true
	}
	for _, want := range []string{"html-has-lang", "image-alt", "color-contrast"} {
		if !ids[want] {
			t.Fatalf("axe-core did not report %s on a page built to break it (found %v)", want, ids)
		}
	}

	us := sample()
	us.Practice = audit.PracticeRef{Name: "Maple Street Family Medicine", Country: "US"}
	for name, r := range map[string]*audit.Result{"AU": sample(), "US": us} {
		t.Run(name, func(t *testing.T) {
			found := runAxe(t, browser, axe, write(t, FormatHTML, r, Options{}))
			for _, v := range found {
				msg := fmt.Sprintf("%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			}
		})
	}
}
