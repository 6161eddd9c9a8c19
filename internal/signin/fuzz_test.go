package signin

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"triage/internal/audit"
)

// The fuzz targets feed arbitrary bytes to Detect and Read. Nothing may
// panic; every error is a located EInvalid *audit.Error; the parallel
// reader (with tiny chunks, to cut everywhere) must give exactly what the
// sequential one gives, errors included; and whatever encoding/json can
// read, Read must read to the same totals.

func FuzzSignInGraphJSON(f *testing.F) {
	for _, text := range graphLayouts() {
		f.Add([]byte(text))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, layout := range layouts {
		events := []object{randomEvent(rng, false), randomEvent(rng, false), randomEvent(rng, false)}
		f.Add(writeLog(events, layout, 2, rng))
	}
	f.Add([]byte(`[{"createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b","status":{"errorCode":0}},`))
	f.Fuzz(fuzzJSON)
}

func FuzzSignInLogAnalytics(f *testing.F) {
	f.Add([]byte(`[{"TimeGenerated":"2024-05-01T09:30:00.123Z","ResultType":"0","UserPrincipalName":"amy@clinic.example","ClientAppUsed":"IMAP4","DeviceDetail":"{\"deviceId\":\"\",\"operatingSystem\":\"Android\"}","MfaDetail":"{}","Status":"{\"errorCode\":0}"}]`))
	rng := rand.New(rand.NewPCG(5, 6))
	for _, layout := range []string{"lines", "array", "pretty"} {
		events := []object{randomEvent(rng, true), randomEvent(rng, true), randomEvent(rng, true)}
		f.Add(writeLog(events, layout, 2, rng))
	}
	f.Fuzz(fuzzJSON)
}

func fuzzJSON(t *testing.T, data []byte) {
	Detect(data)
	one, err1 := Read("log.json", bytes.NewReader(data), Options{Workers: 1})
	chunk := 32 + len(data)%97
	two, err2 := Read("log.json", bytes.NewReader(data), Options{Workers: 2, chunk: chunk})
	checkErr(t, err1)
	checkErr(t, err2)
	if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
		t.Fatalf("sequential and parallel (chunk %d) disagree:\n%v\n%v", chunk, err1, err2)
	}
	if err1 == nil {
		if diff := sameSummary(two, one); diff != "" {
			t.Fatalf("parallel (chunk %d) differs from sequential: %s", chunk, diff)
		}
	}
	// encoding/json turns invalid UTF-8 into U+FFFD; Read keeps the bytes.
	if !utf8.Valid(data) {
		return
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(body) == 0 || body[0] != '{' && body[0] != '[' {
		return
	}
	want, err := refRead(data)
	if err != nil {
		return // Read may be more lenient (a stray backslash, a control character)
	}
	if err1 != nil {
		t.Fatalf("encoding/json reads it but Read fails: %v", err1)
	}
	if diff := sameSummary(one, want); diff != "" {
		t.Fatalf("Read differs from the reference: %s", diff)
	}
}

func FuzzSignInCSV(f *testing.F) {
	f.Add([]byte(laCSV))
	f.Add([]byte(entraCSV))
	f.Add([]byte(strings.ReplaceAll(entraCSV, ",", ";")))
	f.Add([]byte("Date (UTC),Username,Status\n9/3/2021, 3:59:14 PM,a@b,Success\n"))
	f.Add([]byte("Date (UTC),Username,Status\n\"9/3/2021, 3:59:14 PM\",a@b,Success\n,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Detect(data)
		s, err := Read("log.csv", bytes.NewReader(data), Options{})
		checkErr(t, err)
		body := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
		if err != nil || len(body) == 0 || body[0] == '{' || body[0] == '[' {
			return
		}
		// Every row is counted or skipped with a reason.
		rows := countCSVRows(t, data)
		if got := s.Events + skipped(s); got != rows {
			t.Fatalf("%d events + %d skipped != %d rows", s.Events, skipped(s), rows)
		}
	})
}

// countCSVRows counts data rows the plain way.
func countCSVRows(t *testing.T, data []byte) int {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	n := -1 // the header
	for {
		_, err := r.Read()
		if err == io.EOF {
			return max(n, 0)
		}
		if err != nil {
			t.Fatalf("Read accepted a file encoding/csv cannot read: %v", err)
		}
		n++
	}
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File == "" || e.Line < 0 {
		t.Fatalf("not a located EInvalid error: %#v", err)
	}
}
