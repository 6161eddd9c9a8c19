package signin

import (
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Windows PowerShell 5.1 writes UTF-16 files (Out-File and ">" do), so a
// sign-in log saved with Get-MgAuditLogSignIn | ConvertTo-Json often
// arrives in UTF-16 with a byte-order mark. It is turned into UTF-8 as it
// is read, a buffer at a time.

var (
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// utf16Order reports whether b starts with a UTF-16 byte-order mark, and
// which.
func utf16Order(b []byte) (isUTF16, bigEndian bool) {
	switch {
	case bytes.HasPrefix(b, utf16LEBOM):
		return true, false
	case bytes.HasPrefix(b, utf16BEBOM):
		return true, true
	}
	return false, false
}

// utf16Head turns the start of a UTF-16 file, mark included, into UTF-8,
// for format detection. A final odd byte is dropped.
func utf16Head(b []byte, big bool) []byte {
	var out []byte
	var high rune
	decodeUTF16(b[2:len(b)&^1], big, &high, func(r rune) { out = utf8.AppendRune(out, r) })
	return out
}

// decodeUTF16 decodes whole code units from b, keeping a high surrogate
// whose pair has not arrived yet in *high. Unpaired halves become U+FFFD.
func decodeUTF16(b []byte, big bool, high *rune, emit func(rune)) {
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		if big {
			u = rune(b[i])<<8 | rune(b[i+1])
		}
		switch {
		case *high != 0 && utf16.IsSurrogate(u) && u >= 0xDC00:
			emit(utf16.DecodeRune(*high, u))
			*high = 0
			continue
		case *high != 0:
			emit(utf8.RuneError)
			*high = 0
		}
		if utf16.IsSurrogate(u) && u < 0xDC00 {
			*high = u
			continue
		}
		if utf16.IsSurrogate(u) {
			u = utf8.RuneError
		}
		emit(u)
	}
}

// utf16Reader reads UTF-16 (after its mark) as UTF-8.
type utf16Reader struct {
	r    io.Reader
	big  bool
	in   []byte
	odd  int // 1 when in[0] is the first byte of a split code unit
	high rune
	out  []byte // decoded, not yet read from out[pos:]
	pos  int
	err  error
}

func newUTF16Reader(r io.Reader, big bool) *utf16Reader {
	return &utf16Reader{r: r, big: big, in: make([]byte, 64<<10)}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for u.pos == len(u.out) {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.out[u.pos:])
	u.pos += n
	return n, nil
}

// fill decodes the next read's worth of input.
func (u *utf16Reader) fill() {
	u.out, u.pos = u.out[:0], 0
	emit := func(r rune) { u.out = utf8.AppendRune(u.out, r) }
	m, err := u.r.Read(u.in[u.odd:])
	data := u.in[:u.odd+m]
	whole := len(data) &^ 1
	decodeUTF16(data[:whole], u.big, &u.high, emit)
	u.odd = copy(u.in, data[whole:])
	if err != nil {
		u.err = err
		if u.high != 0 || u.odd > 0 { // the input ends inside a character
			emit(utf8.RuneError)
			u.high, u.odd = 0, 0
		}
	}
}
