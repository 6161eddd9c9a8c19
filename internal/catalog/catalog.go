package catalog

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"

	"triage/internal/audit"
)

// Version identifies the catalogue's content in reports.
const Version = "2026.11"

//go:embed controls/*.yaml frameworks/*.yaml
var embedded embed.FS

// Default loads the catalogue embedded in the binary.
func Default() (*audit.Catalog, error) { return Load(embedded) }

// Load reads and validates a catalogue from fsys, which must hold
// controls/*.yaml and frameworks/*.yaml.
func Load(fsys fs.FS) (*audit.Catalog, error) {
	cat := &audit.Catalog{Version: Version}
	l := &loader{cat: cat, controlAt: map[string]string{}, actionAt: map[string]string{}}
	controlFiles, err := fs.Glob(fsys, "controls/*.yaml")
	if err != nil {
		return nil, err
	}
	if len(controlFiles) == 0 {
		return nil, audit.Invalid("controls", 0, "no control files (controls/*.yaml) found")
	}
	for _, name := range controlFiles {
		if err := l.controlsFile(fsys, name); err != nil {
			return nil, err
		}
	}
	if err := l.checkActions(); err != nil {
		return nil, err
	}
	frameworkFiles, err := fs.Glob(fsys, "frameworks/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range frameworkFiles {
		if err := l.frameworkFile(fsys, name); err != nil {
			return nil, err
		}
	}
	l.fillMappings()
	sortCatalog(cat)
	return cat, nil
}

type loader struct {
	cat       *audit.Catalog
	controlAt map[string]string // control id -> file:line, for duplicate messages
	actionAt  map[string]string
	actionUse []actionUse
}

type actionUse struct {
	file string
	line int
	id   string
}

// fillMappings inverts the framework files onto each control, so a finding
// can show which requirements it serves.
func (l *loader) fillMappings() {
	index := map[string]int{}
	for i := range l.cat.Controls {
		index[l.cat.Controls[i].ID] = i
		l.cat.Controls[i].Mappings = map[string][]string{}
	}
	for _, fw := range l.cat.Frameworks {
		for _, req := range fw.Requirements {
			label := req.ID
			if fw.ID == "e8" {
				label = e8Label(req)
			}
			for _, id := range req.Controls {
				c := &l.cat.Controls[index[id]]
				c.Mappings[fw.ID] = appendUnique(c.Mappings[fw.ID], label)
			}
		}
	}
	for i := range l.cat.Controls {
		for k := range l.cat.Controls[i].Mappings {
			sort.Strings(l.cat.Controls[i].Mappings[k])
		}
	}
}

func e8Label(r audit.Requirement) string {
	return strings.Join([]string{E8StrategyShort[r.Strategy], "ML" + string(rune('0'+r.Level)), r.ID}, " ")
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func sortCatalog(cat *audit.Catalog) {
	areaRank := map[audit.Area]int{}
	for i, a := range audit.Areas {
		areaRank[a] = i
	}
	sort.SliceStable(cat.Controls, func(i, j int) bool {
		return areaRank[cat.Controls[i].Area] < areaRank[cat.Controls[j].Area]
	})
	sort.Slice(cat.Actions, func(i, j int) bool { return cat.Actions[i].ID < cat.Actions[j].ID })
	sort.Slice(cat.Frameworks, func(i, j int) bool {
		return frameworkRank(cat.Frameworks[i].ID) < frameworkRank(cat.Frameworks[j].ID)
	})
}

// FrameworkIDs lists the known frameworks in the order reports show them.
var FrameworkIDs = []string{"e8", "racgp", "hipaa", "hph", "hicp", "cis", "csf"}

func frameworkRank(id string) int {
	for i, v := range FrameworkIDs {
		if v == id {
			return i
		}
	}
	return len(FrameworkIDs)
}

// E8Strategies lists the Essential Eight strategies in ASD's order.
var E8Strategies = []string{"application_control", "patch_applications", "office_macros",
	"user_app_hardening", "restrict_admin", "patch_os", "mfa", "regular_backups"}

// E8StrategyShort abbreviates strategies for mapping labels.
var E8StrategyShort = map[string]string{
	"application_control": "AC", "patch_applications": "PA", "office_macros": "MAC",
	"user_app_hardening": "UAH", "restrict_admin": "RAP", "patch_os": "PO",
	"mfa": "MFA", "regular_backups": "RB",
}

// E8StrategyNames are the strategies' names as ASD writes them.
var E8StrategyNames = map[string]string{
	"application_control": "Application control", "patch_applications": "Patch applications",
	"office_macros": "Configure Microsoft Office macro settings", "user_app_hardening": "User application hardening",
	"restrict_admin": "Restrict administrative privileges", "patch_os": "Patch operating systems",
	"mfa": "Multi-factor authentication", "regular_backups": "Regular backups",
}

func base(name string) string { return path.Base(name) }
