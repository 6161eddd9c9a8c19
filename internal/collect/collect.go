package collect

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"triage/internal/audit"
)

// Platforms a collector exists for, named like runtime.GOOS.
const (
	Linux   = "linux"
	Windows = "windows"
	Darwin  = "darwin"
)

// Deadline bounds a whole collection. Commands still running then are
// abandoned and their fields reported as unknown, so `triage collect`
// always finishes within half a minute.
const Deadline = 25 * time.Second

// System is everything a collector may touch of the machine: the commands
// it runs, the files it reads and a few facts about the process. Local
// returns the real one; tests pass fixtures.
type System struct {
	OS       string // linux, windows or darwin
	Hostname string // as the machine reports it; shortened to its first label
	// Elevated is true when the process runs as root (Linux, macOS). On
	// Windows the collector asks whoami instead and ignores this.
	Elevated bool
	Run      Runner
	Files    fs.FS // rooted at "/" (Windows: the system drive)
	Getenv   func(string) string
	Now      time.Time
	Zone     *time.Location // for log times written without a zone
}

func (s System) getenv(k string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(k)
}

func (s System) zone() *time.Location {
	if s.Zone == nil {
		return time.Local
	}
	return s.Zone
}

// Note is something the collector saw that facts.json cannot carry yet
// (SSH settings, RDP, SMBv1, pending updates), or why a field stayed
// unknown. The CLI prints notes; they are not evidence.
type Note struct {
	Topic string `json:"topic"`
	Text  string `json:"text"`
}

// Result is one collection.
type Result struct {
	Host     string       `json:"host"`
	OS       string       `json:"os"`
	Elevated bool         `json:"elevated"`
	Facts    []audit.Fact `json:"facts"`
	Notes    []Note       `json:"notes"`
}

// Counts returns how many facts of each kind the result holds.
func (r Result) Counts() map[audit.FactKind]int {
	n := map[audit.FactKind]int{}
	for _, f := range r.Facts {
		n[f.Kind]++
	}
	return n
}

// Collect reads the machine described by sys. It fails only when it cannot
// name the machine or does not know the platform; everything else it
// cannot read becomes an unknown field, a gap or a note.
func Collect(ctx context.Context, sys System) (Result, error) {
	switch sys.OS {
	case Linux, Windows, Darwin:
	default:
		return Result{}, fmt.Errorf("collect: there is no collector for %q; it runs on Linux, Windows and macOS", sys.OS)
	}
	host := shortHost(sys.Hostname)
	if host == "" {
		return Result{}, errors.New("collect: the computer's name could not be read; it names the device in the evidence")
	}
	if sys.Run == nil || sys.Files == nil {
		return Result{}, errors.New("collect: no command runner or file system given")
	}
	if sys.Now.IsZero() {
		sys.Now = time.Now()
	}
	ctx, cancel := context.WithTimeout(ctx, Deadline)
	defer cancel()
	c := newCollector(sys, host)
	switch sys.OS {
	case Linux:
		collectLinux(ctx, c)
	case Windows:
		collectWindows(ctx, c)
	case Darwin:
		collectDarwin(ctx, c)
	}
	return c.result(), nil
}

// shortHost keeps the first label of a DNS name: "pms.clinic.local" is
// the device "pms" in every other export (AD, Intune, osquery).
func shortHost(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '.'); i > 0 {
		h = h[:i]
	}
	return h
}

// collector builds the facts of one machine.
type collector struct {
	sys      System
	host     string
	elevated bool
	dev      audit.Device
	devSrc   []string // "field=where" for the device fact's source
	programs []audit.Fact
	settings []audit.Fact
	gaps     []audit.Fact
	notes    []Note
}

func newCollector(sys System, host string) *collector {
	return &collector{sys: sys, host: host, elevated: sys.Elevated,
		dev: audit.Device{Name: host, Kind: audit.DeviceWorkstation}}
}

// source is the provenance of every fact: the collector on this host,
// the command or file read, and when.
func (c *collector) source(where string, line int) audit.Source {
	at := c.sys.Now
	return audit.Source{File: "collect:" + c.host, Path: where, Line: line, CollectedAt: &at}
}

// from records where a device field came from.
func (c *collector) from(field, where string) {
	entry := field + "=" + where
	for _, e := range c.devSrc {
		if e == entry {
			return
		}
	}
	c.devSrc = append(c.devSrc, entry)
}

// knows reports whether a device field's source was recorded.
func (c *collector) knows(field string) bool {
	for _, e := range c.devSrc {
		if strings.HasPrefix(e, field+"=") {
			return true
		}
	}
	return false
}

// gap records a check that was skipped, with what to do about it.
func (c *collector) gap(topic, reason, where string) {
	c.gaps = append(c.gaps, audit.Fact{Kind: audit.FactGap, Source: c.source(where, 0),
		Gap: &audit.Gap{Topic: topic, Reason: c.host + ": " + reason}})
}

// note records something seen that facts cannot carry yet.
func (c *collector) note(topic, format string, args ...any) {
	c.notes = append(c.notes, Note{Topic: topic, Text: fmt.Sprintf(format, args...)})
}

// program adds one installed program.
func (c *collector) program(s audit.Software, where string, line int) {
	s.Device = c.host
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return
	}
	c.programs = append(c.programs, audit.Fact{Kind: audit.FactSoftware, Source: c.source(where, line), Software: &s})
}

// setBool adds a true/false setting of this machine.
func (c *collector) setBool(name string, v bool, text, where string) {
	c.settings = append(c.settings, audit.Fact{Kind: audit.FactSetting, Source: c.source(where, 0),
		Setting: &audit.Setting{System: c.host, Name: name, Bool: &v, Text: text}})
}

// result assembles the facts in a fixed order: the device, settings,
// programs by name, then gaps, so the same machine gives the same file.
func (c *collector) result() Result {
	if !c.knows("kind") {
		// facts.json requires a kind; say that this one is a default.
		c.note("kind", "whether this is a server, laptop or workstation could not be read; it is recorded as a workstation")
	}
	now := c.sys.Now
	dev := c.dev
	dev.LastSeen = &now
	facts := []audit.Fact{{Kind: audit.FactDevice, Source: c.source(strings.Join(c.devSrc, "; "), 0), Device: &dev}}
	facts = append(facts, c.settings...)
	sort.SliceStable(c.programs, func(i, j int) bool {
		a, b := c.programs[i].Software, c.programs[j].Software
		if !strings.EqualFold(a.Name, b.Name) {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return a.Version < b.Version
	})
	facts = append(facts, c.programs...)
	facts = append(facts, c.gaps...)
	notes := c.notes
	if notes == nil {
		notes = []Note{}
	}
	return Result{Host: c.host, OS: c.sys.OS, Elevated: c.elevated, Facts: facts, Notes: notes}
}

func boolPtr(b bool) *bool { return &b }
func intPtr(i int) *int    { return &i }

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// daysSince counts whole days from t to now, never negative.
func daysSince(t, now time.Time) int {
	d := int(now.Sub(t).Hours() / 24)
	if d < 0 {
		return 0
	}
	return d
}
