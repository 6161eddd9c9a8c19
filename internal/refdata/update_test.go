package refdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadWithoutUpdate(t *testing.T) {
	for _, dir := range []string{"", t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		d, err := Load(dir)
		if err != nil {
			t.Fatalf("Load(%q): %v", dir, err)
		}
		if s := d.Info(); s.KEVFrom != FromEmbedded || s.LifecycleFrom != FromEmbedded {
			t.Errorf("Load(%q) used %s/%s, want the embedded data", dir, s.KEVFrom, s.LifecycleFrom)
		}
	}
}

func TestUpdateNewerKEV(t *testing.T) {
	dataDir := t.TempDir()
	res, err := Update("testdata/update/newer-kev", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if !res.KEVUpdated || res.LifecycleUpdated || res.File != filepath.Join(dataDir, FileName) {
		t.Fatalf("result %+v", res)
	}
	d, err := Load(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	s := d.Info()
	if s.KEVCount != 2 || s.KEVCatalogVersion != "2030.01.02" || s.KEVFrom != res.File {
		t.Errorf("KEV after update: %d %s from %s", s.KEVCount, s.KEVCatalogVersion, s.KEVFrom)
	}
	if s.LifecycleFrom != FromEmbedded || s.DataDate.String() != "2030-01-02" {
		t.Errorf("lifecycle from %s, data date %s", s.LifecycleFrom, s.DataDate)
	}
	if e, ok := d.KEVByCVE("CVE-2029-0002"); !ok || !e.Ransomware {
		t.Errorf("new entry: %+v %v", e, ok)
	}
	// Lifecycle lookups still work on the embedded part.
	if _, eol, ok := d.OSSupport("Windows 10 Pro", "10.0.19045", ""); !ok || eol.String() != "2025-10-14" {
		t.Errorf("OS lookup after a KEV update: %s %v", eol, ok)
	}
	// Running it again finds nothing newer and writes nothing.
	res, err = Update("testdata/update/newer-kev", dataDir)
	if err != nil || res.File != "" || len(res.Skipped) != 1 {
		t.Errorf("second update: %+v, %v", res, err)
	}
}

func TestUpdateOlderKEVIsKept(t *testing.T) {
	dataDir := t.TempDir()
	res, err := Update("testdata/update/older-kev", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if res.File != "" || res.KEVUpdated || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "not newer") {
		t.Errorf("result %+v", res)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		t.Errorf("wrote %d files for data that is not newer", len(entries))
	}
}

func TestUpdateNewerLifecycleKeepsOtherProducts(t *testing.T) {
	dataDir := t.TempDir()
	res, err := Update("testdata/update/newer-lifecycle", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if !res.LifecycleUpdated || len(res.Missing) != len(embeddedProductIDs())-1 {
		t.Fatalf("result: updated %v, %d missing", res.LifecycleUpdated, len(res.Missing))
	}
	d := res.Data
	s := d.Info()
	if s.LifecycleDate.String() != "2030-02-01" || s.LifecycleFrom != res.File || s.KEVFrom != FromEmbedded {
		t.Errorf("summary %s from %s, KEV from %s", s.LifecycleDate, s.LifecycleFrom, s.KEVFrom)
	}
	if len(s.Products) != embeddedProducts {
		t.Errorf("%d products after the update, want %d", len(s.Products), embeddedProducts)
	}
	m, ok := d.MatchProgram("Google Chrome", "Google LLC", "200.0.1.2")
	if !ok || m.Cycle != "200" || m.EOL == nil || m.EOL.String() != "2030-01-05" {
		t.Errorf("Chrome 200 from the update: %+v", m)
	}
	if _, eol, ok := d.OSSupport("Windows Server 2016", "10.0.14393", ""); !ok || eol.String() != "2027-01-12" {
		t.Errorf("Windows Server kept from the embedded data: %s %v", eol, ok)
	}
}

func TestUpdateRejectsBadInput(t *testing.T) {
	tests := []struct{ from, want string }{
		{"testdata/update/bad-kev", "known_exploited_vulnerabilities.json:21: vulnerabilities[1]: CVE-2029-0001: dateAdded \"2030-13-01\" is not YYYY-MM-DD"},
		{"testdata/update/bad-lifecycle", "chrome.md:5: releases[0]: eol \"2030-13-05\" is not a date"},
		{t.TempDir(), "found neither"},
		{"testdata/update/missing", "no such file"},
		{"testdata/README.md", "is not a directory"},
	}
	for _, tt := range tests {
		dataDir := t.TempDir()
		_, err := Update(tt.from, dataDir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Update(%s): %v; want an error containing %q", tt.from, err, tt.want)
		}
		if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
			t.Errorf("Update(%s) left %d files behind", tt.from, len(entries))
		}
	}
}

func TestLoadRejectsCorruptSnapshot(t *testing.T) {
	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, FileName), []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dataDir)
	if err == nil || !strings.Contains(err.Error(), "refdata update") {
		t.Errorf("Load of a corrupt snapshot: %v", err)
	}
}

func embeddedProductIDs() []string {
	var ids []string
	for _, p := range Info().Products {
		ids = append(ids, p.ID)
	}
	return ids
}
