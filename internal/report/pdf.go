package report

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"triage/internal/audit"
)

// DefaultPDFTimeout bounds printing a PDF when Options.Timeout is not set.
// A report prints in a second or two; the margin is for a slow first start
// of the browser on a busy machine.
const DefaultPDFTimeout = 60 * time.Second

// ChromiumEnv names the environment variable that points at the browser the
// PDF format prints with.
const ChromiumEnv = "TRIAGE_CHROMIUM"

// ErrNoChromium is returned, inside an *audit.Error, when no browser to print
// a PDF with can be found. Callers that write every format (such as a demo)
// can test for it with errors.Is and skip the PDF.
var ErrNoChromium = errors.New("no Chromium found")

// noChromiumMsg tells the user how to get a PDF.
const noChromiumMsg = "PDF needs Chromium: install the Debian package 'chromium' (apt-get install chromium) or pass --chromium PATH / set " + ChromiumEnv

// chromiumNames are the browser commands looked for on PATH, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// PDFWriter prints the HTML report to PDF with headless Chromium: A4 paper,
// or Letter for a US practice, with the practice's name and the audit date
// at the top of every page and page numbers at the bottom.
//
// Unlike the other formats, the PDF is not byte-for-byte reproducible:
// Chromium stamps it with the time it was made. Its content is the HTML
// report's, which is.
type PDFWriter struct {
	Output io.Writer
	// Top is how many actions and strengths the summary lists; 0 or less
	// means DefaultTop.
	Top int
	// Chromium is the browser to print with; see FindChromium.
	Chromium string
	// Timeout bounds the whole print, browser start included; 0 or less
	// means DefaultPDFTimeout.
	Timeout time.Duration
}

// Write prints the report of r.
func (pw PDFWriter) Write(r *audit.Result) error {
	return pw.WriteContext(context.Background(), r)
}

// WriteContext is Write under ctx, for callers (a web request, a job) that
// must stop the browser when they are cancelled.
func (pw PDFWriter) WriteContext(ctx context.Context, r *audit.Result) error {
	page, err := renderHTML(r, pw.Top)
	if err != nil {
		return err
	}
	browser, err := FindChromium(pw.Chromium)
	if err != nil {
		return err
	}
	timeout := pw.Timeout
	if timeout <= 0 {
		timeout = DefaultPDFTimeout
	}
	pdf, err := printPDF(ctx, browser, page, newPageSetup(r), timeout)
	if err != nil {
		return err
	}
	return output(pw.Output, FormatPDF, string(pdf))
}

// FindChromium returns the browser to print PDFs with: explicit when set,
// else the TRIAGE_CHROMIUM environment variable, else the first of chromium,
// chromium-browser, google-chrome and google-chrome-stable on PATH. When
// none is found, or the one named is not there, the error is an *audit.Error
// wrapping ErrNoChromium that says how to install one.
func FindChromium(explicit string) (string, error) {
	return findChromium(explicit, os.Getenv, exec.LookPath)
}

func findChromium(explicit string, getenv func(string) string, lookPath func(string) (string, error)) (string, error) {
	named := func(path, from string) (string, error) {
		p, err := lookPath(path)
		if err != nil {
			return "", &audit.Error{Code: audit.EInternal, Msg: noChromiumMsg,
				Err: fmt.Errorf("%w: %s %q is not an executable: %v", ErrNoChromium, from, path, err)}
		}
		return p, nil
	}
	if explicit != "" {
		return named(explicit, "the browser")
	}
	if env := getenv(ChromiumEnv); env != "" {
		return named(env, ChromiumEnv)
	}
	for _, name := range chromiumNames {
		if p, err := lookPath(name); err == nil {
			return p, nil
		}
	}
	return "", &audit.Error{Code: audit.EInternal, Msg: noChromiumMsg, Err: ErrNoChromium}
}

// browserOptions start Chromium headless, with nothing it would do for a
// person (sync, updates, first-run pages, background fetches), in a fresh
// profile, talking to us over a pipe rather than a port. The sandbox is
// off because it does not start as root or in most containers, and the page
// is our own, with a policy that forbids scripts.
func browserOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
	}
}

// printPDF loads page from a temporary file (no network) into a fresh
// headless Chromium and prints it. The timeout covers the browser's start,
// so a browser that hangs is killed and never hangs the caller.
func printPDF(ctx context.Context, browser string, page []byte, setup pageSetup, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "triage-pdf-")
	if err != nil {
		return nil, &audit.Error{Code: audit.EInternal, Msg: "report: making a folder for the PDF", Err: err}
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return nil, &audit.Error{Code: audit.EInternal, Msg: "report: writing the page to print", Err: err}
	}

	// Cancelling the allocator stops the browser and waits for it to exit,
	// so the deferred RemoveAll above finds the profile closed.
	actx, acancel := chromedp.NewExecAllocator(ctx, browserOptions(browser, filepath.Join(dir, "profile"))...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	if err := chromedp.Do(bctx, chromedp.Navigate(fileURL(file))); err != nil {
		return nil, pdfError(ctx, browser, timeout, "loading the report", err)
	}
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(setup.options()...))
	if err != nil {
		return nil, pdfError(ctx, browser, timeout, "printing the report", err)
	}
	return pdf, nil
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// pdfError says what failed, naming the browser, and whether it was the
// timeout.
func pdfError(ctx context.Context, browser string, timeout time.Duration, doing string, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &audit.Error{Code: audit.EInternal,
			Msg: fmt.Sprintf("report: %s with %s did not finish within %s; the browser was stopped", doing, browser, timeout), Err: err}
	}
	return &audit.Error{Code: audit.EInternal, Msg: fmt.Sprintf("report: %s with %s", doing, browser), Err: err}
}

// pageSetup is the paper and the running header and footer.
type pageSetup struct {
	paper  chromedp.PaperSize
	header string
	footer string
}

// Page margins in inches: room for the running header and footer.
const (
	marginTop    = 0.75
	marginBottom = 0.7
	marginSide   = 0.6
)

// newPageSetup picks the paper by country, US Letter for the US and A4
// elsewhere, and writes the header and footer. Chromium fills the spans of
// class pageNumber and totalPages; everything else is our text, escaped,
// since these templates are HTML too.
func newPageSetup(r *audit.Result) pageSetup {
	paper := chromedp.PaperA4
	if strings.EqualFold(r.Practice.Country, "US") {
		paper = chromedp.PaperLetter
	}
	esc := template.HTMLEscapeString
	style := `font-family: 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #444; width: 100%; margin: 0 ` +
		fmt.Sprintf("%.2fin", marginSide) + `; display: flex; justify-content: space-between;`
	header := `<div style="` + style + `"><span>` + esc(practiceName(r.Practice)) + `</span><span>Cyber security audit as of ` + esc(r.AsOf) + `</span></div>`
	left := "Triage"
	if r.ToolVersion != "" {
		left += " " + r.ToolVersion
	}
	if r.CatalogVersion != "" {
		left += " · catalogue " + r.CatalogVersion
	}
	footer := `<div style="` + style + `"><span>` + esc(left) + `</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
	return pageSetup{paper: paper, header: header, footer: footer}
}

func (s pageSetup) options() []chromedp.PDFOption {
	return []chromedp.PDFOption{
		chromedp.PDFPaper(s.paper),
		chromedp.PDFMargins(marginTop, marginSide, marginBottom, marginSide),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(s.header),
		chromedp.PDFFooterTemplate(s.footer),
		chromedp.PDFOutlineAndTagged(),
	}
}
