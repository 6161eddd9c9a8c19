package signin

import (
	"bytes"
	"errors"
	"strconv"

	"triage/internal/audit"
)

// Where the JSON reader is in the structure around the events. Events may
// stand at the top level (JSON Lines, or several values one after
// another), in a top-level list, or in the "value" list of a response
// page, which itself may stand at the top level or in a top-level list.
type ctxKind uint8

const (
	ctxTop      ctxKind = iota // between top-level values
	ctxList                    // inside a top-level list
	ctxPage                    // inside a page's value list
	ctxPageTail                // after a page's value list, before its '}'
	// ctxAnyList is where a parallel worker starts a chunk cut inside a
	// list it cannot see the start of: a top-level list or a page's value
	// list. Events are indexed from the chunk's start (loc.rel) and fixed
	// up once the true place is known; the worker stops at anything that
	// would need to know which list it is in.
	ctxAnyList
)

// errStop ends a worker's chunk early, before a unit the merger must read
// knowing where it is.
var errStop = errors.New("stop")

// structState is the reader's place in the structure. It is small and
// comparable: the parallel reader guesses it at a chunk's start and checks
// the guess against where the previous chunk ended.
type structState struct {
	ctx ctxKind
	// first is set right after an opening '[' (no ',' expected yet).
	first bool
	// inList is set while a page stands in a top-level list.
	inList bool
}

// jsonParser reads events from a buffer holding a stretch of the input,
// one unit (an event, a bracket, a separator, a page member) at a time. It
// never keeps a partial unit: a unit that runs past the buffer's end is
// left for the next call with more input.
type jsonParser struct {
	er    eventReader
	agg   *aggregator
	name  string
	state structState
	// outer and inner are the indexes of the next element in the
	// top-level list and the page's value list; -1 outside them.
	outer, inner int
	// tops counts top-level values; several mean JSON Lines or
	// concatenated values, where the line locates an event.
	tops int
	// base is the input offset of b[0]; line is the line number at
	// b[counted].
	base    int64
	line    int
	counted int
}

func newJSONParser(name string, agg *aggregator) *jsonParser {
	return &jsonParser{name: name, agg: agg, outer: -1, inner: -1, line: 1}
}

// lineAt returns the line of b[off] and moves the count there. Counting
// forward from the last call is what keeps it cheap: every byte is counted
// about once.
func (p *jsonParser) lineAt(off int) int {
	b := p.er.b
	off = min(max(off, 0), len(b))
	if off > p.counted {
		p.line += bytes.Count(b[p.counted:off], newline)
	} else {
		p.line -= bytes.Count(b[off:p.counted], newline)
	}
	p.counted = off
	return p.line
}

var newline = []byte{'\n'}

// lineOf returns the line of b[off] without moving the count forward, for
// errors (which may point back into a unit).
func (p *jsonParser) lineOf(off int) int {
	b := p.er.b
	off = min(max(off, 0), len(b))
	if off >= p.counted {
		return p.line + bytes.Count(b[p.counted:off], newline)
	}
	return p.line - bytes.Count(b[off:p.counted], newline)
}

// run parses units from b[i:] until the buffer ends or a unit is cut
// short. It returns where the unparsed rest starts; err is set for bad
// input.
func (p *jsonParser) run(i int) (int, error) {
	for {
		j, err := p.unit(i)
		if err != nil || j == short {
			return i, err
		}
		if j == i { // nothing left
			return i, nil
		}
		i = j
	}
}

// unit parses one unit at b[i:]. It returns the position after it, i
// itself when the buffer holds nothing but whitespace, or short.
func (p *jsonParser) unit(i int) (int, error) {
	s := &p.er.scanner
	b := s.b
	i = s.ws(i)
	if i >= len(b) {
		return i, nil
	}
	c := b[i]
	switch p.state.ctx {
	case ctxTop:
		switch c {
		case '[':
			p.tops++
			p.state = structState{ctx: ctxList, first: true}
			p.outer = 0
			return i + 1, nil
		case '{':
			j, err := p.item(i)
			if err == nil && j != short {
				p.tops++
			}
			return j, err
		}
		return 0, p.syntaxAt(i, "expected a sign-in event object or a list of them, found "+quoteByte(c))
	case ctxList, ctxPage, ctxAnyList:
		if c == ']' {
			if p.state.ctx == ctxAnyList {
				return 0, errStop
			}
			p.closeList()
			return i + 1, nil
		}
		if !p.state.first {
			if c != ',' {
				return 0, p.syntaxAt(i, "expected ',' or ']' after an event, found "+quoteByte(c))
			}
			if i = s.ws(i + 1); i >= len(b) {
				return short, nil
			}
			c = b[i]
		}
		if c != '{' {
			return 0, p.syntaxAt(i, "expected a sign-in event object, found "+quoteByte(c))
		}
		return p.item(i)
	case ctxPageTail:
		return p.pageTail(i)
	}
	return 0, p.syntaxAt(i, "reader in an unknown state")
}

// closeList leaves a list at its ']'.
func (p *jsonParser) closeList() {
	if p.state.ctx == ctxPage {
		p.state = structState{ctx: ctxPageTail, inList: p.state.inList}
		p.inner = -1
		return
	}
	p.state = structState{ctx: ctxTop}
	p.outer = -1
}

