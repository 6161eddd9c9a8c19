package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"time"
)

// SchemaVersion is the version of the Snapshot encoding. Decode refuses any
// other, so an old binary never misreads a newer user data directory.
const SchemaVersion = 1

// Snapshot is everything Triage keeps from the public files. Either part may
// be nil when a partial update supplies only the other.
type Snapshot struct {
	Schema    int        `json:"schema"`
	KEV       *KEV       `json:"kev,omitempty"`
	Lifecycle *Lifecycle `json:"lifecycle,omitempty"`
}

// Source says where a part of the snapshot came from, for reports and for
// the licence terms that travel with the data.
type Source struct {
	Name       string `json:"name"`
	Repository string `json:"repository,omitempty"`
	Commit     string `json:"commit,omitempty"`
	Date       string `json:"date,omitempty"` // YYYY-MM-DD
	Licence    string `json:"licence,omitempty"`
}

// KEV is the trimmed CISA catalogue: the fields a finding needs, without the
// required-action boilerplate, notes and CWE lists.
type KEV struct {
	CatalogVersion string     `json:"catalog_version"`
	DateReleased   string     `json:"date_released"` // RFC 3339, as published
	Count          int        `json:"count"`
	Source         Source     `json:"source"`
	Entries        []KEVEntry `json:"entries"`
}

// KEVEntry is one known-exploited vulnerability.
type KEVEntry struct {
	CVE         string `json:"cve"`
	Vendor      string `json:"vendor"`
	Product     string `json:"product"`
	Name        string `json:"name,omitempty"`
	DateAdded   string `json:"added"` // YYYY-MM-DD
	DueDate     string `json:"due,omitempty"`
	Ransomware  bool   `json:"ransomware,omitempty"` // knownRansomwareCampaignUse == "Known"
	Description string `json:"desc,omitempty"`
}

// Lifecycle holds the endoflife.date products Triage matches against.
type Lifecycle struct {
	Date     string    `json:"date"` // the snapshot's date, YYYY-MM-DD
	Sources  []Source  `json:"sources"`
	Products []Product `json:"products"`
}

// Product is one endoflife.date product with its release cycles, newest
// first as upstream lists them.
type Product struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Cycles []Cycle `json:"cycles"`
}

// Cycle is one release cycle. Dates are YYYY-MM-DD or empty. EOL is the end
// of security support; Ended is set when upstream says support has ended
// without giving a date (eol: true).
type Cycle struct {
	ID         string `json:"id"`
	Label      string `json:"label,omitempty"`
	Codename   string `json:"codename,omitempty"`
	Released   string `json:"released,omitempty"`
	EOAS       string `json:"eoas,omitempty"` // end of active (non-security) support
	EOL        string `json:"eol,omitempty"`
	Ended      bool   `json:"ended,omitempty"`
	EOES       string `json:"eoes,omitempty"` // end of paid extended security updates
	LTS        bool   `json:"lts,omitempty"`
	Latest     string `json:"latest,omitempty"`
	LatestDate string `json:"latest_date,omitempty"`
}

// Encode writes s as gzip'd JSON. The output depends only on s, so a
// regenerated file shows no diff unless the data changed.
func Encode(w io.Writer, s *Snapshot) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	return zw.Close()
}

// Decode reads and validates a snapshot written by Encode. name is used in
// error messages.
func Decode(name string, r io.Reader) (*Snapshot, error) {
	zr, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("%s: not a gzip'd reference-data snapshot: %w", name, err)
	}
	var s Snapshot
	dec := json.NewDecoder(zr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

var cveRE = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,19}$`)

// Validate checks the invariants lookups rely on, so a corrupt user copy is
// refused instead of silently matching nothing.
func (s *Snapshot) Validate() error {
	if s.Schema != SchemaVersion {
		return fmt.Errorf("snapshot schema %d, this build reads %d", s.Schema, SchemaVersion)
	}
	if s.KEV != nil {
		if err := s.KEV.validate(); err != nil {
			return err
		}
	}
	if s.Lifecycle != nil {
		if err := s.Lifecycle.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (k *KEV) validate() error {
	if k.CatalogVersion == "" {
		return fmt.Errorf("kev: catalog_version is empty")
	}
	if _, err := time.Parse(time.RFC3339, k.DateReleased); err != nil {
		return fmt.Errorf("kev: date_released %q is not an RFC 3339 time", k.DateReleased)
	}
	if k.Count != len(k.Entries) {
		return fmt.Errorf("kev: count %d but %d entries", k.Count, len(k.Entries))
	}
	seen := make(map[string]bool, len(k.Entries))
	for i, e := range k.Entries {
		if !cveRE.MatchString(e.CVE) {
			return fmt.Errorf("kev: entries[%d]: %q is not a CVE id", i, e.CVE)
		}
		if seen[e.CVE] {
			return fmt.Errorf("kev: entries[%d]: %s appears twice", i, e.CVE)
		}
		seen[e.CVE] = true
		if !IsDate(e.DateAdded) || (e.DueDate != "" && !IsDate(e.DueDate)) {
			return fmt.Errorf("kev: entries[%d] (%s): bad date", i, e.CVE)
		}
	}
	return nil
}

func (l *Lifecycle) validate() error {
	if !IsDate(l.Date) {
		return fmt.Errorf("lifecycle: date %q is not YYYY-MM-DD", l.Date)
	}
	ids := map[string]bool{}
	for _, p := range l.Products {
		if p.ID == "" || ids[p.ID] {
			return fmt.Errorf("lifecycle: product id %q is empty or repeated", p.ID)
		}
		ids[p.ID] = true
		cycles := map[string]bool{}
		for _, c := range p.Cycles {
			if c.ID == "" || cycles[c.ID] {
				return fmt.Errorf("lifecycle: %s: cycle %q is empty or repeated", p.ID, c.ID)
			}
			cycles[c.ID] = true
			for _, d := range []string{c.Released, c.EOAS, c.EOL, c.EOES, c.LatestDate} {
				if d != "" && !IsDate(d) {
					return fmt.Errorf("lifecycle: %s %s: %q is not YYYY-MM-DD", p.ID, c.ID, d)
				}
			}
		}
	}
	return nil
}

// IsDate reports whether s is a valid YYYY-MM-DD date.
func IsDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil && len(s) == 10
}

// Product returns the product with id, or nil.
func (l *Lifecycle) Product(id string) *Product {
	for i := range l.Products {
		if l.Products[i].ID == id {
			return &l.Products[i]
		}
	}
	return nil
}
