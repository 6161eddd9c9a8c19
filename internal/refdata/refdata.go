package refdata

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"triage/internal/audit"
	"triage/internal/refdata/dataset"
)

//go:generate go run ./gen -datasets ../../../shared/datasets -out .

//go:embed data/refdata.json.gz
var embeddedSnapshot []byte

// FileName is the snapshot's name inside a data directory.
const FileName = "refdata.json.gz"

// FromEmbedded is the From value of data that came with the binary.
const FromEmbedded = "embedded"

// Data is one set of reference data with its indexes. It is never changed
// after loading, so one value may serve many goroutines.
type Data struct {
	kev           *dataset.KEV
	lifecycle     *dataset.Lifecycle
	kevFrom       string
	lifecycleFrom string

	byCVE    map[string]int
	byVendor map[string][]int
	kevAlts  [][]string // per entry: normalised product alternatives
	products map[string]*product
}

var embedded = sync.OnceValues(func() (*Data, error) {
	s, err := dataset.Decode("embedded "+FileName, bytes.NewReader(embeddedSnapshot))
	if err != nil {
		return nil, err
	}
	return newData(s.KEV, FromEmbedded, s.Lifecycle, FromEmbedded)
})

// Embedded returns the data built into the binary.
func Embedded() (*Data, error) { return embedded() }

// defaultData backs the package-level lookups. The embedded snapshot is
// checked by the tests, so failing to read it is a broken build.
func defaultData() *Data {
	d, err := embedded()
	if err != nil {
		panic("refdata: embedded reference data is unreadable: " + err.Error())
	}
	return d
}

// DefaultDir is where `triage refdata update` keeps newer data:
// <user config dir>/triage/refdata.
func DefaultDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("refdata: no per-user configuration directory (%w); pass --data-dir", err)
	}
	return filepath.Join(dir, "triage", "refdata"), nil
}

// Load returns the reference data to use: for each part (KEV, lifecycles),
// the copy in dir when dir holds a snapshot whose part is newer than the
// embedded one, else the embedded part. An empty dir, a missing directory or
// a directory without a snapshot gives the embedded data; an unreadable
// snapshot is an error, because silently falling back would hide that the
// user's update is not in effect.
func Load(dir string) (*Data, error) {
	base, err := Embedded()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return base, nil
	}
	name := filepath.Join(dir, FileName)
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return base, nil
	}
	if err != nil {
		return nil, fmt.Errorf("refdata: %w", err)
	}
	defer f.Close()
	s, err := dataset.Decode(name, f)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, Msg: "refdata: the updated reference data is unreadable; run `triage refdata update` again or delete the file", Err: err}
	}
	kev, kevFrom := base.kev, base.kevFrom
	if kevNewer(s.KEV, kev) {
		kev, kevFrom = s.KEV, name
	}
	lc, lcFrom := base.lifecycle, base.lifecycleFrom
	if lifecycleNewer(s.Lifecycle, lc) {
		lc, lcFrom = s.Lifecycle, name
	}
	if kevFrom == base.kevFrom && lcFrom == base.lifecycleFrom {
		return base, nil
	}
	return newData(kev, kevFrom, lc, lcFrom)
}

// kevNewer reports whether a is a later catalogue release than b.
func kevNewer(a, b *dataset.KEV) bool {
	if a == nil {
		return false
	}
	if b == nil {
		return true
	}
	ta, _ := time.Parse(time.RFC3339, a.DateReleased)
	tb, _ := time.Parse(time.RFC3339, b.DateReleased)
	return ta.After(tb)
}

func lifecycleNewer(a, b *dataset.Lifecycle) bool {
	if a == nil {
		return false
	}
	return b == nil || a.Date > b.Date
}

func newData(kev *dataset.KEV, kevFrom string, lc *dataset.Lifecycle, lcFrom string) (*Data, error) {
	if kev == nil || lc == nil {
		return nil, errors.New("refdata: a snapshot needs both the KEV catalogue and the lifecycles")
	}
	d := &Data{kev: kev, lifecycle: lc, kevFrom: kevFrom, lifecycleFrom: lcFrom}
	d.indexKEV()
	d.indexProducts()
	return d, nil
}

// Summary describes loaded data, for `triage refdata` and report footers.
type Summary struct {
	KEVCount          int        `json:"kev_count"`
	KEVCatalogVersion string     `json:"kev_catalog_version"`
	KEVReleased       time.Time  `json:"kev_released"`
	KEVFrom           string     `json:"kev_from"` // FromEmbedded or the snapshot's path
	LifecycleDate     audit.Date `json:"lifecycle_date"`
	LifecycleFrom     string     `json:"lifecycle_from"`
	// DataDate is the newer of the KEV release day and the lifecycle date:
	// the day the reference data describes.
	DataDate audit.Date       `json:"data_date"`
	Products []ProductInfo    `json:"products"`
	Sources  []dataset.Source `json:"sources"`
}

// ProductInfo is one lifecycle product and how many release cycles it has.
type ProductInfo struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Cycles int    `json:"cycles"`
}

// Info describes d.
func (d *Data) Info() Summary {
	released, _ := time.Parse(time.RFC3339, d.kev.DateReleased)
	lcDate, _ := audit.ParseDate(d.lifecycle.Date)
	in := Summary{
		KEVCount:          len(d.kev.Entries),
		KEVCatalogVersion: d.kev.CatalogVersion,
		KEVReleased:       released.UTC(),
		KEVFrom:           d.kevFrom,
		LifecycleDate:     lcDate,
		LifecycleFrom:     d.lifecycleFrom,
		DataDate:          lcDate,
		Sources:           append([]dataset.Source{d.kev.Source}, d.lifecycle.Sources...),
	}
	if kd := audit.NewDate(released); kd.Time().After(lcDate.Time()) {
		in.DataDate = kd
	}
	for _, p := range d.lifecycle.Products {
		in.Products = append(in.Products, ProductInfo{ID: p.ID, Title: p.Title, Cycles: len(p.Cycles)})
	}
	sort.Slice(in.Products, func(i, j int) bool { return in.Products[i].ID < in.Products[j].ID })
	return in
}

// Info describes the embedded data.
func Info() Summary { return defaultData().Info() }

// Reference is what an audit report records of the data it was matched
// against (audit.Result.ReferenceData).
func (s Summary) Reference() *audit.ReferenceData {
	return &audit.ReferenceData{
		KEVCatalogVersion: s.KEVCatalogVersion, KEVReleased: s.KEVReleased.Format(audit.DateLayout),
		KEVCount: s.KEVCount, LifecycleDate: s.LifecycleDate.String(), DataDate: s.DataDate.String(),
	}
}
