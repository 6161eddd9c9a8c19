package signin

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"triage/internal/audit"
)

// Parallel reading. JSON cannot be split at an arbitrary byte, and finding
// the true boundaries between events costs as much as parsing them, so
// the reader guesses: it ends each chunk just before what looks like the
// next event (a line starting with an event object, or the ',' before one
// in a list) and workers parse the chunks at the same time, each from its
// guessed place. The merger then takes the chunks in order and checks each
// guess against where the previous chunk truly ended. A right guess (the
// usual case) lets it add the worker's totals; a wrong one, or anything a
// worker stopped at, is read again from the true place by one sequential
// parser, so the result is always what reading front to back would give.

const (
	// defaultChunk is how much input each worker takes at a time.
	defaultChunk = 4 << 20
	// maxCutWindow is how far back from a chunk's end the reader looks
	// for a place to cut; the rest moves to the next chunk.
	maxCutWindow = 256 << 10
)

// guessKind is what the reader guessed about a chunk's start.
type guessKind uint8

const (
	guessNone guessKind = iota // no guess: the merger reads it
	guessTop                   // a top-level value starts here
	guessList                  // ",{" of an event in some list
)

type chunk struct {
	data  []byte
	base  int64 // input offset of data[0]
	guess guessKind
	buf   []byte // the buffer data lives in, returned to the pool after use
	done  chan struct{}
	res   workerResult
}

// workerResult is what a worker read of a chunk before it stopped.
type workerResult struct {
	agg   *aggregator
	stop  int // data[:stop] was read; the merger reads the rest
	lines int // newlines in data[:stop]
	state structState
	outer int
	inner int
	tops  int
}

// readJSONParallel reads a JSON sign-in log with opt.Workers goroutines.
func readJSONParallel(name string, r io.Reader, agg *aggregator, opt Options) error {
	workers, size := workerCount(opt.Workers), opt.chunk
	if workers <= 1 {
		return readJSON(name, r, agg, opt.small)
	}
	if size <= 0 {
		size = defaultChunk
	}
	pool := make(chan []byte, 2*workers+2)
	for range cap(pool) {
		pool <- make([]byte, 0, size)
	}
	ordered := make(chan *chunk, workers)
	work := make(chan *chunk, workers)
	quit := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ordered)
		defer close(work)
		readErr = cutChunks(r, size, pool, ordered, work, quit)
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.res = parseChunk(name, c, agg)
				close(c.done)
			}
		}()
	}
	m := newMerger(name, agg)
	var err error
	for c := range ordered {
		<-c.done
		if err == nil {
			err = m.take(c)
		}
		pool <- c.buf[:0]
		if err != nil {
			select {
			case <-quit:
			default:
				close(quit)
			}
		}
	}
	wg.Wait()
	if opt.stats != nil {
		opt.stats.accepted, opt.stats.reread = m.accepted, m.reread
	}
	if err != nil {
		return err
	}
	if readErr != nil {
		return &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: readErr}
	}
	return m.end()
}

// cutChunks reads r into chunks cut at guessed event boundaries and hands
// each to the workers and, in input order, to the merger.
func cutChunks(r io.Reader, size int, pool chan []byte, ordered, work chan<- *chunk, quit <-chan struct{}) error {
	var (
		carry  []byte
		base   int64
		guess  = guessTop
		probe  = &eventReader{}
		window = min(maxCutWindow, size/4)
	)
	for first := true; ; first = false {
		var buf []byte
		select {
		case buf = <-pool:
		case <-quit:
			return nil
		}
		buf = append(buf, carry...)
		n, err := io.ReadFull(r, buf[len(buf):size])
		buf = buf[:len(buf)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return err
		}
		data := buf
		if first && bytes.HasPrefix(data, utf8BOM) {
			data, base = data[len(utf8BOM):], int64(len(utf8BOM))
		}
		cut, next := len(data), guessNone
		if !eof {
			cut, next = findCut(data, window, probe)
			if next == guessNone {
				cut = len(data)
			}
		}
		carry = append(carry[:0], data[cut:]...)
		c := &chunk{data: data[:cut], base: base, guess: guess, buf: buf, done: make(chan struct{})}
		select {
		case ordered <- c:
		case <-quit:
			return nil
		}
		work <- c
		base += int64(cut)
		guess = next
		if eof {
			return nil
		}
	}
}

// findCut looks backwards from the end of data for the start of an event
// and returns where to cut so that the next chunk begins there, and what
// the next chunk's start then is.
func findCut(data []byte, window int, probe *eventReader) (int, guessKind) {
	low := max(0, len(data)-window)
	end := len(data)
	for tries := 0; tries < 256; tries++ {
		k := bytes.LastIndexByte(data[low:end], '{')
		if k < 0 {
			break
		}
		i := low + k
		end = i
		p := i - 1
		for p >= 0 && isSpace(data[p]) {
			p--
		}
		if p < 0 {
			continue
		}
		var cut int
		var kind guessKind
		switch data[p] {
		case ',':
			cut, kind = p, guessList
		case '}', ']':
			cut, kind = i, guessTop
		default:
			continue
		}
		// The rest moves to the next chunk, which must have room to grow.
		if cut < low || cut == 0 {
			continue
		}
		if looksLikeEvent(data, i, kind, probe) {
			return cut, kind
		}
	}
	return 0, guessNone
}

