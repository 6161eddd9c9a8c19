package report

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

// printSample prints r and returns the path of the PDF.
func printSample(t *testing.T, r *audit.Result) string {
	t.Helper()
	out := write(t, FormatPDF, r, Options{Chromium: chromiumPath(t)})
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: starts %q", out[:min(len(out), 16)])
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pdfInfo returns the page count and the page size line of pdfinfo.
func pdfInfo(t *testing.T, path string) (pages int, size string) {
	t.Helper()
	info := run(t, tool(t, "pdfinfo", "poppler-utils"), path)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	pages, _ = strconv.Atoi(m[1])
	if s := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(info); s != nil {
		size = s[1]
	}
	return pages, size
}

func TestPDF(t *testing.T) {
	r := sample()
	path := printSample(t, r)
	text := run(t, tool(t, "pdftotext", "poppler-utils"), path, "-")
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		r.Practice.Name,
		rankedActions(r)[0].Title,
		"Executive summary", "Action plan", "Findings by area", "About this report",
		"Page 1 of",                             // the footer
		"Cyber security audit as of 2026-11-30", // the header
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	pages, size := pdfInfo(t, path)
	if pages < 4 || pages > 30 {
		t.Errorf("the PDF has %d pages, want 4 to 30", pages)
	}
	if !strings.Contains(size, "A4") {
		t.Errorf("page size %q, want A4 for an Australian practice", size)
	}
}

func TestPDFLetterForUS(t *testing.T) {
	r := sample()
	r.Practice = audit.PracticeRef{Name: "Maple Street Family Medicine", Country: "US"}
	_, size := pdfInfo(t, printSample(t, r))
	if !strings.Contains(strings.ToLower(size), "letter") {
		t.Errorf("page size %q, want Letter for a US practice", size)
	}
}

// A browser that cannot finish in time is stopped and its temporary folder
// removed; the error says it was the time limit.
func TestPDFTimeout(t *testing.T) {
	browser := chromiumPath(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	start := time.Now()
	err := Write(&bytes.Buffer{}, FormatPDF, sample(), Options{Chromium: browser, Timeout: 50 * time.Millisecond})
	if err == nil {
		t.Fatal("printing within 50ms succeeded; want a timeout")
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the timeout took %s to stop the browser", took)
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInternal || !strings.Contains(err.Error(), "did not finish within 50ms") {
		t.Errorf("error = %v, want an internal *audit.Error saying the time ran out", err)
	}
	if left := ourTempDirs(t, tmp); len(left) > 0 {
		t.Errorf("the temporary folder still holds %v", left)
	}
}

// ourTempDirs lists the PDF writer's folders left in dir. Chromium killed
// while starting may leave files of its own there; those are not ours.
func ourTempDirs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "triage-pdf-") {
			ours = append(ours, e.Name())
		}
	}
	return ours
}

// A browser that starts and then never answers is killed at the timeout.
func TestPDFHungBrowser(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to fake a hung browser with")
	}
	tmp := t.TempDir()
	fake := filepath.Join(tmp, "hung-chromium")
	pidFile := filepath.Join(tmp, "pid")
	script := "#!" + sh + "\necho $$ > " + pidFile + "\nexec sleep 120\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(tmp, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", work)
	start := time.Now()
	err = Write(&bytes.Buffer{}, FormatPDF, sample(), Options{Chromium: fake, Timeout: 2 * time.Second})
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "did not finish within 2s") {
		t.Fatalf("error = %v, want the time limit", err)
	}
	if took > 20*time.Second {
		t.Errorf("a hung browser held the writer for %s", took)
	}
	// On a loaded machine the time may run out before the script writes
	// its pid; then there is no process to look for.
	if pid, err := os.ReadFile(pidFile); err == nil {
		if _, err := os.Stat("/proc/" + strings.TrimSpace(string(pid))); err == nil {
			t.Errorf("the hung browser (pid %s) is still running", strings.TrimSpace(string(pid)))
		}
	}
	if left := ourTempDirs(t, work); len(left) > 0 {
		t.Errorf("the temporary folder still holds %v", left)
	}
}

func TestPDFWithoutChromium(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, FormatPDF, sample(), Options{Chromium: filepath.Join(t.TempDir(), "no-such-browser")})
	if !errors.Is(err, ErrNoChromium) {
		t.Fatalf("error = %v, want ErrNoChromium", err)
	}
	var e *audit.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not an *audit.Error", err)
	}
	for _, want := range []string{"apt-get install chromium", "--chromium PATH", ChromiumEnv, "no-such-browser"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes without a browser", b.Len())
	}
}

func TestFindChromium(t *testing.T) {
	onPath := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, n := range names {
				if n == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", exec.ErrNotFound
		}
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == ChromiumEnv {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name     string
		explicit string
		env      string
		path     []string
		want     string
		wantErr  bool
	}{
		{"explicit wins", "chromium-browser", "google-chrome", []string{"chromium", "chromium-browser", "google-chrome"}, "/usr/bin/chromium-browser", false},
		{"then the environment", "", "google-chrome", []string{"chromium", "google-chrome"}, "/usr/bin/google-chrome", false},
		{"then PATH in order", "", "", []string{"google-chrome", "chromium-browser"}, "/usr/bin/chromium-browser", false},
		{"chromium first", "", "", []string{"google-chrome", "chromium"}, "/usr/bin/chromium", false},
		{"nothing", "", "", nil, "", true},
		{"explicit but missing", "/opt/none/chrome", "", []string{"chromium"}, "", true},
		{"environment but missing", "", "/opt/none/chrome", []string{"chromium"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := findChromium(tc.explicit, env(tc.env), onPath(tc.path...))
			if tc.wantErr {
				if !errors.Is(err, ErrNoChromium) {
					t.Errorf("error = %v, want ErrNoChromium", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("findChromium = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// The running header is HTML that Chromium renders, so the practice's name
// must be escaped there too.
func TestPageSetupEscapes(t *testing.T) {
	r := sample()
	r.Practice.Name = `<img src=x onerror=alert(1)> & Co`
	s := newPageSetup(r)
	if strings.Contains(s.header, "<img") || !strings.Contains(s.header, "&lt;img src=x onerror=alert(1)&gt; &amp; Co") {
		t.Errorf("header not escaped: %s", s.header)
	}
	for _, want := range []string{`class="pageNumber"`, `class="totalPages"`} {
		if !strings.Contains(s.footer, want) {
			t.Errorf("footer lacks %s: %s", want, s.footer)
		}
	}
}
