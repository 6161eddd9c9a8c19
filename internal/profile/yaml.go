package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

// maxFileSize bounds what is read: these files are written by hand and are a
// few kilobytes, so anything much larger is the wrong file.
const maxFileSize = 4 << 20

// readDocument reads one YAML document from r and returns its root node,
// which is never nil. Empty files, files that are not UTF-8, syntax errors
// and a second document are errors located at their line.
func readDocument(name string, r io.Reader) (*yaml.Node, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	if len(data) > maxFileSize {
		return nil, audit.Invalid(name, 0, "file is larger than %d MiB; check that this is the right file", maxFileSize>>20)
	}
	if err := checkEncoding(name, data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, audit.Invalid(name, 0, "file is empty; see docs/practice-format.md for what to write")
		}
		return nil, syntaxError(name, data, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		return nil, audit.Invalid(name, 0, "file is empty; see docs/practice-format.md for what to write")
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, audit.Invalid(name, max(next.Line, 1), "a second YAML document starts here; keep everything in one document and remove the extra '---'")
	case !errors.Is(err, io.EOF):
		return nil, syntaxError(name, data, err)
	}
	return doc.Content[0], nil
}

// checkEncoding rejects input the YAML reader would misread or report
// without a line: UTF-16, invalid UTF-8 and control characters.
func checkEncoding(name string, data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return audit.Invalid(name, 1, "file is saved as UTF-16; save it as UTF-8")
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return audit.Invalid(name, line, "file is not valid UTF-8 text; save it as UTF-8")
		case r == '\n':
			line++
		case r == '\t' || r == '\r' || r == 0x85 || r == 0xFEFF:
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == 0xFFFE || r == 0xFFFF:
			return audit.Invalid(name, line, "line contains the control character %U; remove it", r)
		}
		i += size
	}
	return nil
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// syntaxError turns a YAML library error into one with a line. The library
// reports scanner errors at their 1-based line but parser errors ("did not
// find expected ...") at the 0-based line of the block being parsed, and
// leaves the line out altogether when it is the first.
func syntaxError(name string, data []byte, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblem(msg) {
			line++
		}
	} else if m := yamlAnchor.FindStringSubmatch(msg); m != nil {
		line = lineContaining(data, "*"+m[1])
		return audit.Invalid(name, line, "alias *%s refers to no anchor; anchors and aliases are not needed here, write the value out", m[1])
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if parserProblem(msg) {
			line = 1
		}
	}
	return audit.Invalid(name, line, "not valid YAML: %s; check the indentation (spaces, not tabs), colons and quotes on this line and the lines around it", msg)
}

func parserProblem(msg string) bool {
	return strings.HasPrefix(msg, "did not find expected") ||
		strings.HasPrefix(msg, "found undefined tag handle") ||
		strings.HasPrefix(msg, "found duplicate %") ||
		strings.HasPrefix(msg, "found incompatible YAML document")
}

// lineContaining returns the 1-based line of the first occurrence of s, or 1.
func lineContaining(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 1
	}
	return 1 + bytes.Count(data[:i], []byte("\n"))
}

// describe names what a node holds, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value lines)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!bool":
		return fmt.Sprintf("true/false (%s)", n.Value)
	case "!!int", "!!float":
		return fmt.Sprintf("the number %s", n.Value)
	}
	v := n.Value
	if len(v) > 60 {
		v = v[:60] + "..."
	}
	return fmt.Sprintf("%q", v)
}

// openFile opens path for a loader, with a located error when it is missing.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &audit.Error{Code: audit.ENotFound, File: path, Msg: "file not found; see docs/practice-format.md for how to write it"}
	}
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: path, Msg: "could not open the file", Err: err}
	}
	return f, nil
}