// looksLikeEvent reads the object at data[i] and checks that it has an
// event's time and is followed by what follows an event in that place. In
// a list, the next element must look like an event too, and be followed
// by another: an event may hold a list of event-like objects (a decoy the
// merger would catch, at the cost of reading two chunks alone), but such
// lists are short and end in ']'.
func looksLikeEvent(data []byte, i int, kind guessKind, probe *eventReader) bool {
	j, ok := eventAt(data, i, probe)
	if !ok || j >= len(data) {
		return false
	}
	if kind == guessTop {
		return data[j] == '{' || data[j] == '['
	}
	if data[j] != ',' {
		return false
	}
	k := probe.ws(j + 1)
	if k >= len(data) || data[k] != '{' {
		return k >= len(data)
	}
	probe.b = data
	if end, _ := probe.object(k); end == short {
		return true // the next event runs past the chunk: no more to see
	}
	j, ok = eventAt(data, k, probe)
	return ok && (j >= len(data) || data[j] == ',')
}

// eventAt parses an event-like object at data[i] and returns the position
// after it and the whitespace that follows.
func eventAt(data []byte, i int, probe *eventReader) (int, bool) {
	probe.b = data
	j, page := probe.object(i)
	if j < 0 || page || probe.created == nil && probe.generated == nil {
		return 0, false
	}
	return probe.ws(j), true
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// parseChunk is a worker's reading of one chunk from its guessed start.
func parseChunk(name string, c *chunk, parent *aggregator) workerResult {
	if c.guess == guessNone {
		return workerResult{}
	}
	agg := newAggregator(parent.seed, parent.zone)
	p := newJSONParser(name, agg)
	p.base = c.base
	if c.guess == guessList {
		p.state = structState{ctx: ctxAnyList}
		p.outer = 0
	}
	p.er.b = c.data
	stop, _ := p.run(0) // errors are read again by the merger
	return workerResult{agg: agg, stop: stop, lines: p.lineAt(stop) - 1,
		state: p.state, outer: p.outer, inner: p.inner, tops: p.tops}
}

// merger takes chunks in input order, keeping the true reading position
// in mp, a sequential parser that also reads whatever workers could not.
type merger struct {
	mp    *jsonParser
	carry []byte // an unfinished unit from the previous chunk
	// accepted and reread count chunks whose worker's reading was used
	// and chunks (or their ends) read again, for tests.
	accepted, reread int
}

func newMerger(name string, agg *aggregator) *merger {
	return &merger{mp: newJSONParser(name, agg)}
}

// take checks a chunk's guess, adds what its worker read when the guess
// was right, and reads the rest itself.
func (m *merger) take(c *chunk) error {
	mp := m.mp
	if len(m.carry) == 0 {
		mp.base = c.base
	}
	from := 0
	if m.fits(c) {
		m.accept(c)
		m.accepted++
		from = c.res.stop
	}
	if from == len(c.data) {
		return nil
	}
	m.reread++
	return m.feed(c.data[from:])
}

// fits reports whether the chunk's worker started where reading truly is.
func (m *merger) fits(c *chunk) bool {
	if len(m.carry) > 0 || c.res.agg == nil {
		return false
	}
	switch st := m.mp.state; c.guess {
	case guessTop:
		return st.ctx == ctxTop
	case guessList:
		return (st.ctx == ctxList || st.ctx == ctxPage) && !st.first
	}
	return false
}

// accept adds a worker's totals, placing its events, and moves the true
// position to where the worker stopped.
func (m *merger) accept(c *chunk) {
	mp, res := m.mp, &c.res
	lineBase := mp.line
	for _, u := range res.agg.byID {
		m.place(&u.okLoc, lineBase)
		m.place(&u.latestLoc, lineBase)
	}
	if res.agg.noUser > 0 {
		res.agg.noUserLine += lineBase - 1
	}
	mp.agg.merge(res.agg)
	if res.state.ctx == ctxAnyList {
		if res.outer > 0 {
			if mp.state.ctx == ctxList {
				mp.outer += res.outer
			} else {
				mp.inner += res.outer
			}
		}
	} else {
		mp.state, mp.outer, mp.inner = res.state, res.outer, res.inner
	}
	mp.tops += res.tops
	mp.line += res.lines
	mp.base = c.base + int64(res.stop)
}

// place fixes up a worker's loc with the true line and list position.
func (m *merger) place(l *loc, lineBase int) {
	if l.line == 0 {
		return // not set
	}
	l.line += lineBase - 1
	if !l.rel {
		return
	}
	mp := m.mp
	k := l.outer
	l.rel = false
	if mp.state.ctx == ctxList {
		l.outer, l.inner = mp.outer+k, -1
		return
	}
	l.inner, l.outer = mp.inner+k, -1
	if mp.state.inList {
		l.outer = mp.outer
	}
}

// feed reads data, which follows the carry, sequentially.
func (m *merger) feed(data []byte) error {
	mp := m.mp
	b := data
	if len(m.carry) > 0 {
		m.carry = append(m.carry, data...)
		b = m.carry
	}
	mp.er.b, mp.counted = b, 0
	pos, err := mp.run(0)
	if err != nil {
		return err
	}
	mp.lineAt(pos)
	mp.base += int64(pos)
	rest := b[pos:]
	if len(rest) > maxUnit {
		return mp.tooLarge(pos)
	}
	// rest may lie in carry itself; copy handles the overlap.
	if len(rest) <= cap(m.carry) {
		m.carry = m.carry[:len(rest)]
		copy(m.carry, rest)
	} else {
		m.carry = append([]byte(nil), rest...)
	}
	mp.counted = 0
	return nil
}

// end checks that the input ended between top-level values.
func (m *merger) end() error {
	m.mp.er.b, m.mp.counted = m.carry, 0
	return m.mp.end(0)
}
