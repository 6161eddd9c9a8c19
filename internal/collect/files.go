package collect

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// maxFile caps how much of one system file is read. The largest file the
// collector reads is the package database (/var/lib/dpkg/status, a few MB
// on a desktop); logs are read line by line within the same cap.
const maxFile = 32 << 20

// errTooLarge reports a file over maxFile.
var errTooLarge = errors.New("file larger than 32 MB; not read")

// fsPath turns an absolute path on the machine into a path inside the
// fs.FS rooted at "/" (fs.FS paths have no leading slash).
func fsPath(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(p, `\`, "/")), "/")
	if p == "" {
		return "."
	}
	return p
}

// readFile reads a small file whole, within maxFile.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(fsPath(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, errTooLarge
	}
	return data, nil
}

// readString reads a small file and trims surrounding space.
func readString(fsys fs.FS, name string) (string, error) {
	data, err := readFile(fsys, name)
	return strings.TrimSpace(string(data)), err
}

// exists reports whether a file or directory is there.
func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, fsPath(name))
	return err == nil
}

// glob returns the absolute paths matching an absolute pattern.
func glob(fsys fs.FS, pattern string) []string {
	m, err := fs.Glob(fsys, fsPath(pattern))
	if err != nil {
		return nil
	}
	for i := range m {
		m[i] = "/" + m[i]
	}
	return m
}

// scanLines calls fn for each line of a file, gunzipping names ending in
// .gz (rotated logs), and stops early when fn returns false. It reads at
// most maxFile bytes of text.
func scanLines(fsys fs.FS, name string, fn func(line string) bool) error {
	f, err := fsys.Open(fsPath(name))
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer z.Close()
		r = z
	}
	lr := &io.LimitedReader{R: r, N: maxFile + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if !fn(sc.Text()) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if lr.N <= 0 {
		return errTooLarge
	}
	return nil
}
