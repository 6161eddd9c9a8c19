package store

import (
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	each(t, func(t *testing.T, st *Store, c *clock) {
		s := st.Sessions()
		_, found, err := s.Find("nope")
		if err != nil || found {
			t.Fatalf("unknown token: %v %v", found, err)
		}
		must(t, s.Commit("tok1", []byte("one"), c.now().Add(time.Hour)))
		must(t, s.Commit("tok2", []byte{0, 1, 2, 255}, c.now().Add(2*time.Hour)))
		must(t, s.Commit("tok1", []byte("one again"), c.now().Add(time.Hour)))
		b, found, err := s.Find("tok1")
		if err != nil || !found || string(b) != "one again" {
			t.Fatalf("Find: %q %v %v", b, found, err)
		}
		b, _, _ = s.Find("tok2")
		if string(b) != "\x00\x01\x02\xff" {
			t.Errorf("binary data came back as %q", b)
		}
		c.advance(90 * time.Minute)
		if _, found, _ := s.Find("tok1"); found {
			t.Error("an expired session was found")
		}
		n, err := s.DeleteExpired(t.Context())
		if err != nil || n != 1 {
			t.Errorf("DeleteExpiredSessions: %d, %v", n, err)
		}
		must(t, s.Delete("tok2"))
		must(t, s.Delete("tok2"))
		if _, found, _ := s.Find("tok2"); found {
			t.Error("a deleted session was found")
		}
	})
}
