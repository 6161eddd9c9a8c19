package signin

import (
	"bytes"
	"errors"
	"io"

	"triage/internal/audit"
)

const (
	// bufSize is how much input the JSON reader holds at a time.
	bufSize = 1 << 20
	// maxUnit caps one event (or page head): a sign-in event is a few
	// kilobytes, so anything this large is not a sign-in log, and the cap
	// keeps memory bounded whatever the input.
	maxUnit = 16 << 20
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readJSON reads a whole JSON sign-in log from r, one buffer at a time;
// size, when not 0, is the whole input's size.
func readJSON(name string, r io.Reader, agg *aggregator, size int) error {
	p := newJSONParser(name, agg)
	buf := make([]byte, bufSize)
	if size > 0 && size < bufSize {
		buf = make([]byte, size+1) // +1: a full buffer means more may come
	}
	n, pos, eof := 0, 0, false
	for first := true; ; first = false {
		m, err := io.ReadFull(r, buf[n:])
		n += m
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			eof = true
		case err != nil:
			return &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
		}
		if first && bytes.HasPrefix(buf[:n], utf8BOM) {
			pos = len(utf8BOM)
			p.counted = pos
		}
		p.er.b = buf[:n]
		if pos, err = p.run(pos); err != nil {
			return err
		}
		if eof {
			return p.end(pos)
		}
		// Keep the unfinished unit, moved to the front, and read more.
		p.lineAt(pos)
		n = copy(buf, buf[pos:n])
		p.base += int64(pos)
		p.counted, pos = 0, 0
		if n == len(buf) {
			if len(buf) >= maxUnit {
				return p.tooLarge(0)
			}
			buf = append(buf, make([]byte, len(buf))...)
		}
	}
}

// end checks that the input ended between top-level values.
func (p *jsonParser) end(pos int) error {
	b := p.er.b
	rest := p.er.ws(pos)
	if rest < len(b) || p.state.ctx != ctxTop {
		return audit.Invalid(p.name, p.lineOf(len(b)),
			"the file ends before the JSON is complete; it may have been cut short while downloading or copying")
	}
	if p.tops == 0 {
		return audit.Invalid(p.name, p.lineOf(len(b)), "the file holds no JSON")
	}
	return nil
}
