package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"triage/internal/audit"
)

// The HTML report is checked by its structure rather than byte for byte: a
// golden file of its outline (sections, headings, tables with their header
// cells and row counts, charts with their text alternatives) shows in review
// every change a reader would notice, while a change of style or markup that
// moves no content leaves it alone. The full page is still deterministic
// (TestHTMLDeterministic), and the PDF and accessibility tests look at it as
// a browser renders it.

// htmlNode is one element of the page as the tests see it.
type htmlNode struct {
	name  string
	attrs map[string]string
}

// walkHTML calls visit for every start tag of page, and text for the text
// inside it. encoding/xml in its lenient HTML mode reads the page well
// enough: the report writes every non-void element closed.
func walkHTML(t *testing.T, page []byte, start func(n htmlNode, depth int), text func(s string), end func(name string)) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("the HTML report does not parse: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := htmlNode{name: strings.ToLower(tk.Name.Local), attrs: map[string]string{}}
			for _, a := range tk.Attr {
				name := strings.ToLower(a.Name.Local)
				if a.Name.Space != "" {
					name = strings.ToLower(a.Name.Space) + ":" + name
				}
				n.attrs[name] = a.Value
			}
			if start != nil {
				start(n, depth)
			}
			depth++
		case xml.EndElement:
			depth--
			if end != nil {
				end(strings.ToLower(tk.Name.Local))
			}
		case xml.CharData:
			if text != nil {
				text(string(tk))
			}
		}
	}
}

// outline lists what a reader meets, in order: sections, headings, figures
// with the text alternative of their chart, and tables with their header
// cells and number of body rows.
func outline(t *testing.T, page []byte) string {
	var b strings.Builder
	var capture *strings.Builder // text of the heading, title or desc being read
	var captureFor string
	type table struct {
		head    []string
		rows    int
		inHead  bool
		caption string
	}
	var tbl *table
	var cell *strings.Builder
	indent := ""
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	walkHTML(t, page,
		func(n htmlNode, _ int) {
			switch n.name {
			case "section":
				fmt.Fprintf(&b, "section #%s\n", n.attrs["id"])
				indent = "  "
			case "h1", "h2", "h3", "h4", "title", "desc", "caption":
				capture, captureFor = &strings.Builder{}, n.name
			case "svg":
				if n.attrs["role"] == "img" {
					fmt.Fprintf(&b, "%ssvg role=img labelledby=%q\n", indent, n.attrs["aria-labelledby"])
				}
			case "table":
				tbl = &table{}
			case "thead":
				tbl.inHead = true
			case "tr":
				if tbl != nil && !tbl.inHead {
					tbl.rows++
				}
			case "th":
				if tbl != nil && tbl.inHead {
					cell = &strings.Builder{}
				}
			}
		},
		func(s string) {
			if capture != nil {
				capture.WriteString(s)
			}
			if cell != nil {
				cell.WriteString(s)
			}
		},
		func(name string) {
			switch {
			case capture != nil && name == captureFor:
				text := flat(capture.String())
				capture = nil
				switch name {
				case "caption":
					if tbl != nil {
						tbl.caption = text
					}
				case "title", "desc":
					if indent != "" { // the page's own <title> is in the head
						fmt.Fprintf(&b, "%s  %s: %s\n", indent, name, text)
					}
				default:
					fmt.Fprintf(&b, "%s%s %s\n", indent, name, text)
				}
			case name == "th" && cell != nil:
				tbl.head = append(tbl.head, flat(cell.String()))
				cell = nil
			case name == "thead":
				tbl.inHead = false
			case name == "table" && tbl != nil:
				fmt.Fprintf(&b, "%stable %q [%s] rows=%d\n", indent, tbl.caption, strings.Join(tbl.head, " | "), tbl.rows)
				tbl = nil
			case name == "section":
				indent = ""
			}
		})
	return b.String()
}

func TestHTMLOutline(t *testing.T) {
	golden(t, "harbourside.html.outline.golden", []byte(outline(t, write(t, FormatHTML, sample(), Options{}))))
}

func TestHTMLDeterministic(t *testing.T) {
	a := write(t, FormatHTML, sample(), Options{})
	b := write(t, FormatHTML, sample(), Options{})
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same result differ")
	}
}

// The page stands alone: no script, and nothing fetched from elsewhere.
func TestHTMLSelfContained(t *testing.T) {
	page := write(t, FormatHTML, sample(), Options{})
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script`),
		regexp.MustCompile(`(?i)\b(src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(https?:)?//`),
		regexp.MustCompile(`(?i)url\(\s*["']?\s*(https?:)?//`),
		regexp.MustCompile(`(?i)@import`),
		regexp.MustCompile(`(?i)https?://`),
	} {
		if loc := re.FindIndex(page); loc != nil {
			t.Errorf("page matches %s at %q", re, page[max(0, loc[0]-40):min(len(page), loc[1]+40)])
		}
	}
	if !bytes.Contains(page, []byte(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)) {
		t.Error("the page lacks its Content-Security-Policy")
	}
}

