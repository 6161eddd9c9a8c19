package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/probe/scan/scantest"
)

// syncBuffer is written by the server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// triage serve creates the database, loads the demo, prints the one-time
// set-up link, serves, and stops cleanly when cancelled.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errw syncBuffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw}
	db := "sqlite:" + filepath.Join(t.TempDir(), "triage.db")
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--db", db, "--demo"}, env) }()
	link := regexp.MustCompile(`(http://127\.0\.0\.1:\d+)(/setup/[A-Za-z0-9_-]+)`)
	var m []string
	for deadline := time.Now().Add(30 * time.Second); m == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no set-up link printed:\n%s\n%s", out.String(), errw.String())
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, errw.String())
		default:
		}
		m = link.FindStringSubmatch(out.String())
	}
	res, err := http.Get(m[0])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Create the first administrator account") {
		t.Errorf("the set-up link gave %d", res.StatusCode)
	}
	res, err = http.Get(m[1] + "/static/style.css")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("static file: %v %v", err, res)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errw.String(), `route="GET /setup/{token}"`) || strings.Contains(errw.String(), m[2]) {
		t.Errorf("the request log is wrong or holds the token:\n%s", errw.String())
	}
}

func TestServeFlags(t *testing.T) {
	var out, errw syncBuffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw}
	if err := runServe(context.Background(), []string{"--tls-cert", "x.pem"}, env); err == nil || !strings.Contains(err.Error(), "--tls-key") {
		t.Errorf("--tls-cert alone: %v", err)
	}
	if err := runServe(context.Background(), []string{"--db", "mysql://x"}, env); err == nil {
		t.Error("an unknown database was accepted")
	}
	if err := runServe(context.Background(), []string{"--max-active", "-1"}, env); err == nil || !strings.Contains(err.Error(), "--max-active") {
		t.Errorf("--max-active -1: %v", err)
	}
}

// The workspace's scan job scans like 'triage scan' and reports each
// step as a progress line; only the loopback test world is reached.
func TestServeScan(t *testing.T) {
	w := scanWorld(t)
	p := audit.Practice{Domains: []string{"pct.example"}, PublicIPs: []string{scantest.Quiet.String(), scantest.Exposed.String()}}
	var (
		mu    sync.Mutex
		lines []string
	)
	facts, err := serveScan(Env{Stdout: io.Discard, Stderr: io.Discard}, w.DNS)(context.Background(), p, func(s string) {
		mu.Lock()
		lines = append(lines, s)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	services := 0
	for _, f := range facts {
		if f.Service != nil {
			services++
		}
	}
	if services != 12 {
		t.Errorf("%d services", services)
	}
	if len(lines) == 0 || !strings.Contains(strings.Join(lines, "\n"), "dns pct.example ... ") || strings.Contains(strings.Join(lines, ""), "\n") {
		t.Errorf("progress lines %q", lines)
	}
}
