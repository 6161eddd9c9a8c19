package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"triage/internal/audit"
)

// TextWriter writes one screen for the practice owner: the overall score and
// rating, the area scores, the few actions to do first with why, and the
// count of findings by status. Prose wraps at about 88 columns and no line is
// wider than 100.
type TextWriter struct {
	Output io.Writer
	// Color adds ANSI colours (red for fail and "now", yellow for warn). Set
	// it only when the output is a terminal.
	Color bool
	// Top is how many actions to list; 0 or less means DefaultTop.
	Top int
}

const (
	textWidth    = 88  // prose wraps here
	textMaxWidth = 100 // no line is wider
)

// Write writes the summary of r.
func (tw TextWriter) Write(r *audit.Result) error {
	p := painter(tw.Color)
	var b strings.Builder

	wrapTo(&b, "Cyber security audit — "+practiceLabel(r.Practice)+" as of "+r.AsOf, textWidth, "", "  ")
	b.WriteString("\n")

	s := r.Scores
	overall := fmt.Sprintf("Overall: %d/100", s.Overall)
	if s.Rating != "" {
		overall += "  " + s.Rating
	}
	if len(r.EssentialEight) > 0 {
		overall = padRight(overall, 31) + "  " + fmt.Sprintf("Essential Eight: Maturity Level %d", r.E8Level)
	}
	b.WriteString(overall + "\n")
	if s.Cap != "" {
		wrapTo(&b, "(held down: "+strings.TrimSpace(s.Cap)+")", textWidth, "", " ")
	}
	if r.Diff != nil {
		wrapTo(&b, diffLine(r.Diff), textWidth, "", "  ")
	}
	b.WriteString("\n")

	if areas := areaOrder(s.Areas); len(areas) > 0 {
		var items []textItem
		for _, a := range areas {
			items = append(items, textItem{text: fmt.Sprintf("%s %d", a, s.Areas[a])})
		}
		writeItems(&b, "Areas: ", items, textMaxWidth)
		b.WriteString("\n")
	}
	if nj := unjudgedAreas(s.Areas); len(nj) > 0 {
		wrapTo(&b, "Not scored, as nothing in them could be judged yet: "+strings.ToLower(strings.Join(nj, ", ")), textWidth, "", "  ")
		b.WriteString("\n")
	}

	tw.writeActions(&b, r, p)

	var items []textItem
	for _, c := range countItems(r) {
		it := textItem{text: c.text}
		if c.status == audit.Fail || c.status == audit.Warn {
			it.color = p.status(c.status)
		}
		items = append(items, it)
	}
	writeItems(&b, "Findings: ", items, textMaxWidth)
	if counts(r)[audit.NotChecked] > 0 {
		b.WriteString("Not checked means Triage had no evidence or answer for it; see the full report (--format md).\n")
	}
	return output(tw.Output, FormatText, b.String())
}

func (tw TextWriter) writeActions(b *strings.Builder, r *audit.Result, p painter) {
	b.WriteString("Do these first\n")
	all := rankedActions(r)
	if len(all) == 0 {
		b.WriteString(" Nothing to fix: no control that could be judged failed or warned.\n\n")
		return
	}
	top := tw.Top
	if top <= 0 {
		top = DefaultTop
	}
	shown := all
	if len(shown) > top {
		shown = shown[:top]
	}
	// Each line starts " 1. [30 days] ": the rank right-aligned in at least
	// two columns, then the band tag. The title column is as wide as the
	// longest title but leaves room for the effort, quick win and owner
	// column within textMaxWidth.
	rankW, tagW, titleW, metaW := 2, len("[30 days]"), 0, 0
	for i, a := range shown {
		rankW = max(rankW, len(strconv.Itoa(rankOf(a, i))))
		tagW = max(tagW, utf8.RuneCountInString(bandLabel(a.Band))+2)
		titleW = max(titleW, utf8.RuneCountInString(a.Title))
		metaW = max(metaW, utf8.RuneCountInString(textActionMeta(a)))
	}
	pad := rankW + 2 + tagW + 1
	titleW = min(titleW, textMaxWidth-pad-2-metaW)
	indent := strings.Repeat(" ", pad)
	for i, a := range shown {
		tag := "[" + bandLabel(a.Band) + "]"
		tagCell := padRight(tag, tagW) + " "
		if a.Band == audit.BandNow {
			tagCell = p.red(tag) + tagCell[len(tag):]
		}
		title := wrapWords(a.Title, titleW)
		fmt.Fprintf(b, "%*d. %s%s  %s\n", rankW, rankOf(a, i), tagCell, padRight(title[0], titleW), textActionMeta(a))
		for _, l := range title[1:] {
			b.WriteString(indent + l + "\n")
		}
		if a.Why != "" {
			wrapTo(b, "Why: "+a.Why, textWidth, indent, indent+"     ")
		}
	}
	if more := len(all) - len(shown); more > 0 {
		fmt.Fprintf(b, "    … and %d more in the full report.\n", more)
	}
	b.WriteString("\n")
}

