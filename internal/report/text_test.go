package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"triage/internal/audit"
)

// long is a result whose every text is longer than a line.
func long() *audit.Result {
	r := sample()
	r.Practice.Name = "The Very Long Named Northern Beaches Family and Travel Medicine Practice and Skin Cancer Clinic"
	r.Scores.Rating = "Not enough evidence"
	r.Scores.Cap = strings.Repeat("a critical failure holds the score down ", 5)
	for i := range r.Actions {
		r.Actions[i].Title = strings.Repeat("Replace every unsupported computer ", 3)
		r.Actions[i].Why = strings.Repeat("word ", 40) + "https://www.cyber.gov.au/resources-business-and-government/essential-cyber-security/essential-eight/essential-eight-maturity-model"
		r.Actions[i].Effort = audit.EffortProject
		r.Actions[i].QuickWin = true
	}
	r.Actions[0].Rank = 100
	r.Scores.Areas["a-newer-area-the-report-does-not-know-yet"] = 100
	return r
}

func TestTextFitsOneHundredColumns(t *testing.T) {
	for name, r := range map[string]*audit.Result{"sample": sample(), "long": long()} {
		out := write(t, FormatText, r, Options{Top: 6})
		for i, line := range strings.Split(string(out), "\n") {
			if n := utf8.RuneCountInString(line); n > 100 {
				t.Errorf("%s: line %d is %d columns wide:\n%s", name, i+1, n, line)
			}
		}
	}
}

func TestTextColour(t *testing.T) {
	plain := write(t, FormatText, sample(), Options{})
	if bytes.Contains(plain, []byte{0x1b}) {
		t.Error("text without Color contains an ESC byte")
	}
	coloured := write(t, FormatText, sample(), Options{Color: true})
	for _, want := range []string{"\x1b[31m[now]\x1b[0m", "\x1b[31m5 fail\x1b[0m", "\x1b[33m2 warn\x1b[0m"} {
		if !bytes.Contains(coloured, []byte(want)) {
			t.Errorf("coloured text lacks %q", want)
		}
	}
	// Colour changes nothing but the escape codes.
	stripped := strings.NewReplacer("\x1b[31m", "", "\x1b[33m", "", "\x1b[0m", "").Replace(string(coloured))
	if stripped != string(plain) {
		t.Error("coloured text differs from plain text by more than colour codes")
	}
	for _, f := range []string{FormatJSON, FormatMarkdown} {
		if out := write(t, f, sample(), Options{Color: true}); bytes.Contains(out, []byte{0x1b}) {
			t.Errorf("%s output contains an ESC byte with Color set", f)
		}
	}
}

func TestTextTop(t *testing.T) {
	out := string(write(t, FormatText, sample(), Options{Top: 2}))
	if !strings.Contains(out, " 2. [now]") || strings.Contains(out, " 3. [") {
		t.Errorf("Top: 2 should list exactly two actions:\n%s", out)
	}
	if !strings.Contains(out, "and 4 more in the full report") {
		t.Errorf("Top: 2 should say how many more actions there are:\n%s", out)
	}
	out = string(write(t, FormatText, sample(), Options{Top: 10}))
	if !strings.Contains(out, " 6. [later]") || strings.Contains(out, "more in the full report") {
		t.Errorf("Top: 10 should list all six actions:\n%s", out)
	}
}

func TestTextWithoutActionsDiffOrE8(t *testing.T) {
	r := sample()
	r.Actions, r.Diff, r.EssentialEight, r.Scores.Cap = nil, nil, nil, ""
	out := string(write(t, FormatText, r, Options{}))
	for _, absent := range []string{"Essential Eight", "Since ", "held down", " 1. "} {
		if strings.Contains(out, absent) {
			t.Errorf("output mentions %q:\n%s", absent, out)
		}
	}
	if !strings.Contains(out, "Nothing to fix") {
		t.Errorf("output does not say there is nothing to fix:\n%s", out)
	}
}

func TestDiffLine(t *testing.T) {
	for _, tc := range []struct {
		d    audit.Diff
		want string
	}{
		{audit.Diff{PreviousAsOf: "2026-05-31", ScoreChange: 7, Fixed: []string{"A", "B", "C"}, New: []string{"D"}, StillFailing: []string{"E"}},
			"Since 2026-05-31: score +7, 3 fixed, 1 new, 1 still failing."},
		{audit.Diff{ScoreChange: -4}, "Since the previous audit: score -4, 0 fixed, 0 new, 0 still failing."},
		{audit.Diff{PreviousAsOf: "2026-05-31"}, "Since 2026-05-31: score unchanged, 0 fixed, 0 new, 0 still failing."},
	} {
		if got := diffLine(&tc.d); got != tc.want {
			t.Errorf("diffLine = %q, want %q", got, tc.want)
		}
	}
}

func TestWrapLines(t *testing.T) {
	for _, tc := range []struct {
		s      string
		w      int
		want   []string
		reason string
	}{
		{"", 20, []string{""}, "empty text is one empty line"},
		{"one two three", 20, []string{"one two three"}, "short text fits"},
		{"one two three four five six", 12, []string{"one two", "three four", "five six"}, "breaks at spaces"},
		{"abcdefghijklmnopqrstuvwxyz end", 10, []string{"abcdefghij", "klmnopqrst", "uvwxyz end"}, "breaks long words"},
		{"line\nbreak", 20, []string{"line break"}, "line breaks are spaces"},
	} {
		got := wrapWords(tc.s, tc.w)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: wrapWords(%q, %d) = %q, want %q", tc.reason, tc.s, tc.w, got, tc.want)
		}
	}
}

// Wrapping never makes a line too wide and never loses text.
func FuzzWrapLines(f *testing.F) {
	f.Add("one two three", 10, 20)
	f.Add("averyveryverylongwordindeed and more", 12, 5)
	f.Fuzz(func(t *testing.T, s string, first, rest int) {
		if !utf8.ValidString(s) {
			t.Skip("report text is valid UTF-8; invalid bytes become U+FFFD")
		}
		first, rest = first%200, rest%200
		lines := wrapLines(s, first, rest)
		for i, l := range lines {
			w := max(rest, 10)
			if i == 0 {
				w = max(first, 10)
			}
			if n := utf8.RuneCountInString(l); n > w {
				t.Fatalf("line %d %q is %d runes, want at most %d", i, l, n, w)
			}
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if squash(strings.Join(lines, " ")) != squash(s) {
			t.Fatalf("wrapLines(%q) = %q lost or changed text", s, lines)
		}
	})
}
