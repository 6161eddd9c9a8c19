package collect

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A reader of the LZ4 frame format (lz4.org, "LZ4 Frame Format
// Description" and "LZ4 Block Format Description"), because apt keeps its
// package lists LZ4-compressed on many Debian systems and the standard
// library has no LZ4. Checksums are skipped: a damaged list reads as
// garbage that names no package, which only makes the count smaller.

const (
	lz4Magic        = 0x184D2204
	lz4SkippableLow = 0x184D2A50
	lz4SkippableTop = 0x184D2A5F
	lz4Window       = 64 << 10 // matches reach back at most 64 KB
	lz4MaxBlock     = 4 << 20
)

var errLZ4 = errors.New("lz4: damaged data")

// lz4Reader decompresses a stream of LZ4 frames.
type lz4Reader struct {
	r       *bufio.Reader
	inFrame bool
	blockCk bool // blocks carry a checksum
	frameCk bool // the frame ends with a checksum
	maxSize int
	window  []byte // output so far: the last 64 KB, then the current block
	pending []byte // decoded, not yet read
	src     []byte
}

func newLZ4Reader(r io.Reader) *lz4Reader { return &lz4Reader{r: bufio.NewReader(r)} }

func (z *lz4Reader) Read(p []byte) (int, error) {
	for len(z.pending) == 0 {
		if err := z.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, z.pending)
	z.pending = z.pending[n:]
	return n, nil
}

// next decodes the next block, starting a frame when needed.
func (z *lz4Reader) next() error {
	if !z.inFrame {
		return z.frameHeader()
	}
	var size uint32
	if err := binary.Read(z.r, binary.LittleEndian, &size); err != nil {
		return unexpected(err)
	}
	if size == 0 { // end mark
		z.inFrame = false
		if z.frameCk {
			if _, err := z.r.Discard(4); err != nil {
				return unexpected(err)
			}
		}
		return nil
	}
	raw := size&0x80000000 != 0
	size &= 0x7fffffff
	if int(size) > z.maxSize {
		return errLZ4
	}
	if cap(z.src) < int(size) {
		z.src = make([]byte, size)
	}
	src := z.src[:size]
	if _, err := io.ReadFull(z.r, src); err != nil {
		return unexpected(err)
	}
	if z.blockCk {
		if _, err := z.r.Discard(4); err != nil {
			return unexpected(err)
		}
	}
	if len(z.window) > lz4Window {
		z.window = append(z.window[:0], z.window[len(z.window)-lz4Window:]...)
	}
	start := len(z.window)
	var err error
	if raw {
		z.window = append(z.window, src...)
	} else if z.window, err = lz4Block(z.window, src); err != nil {
		return err
	}
	z.pending = z.window[start:]
	return nil
}

// frameHeader reads a frame's magic number and descriptor, skipping
// skippable frames. At a clean end of input it returns io.EOF.
func (z *lz4Reader) frameHeader() error {
	var magic uint32
	if err := binary.Read(z.r, binary.LittleEndian, &magic); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return unexpected(err)
	}
	if magic >= lz4SkippableLow && magic <= lz4SkippableTop {
		var n uint32
		if err := binary.Read(z.r, binary.LittleEndian, &n); err != nil {
			return unexpected(err)
		}
		_, err := z.r.Discard(int(n))
		return unexpected(err)
	}
	if magic != lz4Magic {
		return fmt.Errorf("lz4: not an LZ4 frame (magic %#x)", magic)
	}
	var d [2]byte
	if _, err := io.ReadFull(z.r, d[:]); err != nil {
		return unexpected(err)
	}
	flg, bd := d[0], d[1]
	if flg>>6 != 1 {
		return fmt.Errorf("lz4: frame version %d is not supported", flg>>6)
	}
	z.blockCk, z.frameCk = flg&0x10 != 0, flg&0x04 != 0
	skip := 1 // header checksum
	if flg&0x08 != 0 {
		skip += 8 // content size
	}
	if flg&0x01 != 0 {
		skip += 4 // dictionary id
	}
	if _, err := z.r.Discard(skip); err != nil {
		return unexpected(err)
	}
	z.maxSize = 1 << (8 + 2*int((bd>>4)&7))
	if z.maxSize < 64<<10 || z.maxSize > lz4MaxBlock {
		return errLZ4
	}
	z.inFrame = true
	z.window = z.window[:0]
	return nil
}

// lz4Block decodes one compressed block, appending to dst, whose tail is
// the history matches may refer to.
func lz4Block(dst, src []byte) ([]byte, error) {
	i := 0
	for i < len(src) {
		token := src[i]
		i++
		lit := int(token >> 4)
		if lit == 15 {
			n, k, ok := lz4Length(src, i)
			if !ok {
				return dst, errLZ4
			}
			lit, i = lit+n, k
		}
		if i+lit > len(src) {
			return dst, errLZ4
		}
		dst = append(dst, src[i:i+lit]...)
		i += lit
		if i == len(src) {
			return dst, nil // the last sequence has literals only
		}
		if i+2 > len(src) {
			return dst, errLZ4
		}
		offset := int(src[i]) | int(src[i+1])<<8
		i += 2
		match := int(token & 15)
		if match == 15 {
			n, k, ok := lz4Length(src, i)
			if !ok {
				return dst, errLZ4
			}
			match, i = match+n, k
		}
		match += 4
		if offset == 0 || offset > len(dst) {
			return dst, errLZ4
		}
		from := len(dst) - offset
		for k := 0; k < match; k++ { // byte by byte: the match may overlap itself
			dst = append(dst, dst[from+k])
		}
	}
	return dst, nil
}

// lz4Length reads the extra bytes of a literal or match length.
func lz4Length(src []byte, i int) (n, next int, ok bool) {
	for {
		if i >= len(src) {
			return 0, i, false
		}
		b := src[i]
		i++
		n += int(b)
		if b != 255 {
			return n, i, true
		}
	}
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
