package dataset

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"triage/internal/audit"
)

// releaseData is endoflife.date's auto-collected file for one product:
// release cycles (often empty) and every version seen with its date.
type releaseData struct {
	Releases map[string]map[string]json.RawMessage `json:"releases"`
	Versions map[string]struct {
		Name string `json:"name"`
		Date string `json:"date"`
	} `json:"versions"`
}

// ReleaseData is what Triage keeps of a release-data file.
type ReleaseData struct {
	Cycles   []Cycle           // from "releases", newest release first
	Versions map[string]string // version -> YYYY-MM-DD
}

// ParseReleaseData reads releases/<id>.json. Versions without a valid date
// are skipped: upstream collects them by scraping and some have none.
func ParseReleaseData(name string, data []byte) (*ReleaseData, error) {
	var f releaseData
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(name, data, err)
	}
	if f.Releases == nil && f.Versions == nil {
		return nil, audit.Invalid(name, 0, "neither \"releases\" nor \"versions\" found; is this an endoflife.date release-data file?")
	}
	rd := &ReleaseData{Versions: map[string]string{}}
	for v, info := range f.Versions {
		if IsDate(info.Date) && strings.TrimSpace(v) != "" {
			rd.Versions[v] = info.Date
		}
	}
	for id, fields := range f.Releases {
		c, err := releaseCycle(id, fields)
		if err != nil {
			return nil, audit.Invalid(name, 0, "releases.%s: %v", id, err)
		}
		rd.Cycles = append(rd.Cycles, c)
	}
	sort.Slice(rd.Cycles, func(i, j int) bool {
		a, b := rd.Cycles[i], rd.Cycles[j]
		if a.Released != b.Released {
			return a.Released > b.Released
		}
		return CompareVersions(VersionNumbers(a.ID), VersionNumbers(b.ID)) > 0
	})
	return rd, nil
}

func releaseCycle(id string, fields map[string]json.RawMessage) (Cycle, error) {
	c := Cycle{ID: strings.TrimSpace(id), Label: strings.TrimSpace(id)}
	if c.ID == "" {
		return c, fmt.Errorf("empty release name")
	}
	get := func(key string) (scalar, error) {
		raw, ok := fields[key]
		if !ok || string(raw) == "null" {
			return scalar{}, nil
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return scalar{}, err
		}
		switch x := v.(type) {
		case string:
			return scalar{value: x, set: true}, nil
		case bool:
			return scalar{value: fmt.Sprint(x), set: true}, nil
		}
		return scalar{}, fmt.Errorf("%s: expected a date or true/false, found %s", key, raw)
	}
	var err error
	var s scalar
	if s, err = get("releaseDate"); err == nil {
		c.Released, err = optDate("releaseDate", s)
	}
	if err == nil {
		if s, err = get("eoas"); err == nil {
			c.EOAS, _, err = dateOrBool("eoas", s)
		}
	}
	if err == nil {
		if s, err = get("eoes"); err == nil {
			c.EOES, _, err = dateOrBool("eoes", s)
		}
	}
	if err == nil {
		if s, err = get("eol"); err == nil {
			c.EOL, c.Ended, err = dateOrBool("eol", s)
		}
	}
	return c, err
}
