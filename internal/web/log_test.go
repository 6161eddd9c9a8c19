package web

import (
	"bytes"
	"log/slog"
	"sync"
)

// newTestLogger logs as text into w.
func newTestLogger(w *lockedWriter) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}
