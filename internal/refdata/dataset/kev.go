package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"triage/internal/audit"
)

// kevFile is the published catalogue, as far as Triage reads it.
type kevFile struct {
	CatalogVersion  string          `json:"catalogVersion"`
	DateReleased    string          `json:"dateReleased"`
	Count           *int            `json:"count"`
	Vulnerabilities []kevFileRecord `json:"vulnerabilities"`
}

type kevFileRecord struct {
	CVEID             string `json:"cveID"`
	VendorProject     string `json:"vendorProject"`
	Product           string `json:"product"`
	VulnerabilityName string `json:"vulnerabilityName"`
	DateAdded         string `json:"dateAdded"`
	ShortDescription  string `json:"shortDescription"`
	DueDate           string `json:"dueDate"`
	Ransomware        string `json:"knownRansomwareCampaignUse"`
}

// ParseKEV reads CISA's known_exploited_vulnerabilities.json. name is the
// file's path for messages; errors name the line (for syntax errors) or the
// JSON path of the bad value.
func ParseKEV(name string, data []byte) (*KEV, error) {
	var f kevFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(name, data, err)
	}
	bad := func(path, format string, args ...any) error {
		return audit.Invalid(name, 0, "%s: %s", path, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(f.CatalogVersion) == "" {
		return nil, bad("catalogVersion", "missing; is this the CISA KEV JSON file?")
	}
	released, err := time.Parse(time.RFC3339, f.DateReleased)
	if err != nil {
		return nil, bad("dateReleased", "%q is not a date-time like 2025-08-25T17:04:19.9796Z", f.DateReleased)
	}
	if f.Count == nil {
		return nil, bad("count", "missing")
	}
	if *f.Count != len(f.Vulnerabilities) {
		return nil, bad("count", "says %d but the file lists %d vulnerabilities; the file may be truncated", *f.Count, len(f.Vulnerabilities))
	}
	k := &KEV{
		CatalogVersion: f.CatalogVersion,
		DateReleased:   f.DateReleased,
		Count:          *f.Count,
		Source:         Source{Name: "CISA Known Exploited Vulnerabilities", Date: released.UTC().Format("2006-01-02"), Licence: "CC0-1.0"},
		Entries:        make([]KEVEntry, 0, len(f.Vulnerabilities)),
	}
	seen := make(map[string]int, len(f.Vulnerabilities))
	for i, v := range f.Vulnerabilities {
		// An entry's line is where its cveID is written; the path says
		// which entry when the id itself is what is wrong.
		at := func(k int, format string, args ...any) error {
			return audit.Invalid(name, lineOf(data, v.CVEID, k), "vulnerabilities[%d]: %s", i, fmt.Sprintf(format, args...))
		}
		e, err := kevEntry(v)
		if err != nil {
			return nil, at(0, "%v", err)
		}
		if j, dup := seen[e.CVE]; dup {
			return nil, at(1, "%s is also vulnerabilities[%d]", e.CVE, j)
		}
		seen[e.CVE] = i
		k.Entries = append(k.Entries, e)
	}
	return k, nil
}

func kevEntry(v kevFileRecord) (KEVEntry, error) {
	e := KEVEntry{
		CVE:         strings.TrimSpace(v.CVEID),
		Vendor:      strings.TrimSpace(v.VendorProject),
		Product:     strings.TrimSpace(v.Product),
		Name:        strings.TrimSpace(v.VulnerabilityName),
		DateAdded:   strings.TrimSpace(v.DateAdded),
		DueDate:     strings.TrimSpace(v.DueDate),
		Description: strings.TrimSpace(v.ShortDescription),
	}
	switch {
	case !cveRE.MatchString(e.CVE):
		return e, fmt.Errorf("cveID %q is not a CVE id like CVE-2024-12345", v.CVEID)
	case e.Vendor == "" || e.Product == "":
		return e, fmt.Errorf("%s: vendorProject and product must not be empty", e.CVE)
	case !IsDate(e.DateAdded):
		return e, fmt.Errorf("%s: dateAdded %q is not YYYY-MM-DD", e.CVE, v.DateAdded)
	case e.DueDate != "" && !IsDate(e.DueDate):
		return e, fmt.Errorf("%s: dueDate %q is not YYYY-MM-DD", e.CVE, v.DueDate)
	}
	switch v.Ransomware {
	case "Known":
		e.Ransomware = true
	case "Unknown", "":
	default:
		return e, fmt.Errorf("%s: knownRansomwareCampaignUse %q is neither Known nor Unknown", e.CVE, v.Ransomware)
	}
	return e, nil
}

// jsonError locates a JSON decoding error by line, because a byte offset
// means little to someone with the file open in an editor.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return audit.Invalid(name, lineAt(data, syn.Offset), "not valid JSON: %v", syn)
	case errors.As(err, &typ):
		return audit.Invalid(name, lineAt(data, typ.Offset), "%s: expected %s, found JSON %s", typ.Field, typ.Type, typ.Value)
	}
	return audit.Invalid(name, 0, "not valid JSON: %v", err)
}

// lineOf finds the line of the (k+1)-th occurrence of id as a JSON
// string, or 0 when there is none.
func lineOf(data []byte, id string, k int) int {
	if id == "" {
		return 0
	}
	needle := []byte(`"` + id + `"`)
	off := -1
	for ; k >= 0; k-- {
		i := bytes.Index(data[off+1:], needle)
		if i < 0 {
			return 0
		}
		off += 1 + i
	}
	return lineAt(data, int64(off))
}

func lineAt(data []byte, offset int64) int {
	if offset < 0 || offset > int64(len(data)) {
		return 0
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
