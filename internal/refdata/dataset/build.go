package dataset

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"triage/internal/audit"
)

// Paths of the public files inside a dataset directory (the layout of
// ../shared/datasets).
const (
	KEVFile     = "cisa-kev/known_exploited_vulnerabilities.json"
	ProductsDir = "endoflife-products/products"
	ReleasesDir = "endoflife-release-data/releases"
)

// Products are the endoflife.date products Triage embeds: what small medical
// practices run, so that devices and installed programs can be matched.
// Operating systems come first, then programs.
var Products = []string{
	// Operating systems of PCs, servers, phones, hypervisors and firewalls.
	"windows", "windows-server", "macos", "ios", "ipados", "android",
	"ubuntu", "debian", "vmware-esxi", "fortios",
	// Office, mail and the PMS database engines.
	"office", "libreoffice", "msexchange", "mssqlserver", "mysql", "postgresql",
	// Browsers.
	"chrome", "firefox", "internet-explorer",
	// Backup.
	"veeam-backup-and-replication", "veeam-backup-for-microsoft-365", "veeam-one",
	// Runtimes that PMS add-ons and pathology/imaging tools install.
	"oracle-jdk", "eclipse-temurin", "microsoft-build-of-openjdk", "amazon-corretto",
	"dotnet", "powershell", "python",
	// Other programs often found on practice PCs.
	"notepad-plus-plus", "virtualbox", "pan-gp",
}

// Build reads whatever parts of a dataset directory are present: the KEV
// catalogue, endoflife.date product pages, release-data files. root names
// the directory in messages. Products listed in ids but found in neither
// endoflife source are returned in missing. It fails when no part is found.
func Build(fsys fs.FS, root string, ids []string) (s *Snapshot, missing []string, err error) {
	s = &Snapshot{Schema: SchemaVersion}
	at := func(p string) string { return path.Join(root, p) }
	if data, err := fs.ReadFile(fsys, KEVFile); err == nil {
		if s.KEV, err = ParseKEV(at(KEVFile), data); err != nil {
			return nil, nil, err
		}
		applySource(&s.KEV.Source, fsys, "cisa-kev", kevDefaults)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	s.Lifecycle, missing, err = buildLifecycle(fsys, at, ids)
	if err != nil {
		return nil, nil, err
	}
	if s.KEV == nil && s.Lifecycle == nil {
		return nil, nil, audit.Invalid(root, 0, "found neither %s nor %s/*.md nor %s/*.json; point at a directory laid out like ../shared/datasets", KEVFile, ProductsDir, ReleasesDir)
	}
	return s, missing, nil
}

func buildLifecycle(fsys fs.FS, at func(string) string, ids []string) (*Lifecycle, []string, error) {
	hasMD, hasRD := isDir(fsys, ProductsDir), isDir(fsys, ReleasesDir)
	if !hasMD && !hasRD {
		return nil, nil, nil
	}
	l := &Lifecycle{}
	var missing []string
	observed := ""
	for _, id := range ids {
		p, seen, err := buildProduct(fsys, at, id)
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			missing = append(missing, id)
			continue
		}
		if seen > observed {
			observed = seen
		}
		l.Products = append(l.Products, *p)
	}
	if hasMD {
		src := Source{}
		applySource(&src, fsys, "endoflife-products", mdDefaults)
		l.Sources = append(l.Sources, src)
	}
	if hasRD {
		src := Source{}
		applySource(&src, fsys, "endoflife-release-data", rdDefaults)
		l.Sources = append(l.Sources, src)
	}
	// The snapshot's own date when the source notes give one; otherwise the
	// newest release seen, which is a date the data cannot predate.
	for _, src := range l.Sources {
		if src.Date > l.Date {
			l.Date = src.Date
		}
	}
	if l.Date == "" {
		l.Date = observed
	}
	if l.Date == "" {
		return nil, nil, audit.Invalid(at(ProductsDir), 0, "no dated release found, so the data's date is unknown")
	}
	return l, missing, nil
}

