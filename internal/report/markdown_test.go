package report

import (
	"strings"
	"testing"
)

func TestMarkdownEscapesSubjectDetail(t *testing.T) {
	r := sample()
	r.Findings[0].Subjects[0].Detail = "Group: Reception | Admins\nsecond line *bold* [link](x)"
	r.Findings[0].Subjects[0].ID = "k_obrien@harbourside.com.au"
	r.Findings[0].Title = "Title | with a pipe"
	out := string(write(t, FormatMarkdown, r, Options{}))

	want := `- k_obrien@harbourside.com.au — Group: Reception \| Admins<br>second line \*bold\* \[link\](x) (entra-users.csv:14, sha256 3f2a9c1b7d4e)`
	if !strings.Contains(out, want+"\n") {
		t.Errorf("subject not escaped as expected; want line\n%s\nin\n%s", want, out)
	}
	if strings.Contains(out, "Reception | Admins") || strings.Contains(out, "\nsecond line") {
		t.Error("a raw pipe or line break from the subject reached the output")
	}
	// The title appears in table cells (re-audit comparison) with its pipe escaped,
	// so each row keeps its three cells.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| ACC-LEAVER-REVOKE |") {
			if cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); cells != 4 {
				t.Errorf("row %q has %d cell borders, want 4", line, cells)
			}
		}
	}
}

func TestEsc(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":            "plain text",
		"a | b":                 `a \| b`,
		"two\nlines":            "two<br>lines",
		"crlf\r\nline":          "crlf<br>line",
		"snake_case_name":       "snake_case_name",
		"_dmarc.example.com":    `\_dmarc.example.com`,
		"dns:_dmarc":            `dns:\_dmarc`,
		"*all* <b> `x` ~all \\": "\\*all\\* \\<b\\> \\`x\\` \\~all \\\\",
		"# not a heading":       `\# not a heading`,
		"- not a list":          `\- not a list`,
		"--- not a rule":        `\--- not a rule`,
		"1. not a list":         `1\. not a list`,
		"2026-11-30":            "2026-11-30",
		"1.5 hours":             "1.5 hours",
		"-5 degrees":            "-5 degrees",
	} {
		if got := esc(in); got != want {
			t.Errorf("esc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownSectionsInOrder(t *testing.T) {
	out := string(write(t, FormatMarkdown, sample(), Options{}))
	last := -1
	for _, h := range []string{"# Cyber security audit — Harbourside Family Practice", "## Executive summary",
		"### What the practice does well", "### Do these first", "## Action plan", "## Findings by area",
		"### Access", "### Continuity", "### People", "### Technology", "### Exposure", "### Incident", "### Data",
		"## Not checked", "## Accepted risks", "## Essential Eight", "## Re-audit comparison", "## About this report"} {
		i := strings.Index(out, "\n"+h)
		if h[1] == ' ' {
			i = strings.Index(out, h)
		}
		if i < 0 {
			t.Errorf("missing heading %q", h)
			continue
		}
		if i < last {
			t.Errorf("heading %q is out of order", h)
		}
		last = i
	}
}

func TestMarkdownFailAndWarnFirstInArea(t *testing.T) {
	out := string(write(t, FormatMarkdown, sample(), Options{}))
	access := out[strings.Index(out, "### Access"):strings.Index(out, "### Continuity")]
	order := []string{"ACC-LEAVER-REVOKE", "ACC-MFA-ALL", "ACC-DORMANT-45D", "ACC-SESSION-LOCK", "ACC-ADMIN-MINIMAL"}
	last := -1
	for _, id := range order {
		i := strings.Index(access, "#### "+id)
		if i < last {
			t.Errorf("%s is out of order in the access section", id)
		}
		last = i
	}
}

// Whatever the text, esc leaves no line break and no unescaped pipe, so a
// table cell or list item cannot be broken out of.
func FuzzEsc(f *testing.F) {
	for _, s := range []string{"a | b", "x\r\ny", `\|`, "# h", "1. x", "_a_", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := esc(s)
		if strings.ContainsAny(out, "\r\n") {
			t.Fatalf("esc(%q) = %q contains a line break", s, out)
		}
		for i := 0; i < len(out); i++ {
			switch out[i] {
			case '\\':
				i++
			case '|':
				t.Fatalf("esc(%q) = %q has an unescaped pipe at %d", s, out, i)
			}
		}
	})
}
