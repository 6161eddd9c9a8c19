package refdata

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"triage/internal/refdata/dataset"
)

// datasetsDir is ../shared/datasets relative to the repository root, seen
// from this package. Tests that compare against it skip when it is absent
// (a checkout without the shared data), never otherwise.
const datasetsDir = "../../../shared/datasets"

func needDatasets(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(datasetsDir); err != nil {
		t.Skipf("%s not present: %v", datasetsDir, err)
	}
}

func TestEmbeddedMatchesGeneratedConstants(t *testing.T) {
	if len(embeddedSnapshot) != embeddedSize {
		t.Fatalf("embedded snapshot is %d bytes, generated as %d: run go generate ./internal/refdata", len(embeddedSnapshot), embeddedSize)
	}
	sum := sha256.Sum256(embeddedSnapshot)
	if got := hex.EncodeToString(sum[:]); got != embeddedSHA256 {
		t.Fatalf("embedded snapshot sha256 %s, generated %s: the data file was changed by hand", got, embeddedSHA256)
	}
	s := Info()
	if s.KEVCount != embeddedKEVCount || s.KEVCatalogVersion != embeddedKEVCatalogVersion {
		t.Errorf("KEV %d/%s, constants say %d/%s", s.KEVCount, s.KEVCatalogVersion, embeddedKEVCount, embeddedKEVCatalogVersion)
	}
	want, _ := time.Parse(time.RFC3339, embeddedKEVDateReleased)
	if !s.KEVReleased.Equal(want) {
		t.Errorf("KEV released %s, constant says %s", s.KEVReleased, embeddedKEVDateReleased)
	}
	if s.LifecycleDate.String() != embeddedLifecycleDate || len(s.Products) != embeddedProducts {
		t.Errorf("lifecycle %s with %d products, constants say %s with %d", s.LifecycleDate, len(s.Products), embeddedLifecycleDate, embeddedProducts)
	}
	if s.KEVFrom != FromEmbedded || s.LifecycleFrom != FromEmbedded {
		t.Errorf("from %q/%q, want embedded", s.KEVFrom, s.LifecycleFrom)
	}
	if s.DataDate.String() != "2026-08-22" {
		t.Errorf("data date %s", s.DataDate)
	}
}

func TestEmbeddedKEVMatchesDataset(t *testing.T) {
	needDatasets(t)
	raw, err := os.ReadFile(filepath.Join(datasetsDir, dataset.KEVFile))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		CatalogVersion  string            `json:"catalogVersion"`
		DateReleased    string            `json:"dateReleased"`
		Count           int               `json:"count"`
		Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	s := Info()
	released, _ := time.Parse(time.RFC3339, f.DateReleased)
	if s.KEVCount != f.Count || s.KEVCount != len(f.Vulnerabilities) {
		t.Errorf("embedded KEV count %d, dataset count %d with %d entries", s.KEVCount, f.Count, len(f.Vulnerabilities))
	}
	if s.KEVCatalogVersion != f.CatalogVersion || !s.KEVReleased.Equal(released) {
		t.Errorf("embedded KEV %s released %s, dataset %s released %s", s.KEVCatalogVersion, s.KEVReleased, f.CatalogVersion, f.DateReleased)
	}
	if f.Count != embeddedKEVCount || f.CatalogVersion != embeddedKEVCatalogVersion || f.DateReleased != embeddedKEVDateReleased {
		t.Errorf("generated constants %d/%s/%s differ from the dataset %d/%s/%s: run go generate ./internal/refdata",
			embeddedKEVCount, embeddedKEVCatalogVersion, embeddedKEVDateReleased, f.Count, f.CatalogVersion, f.DateReleased)
	}
}

// TestEmbeddedIsFresh rebuilds the snapshot from the datasets and compares
// it byte for byte, so a dataset change without go generate fails here.
func TestEmbeddedIsFresh(t *testing.T) {
	needDatasets(t)
	s, missing, err := dataset.Build(os.DirFS(datasetsDir), datasetsDir, dataset.Products)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Fatalf("products missing from the datasets: %v", missing)
	}
	var buf bytes.Buffer
	if err := dataset.Encode(&buf, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embeddedSnapshot) {
		t.Fatal("the embedded snapshot differs from the datasets: run go generate ./internal/refdata")
	}
}

func TestEmbeddedSizeBudget(t *testing.T) {
	// The whole embedded data may add at most 5 MB to the binary.
	if n := len(embeddedSnapshot); n > 5<<20 {
		t.Fatalf("embedded snapshot is %d bytes, over the 5 MB budget", n)
	}
}