// buildProduct joins a product page with its release-data file. It returns
// the newest observed release or version date, for dating the snapshot.
func buildProduct(fsys fs.FS, at func(string) string, id string) (*Product, string, error) {
	var p *Product
	mdName := ProductsDir + "/" + id + ".md"
	if data, err := fs.ReadFile(fsys, mdName); err == nil {
		if p, err = ParseProduct(at(mdName), id, data); err != nil {
			return nil, "", err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	var rd *ReleaseData
	rdName := ReleasesDir + "/" + id + ".json"
	if data, err := fs.ReadFile(fsys, rdName); err == nil {
		if rd, err = ParseReleaseData(at(rdName), data); err != nil {
			return nil, "", err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	if p == nil && rd != nil && len(rd.Cycles) > 0 {
		p = &Product{ID: id, Title: id, Cycles: rd.Cycles}
	}
	if p == nil {
		return nil, "", nil
	}
	seen := ""
	if rd != nil {
		fillLatest(p, rd)
		for _, d := range rd.Versions {
			seen = max(seen, d)
		}
	}
	for _, c := range p.Cycles {
		seen = max(seen, c.LatestDate)
	}
	return p, seen, nil
}

// fillLatest adds the newest collected version of each numeric cycle that
// the product page gives no latest for, and the date of every latest.
func fillLatest(p *Product, rd *ReleaseData) {
	for i := range p.Cycles {
		c := &p.Cycles[i]
		if c.Latest == "" && numericID(c.ID) {
			prefix := VersionNumbers(c.ID)
			var best []int
			for v := range rd.Versions {
				n := VersionNumbers(v)
				if hasPrefix(n, prefix) && (best == nil || CompareVersions(n, best) > 0 || (CompareVersions(n, best) == 0 && v < c.Latest)) {
					best, c.Latest = n, v
				}
			}
		}
		if c.LatestDate == "" && c.Latest != "" {
			c.LatestDate = rd.Versions[c.Latest]
		}
	}
}

func numericID(id string) bool {
	return id != "" && strings.Trim(id, "0123456789.") == "" && id[0] != '.'
}

func hasPrefix(n, prefix []int) bool {
	if len(n) < len(prefix) {
		return false
	}
	for i, x := range prefix {
		if n[i] != x {
			return false
		}
	}
	return true
}

func isDir(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && st.IsDir()
}

var (
	kevDefaults = Source{Name: "CISA Known Exploited Vulnerabilities", Repository: "https://github.com/cisagov/kev-data", Licence: "CC0-1.0"}
	mdDefaults  = Source{Name: "endoflife.date products", Repository: "https://github.com/endoflife-date/endoflife.date", Licence: "MIT"}
	rdDefaults  = Source{Name: "endoflife.date release-data", Repository: "https://github.com/endoflife-date/release-data", Licence: "MIT"}

	repoRE   = regexp.MustCompile(`(?m)Repository:\s*(\S+)`)
	commitRE = regexp.MustCompile(`(?m)Commit:\s*([0-9a-f]{7,40})\b([^\n]*)`)
	dateRE   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
)

// applySource fills src from the directory's SOURCE.md (repository, commit
// and its date), keeping the defaults for anything the notes do not say.
func applySource(src *Source, fsys fs.FS, dir string, def Source) {
	keepDate := src.Date
	*src = def
	src.Date = keepDate
	notes, err := fs.ReadFile(fsys, dir+"/SOURCE.md")
	if err != nil {
		return
	}
	if m := repoRE.FindSubmatch(notes); m != nil {
		src.Repository = string(m[1])
	}
	if m := commitRE.FindSubmatch(notes); m != nil {
		src.Commit = string(m[1])
		if d := dateRE.Find(m[2]); d != nil && IsDate(string(d)) && src.Date == "" {
			src.Date = string(d)
		}
	}
}
