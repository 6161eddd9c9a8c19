package report

import (
	"os"
	"os/exec"
	"testing"
)

// requireBrowserEnv turns the skips of tests that need Chromium, poppler's
// tools or axe-core into failures, so CI cannot pass by not running them.
const requireBrowserEnv = "TRIAGE_REQUIRE_CHROMIUM"

func browserRequired() bool { return os.Getenv(requireBrowserEnv) == "1" }

// missing skips the test, or fails it when requireBrowserEnv is set.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if browserRequired() {
		t.Fatalf(format+" ("+requireBrowserEnv+"=1)", args...)
	}
	t.Skipf(format, args...)
}

// chromiumPath is the browser to test with, found as the PDF writer finds
// it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p, err := FindChromium("")
	if err != nil {
		missing(t, "no Chromium: %v", err)
	}
	return p
}

// haveChromium reports whether Chromium is there, failing the test when it
// is required and absent.
func haveChromium(t *testing.T) bool {
	t.Helper()
	if _, err := FindChromium(""); err != nil {
		if browserRequired() {
			t.Fatalf("no Chromium (%s=1): %v", requireBrowserEnv, err)
		}
		return false
	}
	return true
}

// optionsFor returns options that can write format, skipping the test for
// the PDF when there is no Chromium.
func optionsFor(t *testing.T, format string) Options {
	t.Helper()
	if format == FormatPDF {
		return Options{Chromium: chromiumPath(t)}
	}
	return Options{}
}

// tool finds a command-line tool such as pdftotext (Debian package
// poppler-utils).
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s not found: install the Debian package %s", name, pkg)
	}
	return p
}
