package tlsprobe

import (
	"bytes"
	"testing"
)

// FuzzReadReply reads arbitrary bytes as a server's answer to a
// ClientHello: servers on the internet send anything, and nothing they
// send may panic or make the reader claim a version it was not told.
func FuzzReadReply(f *testing.F) {
	hello13 := []byte{22, 3, 3, 0, 46, 2, 0, 0, 42, 3, 3}
	hello13 = append(hello13, make([]byte, 32)...)
	hello13 = append(hello13, 0, 0x13, 0x01, 0, 0, 6, 0, 0x2b, 0, 2, 3, 4)
	for _, s := range [][]byte{
		{21, 3, 1, 0, 2, 2, 70},
		hello13,
		[]byte("HTTP/1.1 400 Bad Request\r\n\r\n"),
		{22, 3, 1, 0, 4, 11, 0, 0, 0},
		{22, 3, 1, 0, 8, 11, 0, 0, 4, 0, 0, 1, 9},
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, _ := readReply(bytes.NewReader(data))
		if rep.Version != 0 && !bytes.Contains(data, []byte{2}) {
			t.Fatalf("version %x without a ServerHello", rep.Version)
		}
		for _, c := range rep.Certs {
			if len(c) > len(data) {
				t.Fatal("certificate longer than the input")
			}
		}
	})
}
