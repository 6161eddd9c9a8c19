package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

// scalar keeps a YAML value as written. Upstream mixes dates, booleans,
// numbers that look like versions (latest: 10.0.26100) and strings in the
// same keys, and decoding them as typed values would turn 8.10 into 8.1.
type scalar struct {
	value string
	line  int
	set   bool
}

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a single value", n.Line)
	}
	if n.ShortTag() == "!!null" {
		return nil
	}
	s.value, s.line, s.set = strings.TrimSpace(n.Value), n.Line, true
	return nil
}

// mdRelease is one entry of a product page's releases list.
type mdRelease struct {
	ReleaseCycle      scalar `yaml:"releaseCycle"`
	ReleaseLabel      scalar `yaml:"releaseLabel"`
	Codename          scalar `yaml:"codename"`
	ReleaseDate       scalar `yaml:"releaseDate"`
	EOAS              scalar `yaml:"eoas"`
	EOL               scalar `yaml:"eol"`
	EOES              scalar `yaml:"eoes"`
	LTS               scalar `yaml:"lts"`
	Latest            scalar `yaml:"latest"`
	LatestReleaseDate scalar `yaml:"latestReleaseDate"`
}

type mdHead struct {
	Title        scalar `yaml:"title"`
	ReleaseLabel scalar `yaml:"releaseLabel"`
}

// ParseProduct reads the YAML front matter of an endoflife.date product page
// (products/<id>.md). Line numbers in errors are lines of the .md file.
func ParseProduct(name, id string, data []byte) (p *Product, err error) {
	text, first, err := frontMatter(name, data)
	if err != nil {
		return nil, err
	}
	// The YAML library has panicked on hostile input in the past; a bad
	// download must fail like any other bad file.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, audit.Invalid(name, 0, "unreadable front matter: %v", r)
		}
	}()
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil {
		return nil, yamlError(name, first, err)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, audit.Invalid(name, first, "front matter is not a YAML mapping")
	}
	var head mdHead
	if err := doc.Decode(&head); err != nil {
		return nil, audit.Invalid(name, first, "%v", err)
	}
	releases := mappingValue(doc, "releases")
	if releases == nil || releases.Kind != yaml.SequenceNode {
		return nil, audit.Invalid(name, first, "no releases: list in the front matter")
	}
	p = &Product{ID: id, Title: head.Title.value}
	if p.Title == "" {
		p.Title = id
	}
	seen := map[string]int{}
	for i, n := range releases.Content {
		at := n.Line + first - 1
		c, err := mdCycle(n, head.ReleaseLabel.value)
		if err != nil {
			var le lineError
			if errors.As(err, &le) && le.line > 0 {
				at = le.line + first - 1
			}
			return nil, audit.Invalid(name, at, "releases[%d]: %v", i, err)
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, audit.Invalid(name, at, "releases[%d]: releaseCycle %q repeats releases[%d]", i, c.ID, prev)
		}
		seen[c.ID] = i
		p.Cycles = append(p.Cycles, c)
	}
	return p, nil
}

func mdCycle(n *yaml.Node, productLabel string) (Cycle, error) {
	var r mdRelease
	if n.Kind != yaml.MappingNode {
		return Cycle{}, fmt.Errorf("expected a mapping with releaseCycle, eol, ...")
	}
	if err := n.Decode(&r); err != nil {
		return Cycle{}, err
	}
	c := Cycle{ID: r.ReleaseCycle.value, Codename: r.Codename.value, Latest: r.Latest.value}
	if c.ID == "" {
		return c, fmt.Errorf("releaseCycle is missing")
	}
	var err error
	if c.Released, err = optDate("releaseDate", r.ReleaseDate); err != nil {
		return c, err
	}
	if c.LatestDate, err = optDate("latestReleaseDate", r.LatestReleaseDate); err != nil {
		return c, err
	}
	if c.EOAS, _, err = dateOrBool("eoas", r.EOAS); err != nil {
		return c, err
	}
	if c.EOES, _, err = dateOrBool("eoes", r.EOES); err != nil {
		return c, err
	}
	if c.EOL, c.Ended, err = dateOrBool("eol", r.EOL); err != nil {
		return c, err
	}
	lts, ltsTrue, err := dateOrBool("lts", r.LTS)
	if err != nil {
		return c, err
	}
	c.LTS = ltsTrue || lts != ""
	label := r.ReleaseLabel.value
	if label == "" {
		label = productLabel
	}
	c.Label = renderLabel(label, c)
	return c, nil
}

// renderLabel fills endoflife.date's label templates the way its site does.
func renderLabel(template string, c Cycle) string {
	if template == "" {
		return c.ID
	}
	r := strings.NewReplacer("__RELEASE_CYCLE__", c.ID, "__CODENAME__", c.Codename, "__LATEST__", c.Latest)
	return strings.Join(strings.Fields(r.Replace(template)), " ")
}

// dateOrBool reads eol-style values: a date, or true (ended, no date) or
// false (not announced).
func dateOrBool(key string, s scalar) (date string, yes bool, err error) {
	if !s.set || s.value == "" {
		return "", false, nil
	}
	switch strings.ToLower(s.value) {
	case "true":
		return "", true, nil
	case "false":
		return "", false, nil
	}
	d, err := optDate(key, s)
	return d, false, err
}

func optDate(key string, s scalar) (string, error) {
	if !s.set || s.value == "" {
		return "", nil
	}
	if IsDate(s.value) {
		return s.value, nil
	}
	if t, err := time.Parse(time.RFC3339, s.value); err == nil {
		return t.UTC().Format("2006-01-02"), nil
	}
	return "", lineError{s.line, fmt.Errorf("%s %q is not a date (YYYY-MM-DD)", key, s.value)}
}

// lineError carries the YAML line of the value at fault, so the message
// points at the bad date rather than at the start of its release.
type lineError struct {
	line int
	err  error
}

func (e lineError) Error() string { return e.err.Error() }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError moves the YAML library's line numbers, which count from the
// start of the front matter, to lines of the .md file.
func yamlError(name string, first int, err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			return audit.Invalid(name, n+first-1, "front matter is not valid YAML: %s", msg[len(m[0]):])
		}
	}
	return audit.Invalid(name, first, "front matter is not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// frontMatter returns the YAML between the opening '---' line and the next
// '---' (or '...') line, and the file line the YAML starts on.
func frontMatter(name string, data []byte) ([]byte, int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) == 0 || string(bytes.TrimSpace(lines[0])) != "---" {
		return nil, 0, audit.Invalid(name, 1, "no front matter: the first line must be '---'")
	}
	var b bytes.Buffer
	for i := 1; i < len(lines); i++ {
		l := bytes.TrimRight(lines[i], "\r\n")
		if s := string(l); s == "---" || s == "..." {
			return b.Bytes(), 2, nil
		}
		b.Write(l)
		b.WriteByte('\n')
	}
	return nil, 0, audit.Invalid(name, len(lines), "front matter is not closed by a '---' line")
}