// item reads the object at b[i]: an event, or the head of a page.
func (p *jsonParser) item(i int) (int, error) {
	j, page := p.er.object(i)
	switch {
	case j == short:
		return short, nil
	case j == bad:
		return 0, p.syntaxAt(p.er.errOff, p.er.errMsg)
	case j-i > maxUnit:
		// The sequential reader refuses to buffer this much; the parallel
		// one, which may have it in hand, refuses it alike.
		return 0, p.tooLarge(i)
	case page:
		if p.state.ctx == ctxAnyList {
			return 0, errStop
		}
		if p.state.ctx == ctxPage {
			return 0, p.syntaxAt(i, "a response page inside a page's value list")
		}
		p.state = structState{ctx: ctxPage, first: true, inList: p.state.ctx == ctxList}
		p.inner = 0
		return j + 1, nil
	}
	l := loc{line: p.lineAt(i), off: p.base + int64(i), outer: -1, inner: -1}
	switch p.state.ctx {
	case ctxList:
		l.outer = p.outer
	case ctxPage:
		l.inner = p.inner
		if p.state.inList {
			l.outer = p.outer
		}
	case ctxAnyList:
		l.outer, l.rel = p.outer, true
	}
	if err := p.finish(l); err != nil {
		return 0, err
	}
	// Counters move only once the unit is read: a unit that fails is
	// read again, by the merger, from the same state.
	switch p.state.ctx {
	case ctxList, ctxAnyList:
		p.outer++
	case ctxPage:
		p.inner++
	}
	p.state.first = false
	return j, nil
}

// pageTail reads the members after a page's value list (such as
// @odata.nextLink) and its closing '}'.
func (p *jsonParser) pageTail(i int) (int, error) {
	s := &p.er.scanner
	b := s.b
	switch b[i] {
	case '}':
		if p.state.inList {
			p.state = structState{ctx: ctxList}
			p.outer++
		} else {
			p.state = structState{ctx: ctxTop}
		}
		return i + 1, nil
	case ',':
	default:
		return 0, p.syntaxAt(i, "expected ',' or '}' after a page's value list, found "+quoteByte(b[i]))
	}
	j := s.ws(i + 1)
	if j >= len(b) {
		return short, nil
	}
	if b[j] != '"' {
		return 0, p.syntaxAt(j, "expected a quoted key, found "+quoteByte(b[j]))
	}
	if j = s.skipStr(j); j >= 0 {
		if j = s.colon(j); j >= 0 {
			j = s.skip(j)
		}
	}
	switch {
	case j == short:
		return short, nil
	case j == bad:
		return 0, p.syntaxAt(s.errOff, s.errMsg)
	case j-i > maxUnit:
		return 0, p.tooLarge(i)
	}
	return j, nil
}

func (p *jsonParser) tooLarge(off int) error {
	return audit.Invalid(p.name, p.lineOf(off), "an event is larger than %d MB; this is not a sign-in log Triage can read", maxUnit>>20)
}

// finish checks the event just read and adds it to the totals.
func (p *jsonParser) finish(l loc) error {
	r := &p.er
	ev := &r.ev
	if len(ev.upn) == 0 {
		p.agg.add(ev, l) // counted as skipped, whatever else is wrong with it
		return nil
	}
	if r.badField != "" {
		return p.eventErr(l, r.badOff, "%s %s", r.badField, r.badMsg)
	}
	raw, key, off := r.created, r.createdKey, r.createdOff
	if raw == nil {
		raw, key, off = r.generated, r.generatedKey, r.generatedOff
	}
	if raw == nil {
		return p.eventErr(l, -1, "the event has no createdDateTime (or TimeGenerated); is this a sign-in log?")
	}
	when, ok := parseTime(raw)
	if !ok {
		return p.eventErr(l, off, "%s %s is not a date and time like \"2024-05-01T09:30:00Z\"%s", key, strconv.Quote(string(raw)), timeHint(raw))
	}
	ev.when = when
	if _, ok := ev.code(); !ok {
		return p.eventErr(l, -1, "the event has no status.errorCode (or ResultType), so whether the sign-in succeeded is unknown")
	}
	p.agg.add(ev, l)
	return nil
}

// eventErr reports a problem with an event at b[off] (at the event's
// start when off is -1), naming its place in the structure.
func (p *jsonParser) eventErr(l loc, off int, format string, args ...any) error {
	line := l.line
	if off >= 0 {
		line = p.lineOf(off)
	}
	where := l.path()
	if where != "" {
		where = "event " + where + ": "
	}
	return audit.Invalid(p.name, line, "%s"+format, append([]any{where}, args...)...)
}

func (p *jsonParser) syntaxAt(off int, msg string) error {
	return audit.Invalid(p.name, p.lineOf(off), "not valid JSON: %s", msg)
}

// path writes a loc's place in the JSON structure, as [3].value[17], or
// "" where the line alone locates the event (JSON Lines).
func (l loc) path() string {
	var b []byte
	if l.outer >= 0 {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(l.outer), 10)
		b = append(b, ']')
	}
	if l.inner >= 0 {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, "value["...)
		b = strconv.AppendInt(b, int64(l.inner), 10)
		b = append(b, ']')
	}
	return string(b)
}

// timeHint adds advice for times that look day-first, which the portal
// never writes but a spreadsheet re-saving the file in an Australian
// locale does.
func timeHint(raw []byte) string {
	if d, i := upTo2(raw, 0); i > 0 && i < len(raw) && raw[i] == '/' && d > 12 {
		return "; dates must be month first, as the portal exports them: export the log again rather than re-saving it from a spreadsheet"
	}
	return ""
}
