package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"triage/internal/report"
	"triage/internal/store"
)

// downloadTypes are the formats offered for download and their types.
var downloadTypes = map[string]string{
	report.FormatPDF:      "application/pdf",
	report.FormatHTML:     "text/html; charset=utf-8",
	report.FormatCSV:      "text/csv; charset=utf-8",
	report.FormatJSON:     "application/json",
	report.FormatMarkdown: "text/markdown; charset=utf-8",
}

// pdfTimeout bounds printing one PDF for a request.
const pdfTimeout = 90 * time.Second

// maxPrinters is how many PDFs one instance prints at once. Each is a
// Chromium process of a few hundred megabytes; a burst of downloads waits
// its turn rather than running the server out of memory.
const maxPrinters = 2

// waitForPrinter takes one of the printer slots, waiting up to pdfTimeout,
// and reports whether the request may print. It answers 503 itself when
// the wait runs out, and nothing when the client has gone.
func (s *Server) waitForPrinter(w http.ResponseWriter, r *http.Request) bool {
	ok, timedOut := s.printers.enter(r.Context())
	if timedOut {
		w.Header().Set("Retry-After", "30")
		s.errorPage(w, r, http.StatusServiceUnavailable, "Other reports are being printed. Try the PDF again in a minute, or download the HTML report now.")
	}
	return ok
}

// auditDownload sends the report of an audit as a file. Every format is
// an attachment: the HTML report is a page of its own, with its own
// policy, and is read after saving, not inside the application.
func (s *Server) auditDownload(w http.ResponseWriter, r *http.Request) error {
	p, a, err := s.auditFor(r)
	if err != nil {
		return err
	}
	format := r.PathValue("format")
	ctype, ok := downloadTypes[format]
	if !ok {
		return store.ErrNotFound
	}
	var b bytes.Buffer
	if format == report.FormatPDF {
		if !s.waitForPrinter(w, r) {
			return nil
		}
		defer s.printers.leave()
		ctx, cancel := context.WithTimeout(r.Context(), pdfTimeout)
		defer cancel()
		err = report.PDFWriter{Output: &b, Chromium: s.cfg.Chromium, Timeout: pdfTimeout}.WriteContext(ctx, a.Result)
	} else {
		err = report.Write(&b, format, a.Result, report.Options{})
	}
	if err != nil {
		if errors.Is(err, report.ErrNoChromium) {
			s.errorPage(w, r, http.StatusServiceUnavailable, "PDFs cannot be made on this server: it has no Chromium. Download the HTML report and print it from your browser, or ask your administrator to install the 'chromium' package.")
			return nil
		}
		return err
	}
	s.record(r.Context(), tenant(r), p.ID, "audit.download", fmt.Sprintf("audit %d as %s", a.ID, format))
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, downloadName(p.Name, a.AsOf, format)))
	_, err = w.Write(b.Bytes())
	return err
}

// downloadName is triage-<practice>-<date>.<ext>, in plain ASCII so every
// browser and file system keeps it.
func downloadName(practice, asOf, format string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(practice) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			slug.WriteRune(r)
			dash = false
		} else if !dash && slug.Len() > 0 {
			slug.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(slug.String(), "-")
	if len(name) > 60 {
		name = strings.TrimSuffix(name[:60], "-")
	}
	if name == "" {
		name = "practice"
	}
	return "triage-" + name + "-" + asOf + "." + format
}