// textActionMeta is "effort · quick win · owner".
func textActionMeta(a audit.Action) string {
	var meta []string
	if a.Effort != "" {
		meta = append(meta, string(a.Effort))
	}
	if a.QuickWin {
		meta = append(meta, "quick win")
	}
	if a.Owner != "" {
		meta = append(meta, ownerLabel(a.Owner))
	}
	return strings.Join(meta, " · ")
}

// painter adds ANSI colours when switched on and nothing otherwise.
type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) red(s string) string { return p.paint("31", s) }

func (p painter) yellow(s string) string { return p.paint("33", s) }

func (p painter) status(s audit.Status) func(string) string {
	switch s {
	case audit.Fail:
		return p.red
	case audit.Warn:
		return p.yellow
	}
	return nil
}

// textItem is one entry of a " · " separated line, coloured after wrapping so
// that colour codes never count towards the width.
type textItem struct {
	text  string
	color func(string) string
}

// writeItems writes prefix and the items joined by " · ", wrapping before an
// item that would pass width and indenting continuation lines under the first
// item.
func writeItems(b *strings.Builder, prefix string, items []textItem, width int) {
	const sep = " · " // three columns
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	b.WriteString(prefix)
	col := utf8.RuneCountInString(prefix)
	for i, it := range items {
		w := utf8.RuneCountInString(it.text)
		if i > 0 {
			// An item that is not the last must leave room for the " ·"
			// that ends its line if the next item wraps.
			need := col + 3 + w
			if i < len(items)-1 {
				need += 2
			}
			if need > width {
				b.WriteString(" ·\n" + indent)
				col = len(indent)
			} else {
				b.WriteString(sep)
				col += 3
			}
		}
		s := it.text
		if it.color != nil {
			s = it.color(s)
		}
		b.WriteString(s)
		col += w
	}
	b.WriteString("\n")
}

// wrapTo writes s word-wrapped so that no line passes width columns, the
// first line after the prefix first and the others after rest.
func wrapTo(b *strings.Builder, s string, width int, first, rest string) {
	lines := wrapLines(s, width-utf8.RuneCountInString(first), width-utf8.RuneCountInString(rest))
	for i, l := range lines {
		if i == 0 {
			b.WriteString(first + l + "\n")
		} else {
			b.WriteString(rest + l + "\n")
		}
	}
}

// wrapWords splits s into lines of at most width runes.
func wrapWords(s string, width int) []string { return wrapLines(s, width, width) }

// wrapLines splits s into lines, the first at most firstW runes and the
// others at most restW, breaking at spaces and, for words longer than a line,
// inside the word. Line breaks in s count as spaces. It always returns at
// least one line.
func wrapLines(s string, firstW, restW int) []string {
	var lines []string
	width := func() int {
		if len(lines) == 0 {
			return max(firstW, 10)
		}
		return max(restW, 10)
	}
	line, n := "", 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+utf8.RuneCountInString(w) > width() {
			lines = append(lines, line)
			line, n = "", 0
		}
		for n == 0 && utf8.RuneCountInString(w) > width() {
			r, cut := []rune(w), width()
			lines = append(lines, string(r[:cut]))
			w = string(r[cut:])
		}
		if n > 0 {
			line += " "
			n++
		}
		line += w
		n += utf8.RuneCountInString(w)
	}
	if n > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func padRight(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