// Accessibility basics that axe-core also checks, kept here so they hold
// without a browser: the page's language, headings that never skip a level,
// header cells with a scope, and charts that are images with a title and a
// description.
func TestHTMLAccessibleStructure(t *testing.T) {
	for _, tc := range []struct {
		country, lang string
	}{{"AU", "en-AU"}, {"US", "en-US"}, {"", "en"}} {
		r := sample()
		r.Practice.Country = tc.country
		page := write(t, FormatHTML, r, Options{})
		ids := map[string]int{}
		last := 0
		var labelled []string
		walkHTML(t, page, func(n htmlNode, _ int) {
			if id, ok := n.attrs["id"]; ok {
				ids[id]++
			}
			switch n.name {
			case "html":
				if n.attrs["lang"] != tc.lang {
					t.Errorf("%s: lang = %q, want %q", tc.country, n.attrs["lang"], tc.lang)
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(n.name[1] - '0')
				if level > last+1 {
					t.Errorf("%s: an h%d follows an h%d", tc.country, level, last)
				}
				last = level
			case "th":
				if n.attrs["scope"] == "" {
					t.Errorf("%s: a <th> has no scope", tc.country)
				}
			case "svg":
				if n.attrs["aria-hidden"] == "true" {
					return
				}
				if n.attrs["role"] != "img" || n.attrs["aria-labelledby"] == "" {
					t.Errorf("%s: an <svg> is not an image with a label: %v", tc.country, n.attrs)
				}
				labelled = append(labelled, strings.Fields(n.attrs["aria-labelledby"])...)
			}
		}, nil, nil)
		for id, n := range ids {
			if n > 1 {
				t.Errorf("%s: id %q is used %d times", tc.country, id, n)
			}
		}
		for _, id := range labelled {
			if ids[id] != 1 {
				t.Errorf("%s: a chart is labelled by %q, which is not on the page", tc.country, id)
			}
		}
		if len(labelled) < 8 {
			t.Errorf("%s: %d chart labels, want a title and a description for each of 4 charts", tc.country, len(labelled))
		}
	}
}

// Nothing from the evidence becomes markup: every text lands escaped.
func TestHTMLEscapesEvidence(t *testing.T) {
	r := sample()
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	r.Practice.Name = "Harbourside</title><script>alert(0)</script>"
	r.Findings[0].ControlID = `X"><svg onload=alert(3)>`
	r.Findings[0].Subjects[0].Detail = evil
	r.Findings[0].Subjects[0].ID = "javascript:alert(4)"
	r.Findings[0].Reason = evil
	r.Findings[0].Mappings["racgp"] = []string{"<b>bold</b>"}
	r.Findings[0].Subjects[0].Source.File = evil
	r.Actions[1].Title = evil
	r.Actions[1].ControlIDs = []string{r.Findings[0].ControlID}
	r.Evidence[0].File = evil
	r.Diff.New = []string{r.Findings[0].ControlID}
	page := write(t, FormatHTML, r, Options{})
	walkHTML(t, page, func(n htmlNode, _ int) {
		switch n.name {
		case "script", "img", "iframe", "object", "embed", "b":
			t.Errorf("evidence became a <%s> element", n.name)
		}
		for k, v := range n.attrs {
			if strings.HasPrefix(k, "on") {
				t.Errorf("evidence became an event handler %s=%q on <%s>", k, v, n.name)
			}
			if (k == "href" || k == "src") && !strings.HasPrefix(v, "#") {
				t.Errorf("a link leaves the page: %s=%q", k, v)
			}
		}
	}, nil, nil)
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("the escaped evidence is not on the page")
	}
	if !bytes.Contains(page, []byte(`id="f-X___svg_onload_alert_3__"`)) {
		t.Error("the control id is not made safe as an anchor")
	}
}

func TestHTMLFrameworkOrderByCountry(t *testing.T) {
	for country, want := range map[string][]string{
		"AU": {"fw-e8", "fw-racgp", "fw-cis", "fw-hipaa", "fw-hph", "fw-hicp"},
		"US": {"fw-hipaa", "fw-hph", "fw-hicp", "fw-cis", "fw-e8", "fw-racgp"},
	} {
		r := sample()
		r.Practice.Country = country
		var got []string
		walkHTML(t, write(t, FormatHTML, r, Options{}), func(n htmlNode, _ int) {
			if id := n.attrs["id"]; n.name == "h3" && strings.HasPrefix(id, "fw-") {
				got = append(got, id)
			}
		}, nil, nil)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: frameworks in order %v, want %v", country, got, want)
		}
	}
}

// A result with almost nothing in it still gives a whole page.
func TestHTMLEmptyResult(t *testing.T) {
	page := string(write(t, FormatHTML, &audit.Result{}, Options{}))
	for _, want := range []string{"Unnamed practice", "Nothing to fix", "No actions", "No findings.", "No control passed yet.",
		"Every control that applies was judged.", "No finding maps to a framework.", "No evidence files were read"} {
		if !strings.Contains(page, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	if strings.Contains(page, `id="comparison"`) {
		t.Error("a first audit shows a re-audit comparison")
	}
}

func TestHTMLTop(t *testing.T) {
	count := func(opts Options) int {
		n := 0
		walkHTML(t, write(t, FormatHTML, sample(), opts), func(n2 htmlNode, _ int) {
			if n2.name == "li" && strings.Contains(n2.attrs["class"], "action-card") {
				n++
			}
		}, nil, nil)
		return n
	}
	if n := count(Options{}); n != DefaultTop {
		t.Errorf("default lists %d top actions, want %d", n, DefaultTop)
	}
	if n := count(Options{Top: 2}); n != 2 {
		t.Errorf("Top: 2 lists %d top actions", n)
	}
}
