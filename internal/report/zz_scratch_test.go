package report

import (
	"os"
	"testing"
)

func TestScratchWrite(t *testing.T) {
	os.MkdirAll("/tmp/rep", 0o755)
	for _, f := range []string{FormatHTML, FormatCSV, FormatPDF} {
		os.WriteFile("/tmp/rep/report."+f, write(t, f, sample(), Options{}), 0o644)
	}
}
