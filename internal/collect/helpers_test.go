package collect

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/**/*.golden from the current output")

// testNow is the clock of every fixture run.
var testNow = time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC)

// testZone is the zone of log times written without one (Sydney, +11:00
// in November).
var testZone = time.FixedZone("AEDT", 11*3600)

// golden compares got with a golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/collect -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs; if the change is intended, run go test ./internal/collect -update and review the diff:\n%s", path, lineDiff(string(want), string(got)))
	}
}

// goldenJSON compares a value's indented JSON with a golden file.
func goldenJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, path, append(data, '\n'))
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, a, c)
			if shown++; shown == 10 {
				break
			}
		}
	}
	return b.String()
}

// fakeRunner answers commands from fixture files instead of running them.
// For a command with ID id it looks in each directory in turn for
// id.txt (the output) and id.exit (the exit code on the first line, the
// error output after it); the first directory with either wins. A command
// with no fixture gets missing: reg.exe's "key not found" on Windows, "not
// installed" elsewhere.
type fakeRunner struct {
	dirs    []string
	missing func(Command) error

	mu  sync.Mutex
	ran []string
}

func (f *fakeRunner) Run(ctx context.Context, c Command) ([]byte, error) {
	f.mu.Lock()
	f.ran = append(f.ran, c.ID)
	f.mu.Unlock()
	name := fixtureName(c.ID)
	for _, d := range f.dirs {
		out, errOut := filepath.Join(d, name+".txt"), filepath.Join(d, name+".exit")
		data, err1 := os.ReadFile(out)
		exit, err2 := os.ReadFile(errOut)
		if err1 != nil && err2 != nil {
			continue
		}
		if err2 != nil {
			return data, nil
		}
		code, stderr, _ := strings.Cut(strings.ReplaceAll(string(exit), "\r\n", "\n"), "\n")
		n, err := strconv.Atoi(strings.TrimSpace(code))
		if err != nil {
			return nil, fmt.Errorf("fixture %s: first line must be the exit code", errOut)
		}
		return data, &ExitError{Code: n, Stderr: stderr}
	}
	if f.missing != nil {
		return nil, f.missing(c)
	}
	return nil, fmt.Errorf("%s: %w", c.Name, ErrNotInstalled)
}

// ranCommand reports whether a command was run.
func (f *fakeRunner) ranCommand(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.ran {
		if r == id {
			return true
		}
	}
	return false
}

// fixtureName makes a command ID safe as a file name.
func fixtureName(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@' {
			return r
		}
		return '_'
	}, id)
}

func regNotFound(Command) error {
	return &ExitError{Code: 1, Stderr: "ERROR: The system was unable to find the specified registry key or value."}
}

// fixedTimeFS is a fixture tree whose files all carry the same
// modification time, so ages computed from file times do not depend on
// when the repository was checked out.
type fixedTimeFS struct {
	fs.FS
	mod time.Time
}

func (f fixedTimeFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return fixedTimeFile{file, f.mod}, nil
}

type fixedTimeFile struct {
	fs.File
	mod time.Time
}

func (f fixedTimeFile) Stat() (fs.FileInfo, error) {
	st, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return fixedTimeInfo{st, f.mod}, nil
}

// ReadDir passes directory listing through, which fs.Glob needs.
func (f fixedTimeFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d, ok := f.File.(fs.ReadDirFile); ok {
		return d.ReadDir(n)
	}
	return nil, fmt.Errorf("not a directory")
}

type fixedTimeInfo struct {
	fs.FileInfo
	mod time.Time
}

func (i fixedTimeInfo) ModTime() time.Time { return i.mod }

// env returns a Getenv over a fixed map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
