package refdata

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"triage/internal/refdata/dataset"
)

// UpdateResult says what Update did.
type UpdateResult struct {
	File string // the snapshot written, empty when nothing was newer
	// KEVUpdated and LifecycleUpdated say which parts the new files
	// replaced; Skipped explains parts that were present but not newer.
	KEVUpdated       bool
	LifecycleUpdated bool
	Skipped          []string
	// Missing lists lifecycle products the new files lack; their current
	// data is kept.
	Missing []string
	Data    *Data // the data now in effect
}

// Update reads newer copies of the public files from fromDir (laid out like
// ../shared/datasets: cisa-kev/known_exploited_vulnerabilities.json,
// endoflife-products/products/*.md, endoflife-release-data/releases/*.json;
// any part may be absent) and stores them as a snapshot in dataDir, where
// Load finds them. Each part replaces the one in effect only when it is
// newer; lifecycle products the new files lack are kept. Bad input fails
// with the file and line or JSON path, and the snapshot is written to a
// temporary file and renamed, so a failure never leaves half an update.
func Update(fromDir, dataDir string) (UpdateResult, error) {
	var res UpdateResult
	if st, err := os.Stat(fromDir); err != nil {
		return res, fmt.Errorf("refdata: %w", err)
	} else if !st.IsDir() {
		return res, fmt.Errorf("refdata: %s is not a directory; pass the directory that holds cisa-kev/ and endoflife-*/", fromDir)
	}
	fresh, missing, err := dataset.Build(os.DirFS(fromDir), fromDir, dataset.Products)
	if err != nil {
		return res, err
	}
	cur, err := Load(dataDir)
	if err != nil {
		return res, err
	}
	next := &dataset.Snapshot{Schema: dataset.SchemaVersion, KEV: cur.kev, Lifecycle: cur.lifecycle}
	if fresh.KEV != nil {
		if kevNewer(fresh.KEV, cur.kev) {
			next.KEV, res.KEVUpdated = fresh.KEV, true
		} else {
			res.Skipped = append(res.Skipped, fmt.Sprintf("KEV catalogue %s (%s) is not newer than the one in use (%s)", fresh.KEV.CatalogVersion, fresh.KEV.DateReleased, cur.kev.DateReleased))
		}
	}
	if fresh.Lifecycle != nil {
		if lifecycleNewer(fresh.Lifecycle, cur.lifecycle) {
			next.Lifecycle, res.LifecycleUpdated = mergeLifecycle(cur.lifecycle, fresh.Lifecycle), true
			res.Missing = missing
		} else {
			res.Skipped = append(res.Skipped, fmt.Sprintf("lifecycle data of %s is not newer than the data in use (%s)", fresh.Lifecycle.Date, cur.lifecycle.Date))
		}
	}
	if !res.KEVUpdated && !res.LifecycleUpdated {
		res.Data = cur
		return res, nil
	}
	if err := next.Validate(); err != nil {
		return res, fmt.Errorf("refdata: the merged data is invalid: %w", err)
	}
	res.File = filepath.Join(dataDir, FileName)
	if err := writeSnapshot(res.File, next); err != nil {
		return res, err
	}
	if res.Data, err = Load(dataDir); err != nil {
		return res, err
	}
	return res, nil
}

// mergeLifecycle takes every product of fresh and keeps the products of old
// that fresh lacks, so a partial download does not drop what Triage knew.
func mergeLifecycle(old, fresh *dataset.Lifecycle) *dataset.Lifecycle {
	out := &dataset.Lifecycle{Date: fresh.Date, Sources: fresh.Sources}
	for _, id := range dataset.Products {
		if p := fresh.Product(id); p != nil {
			out.Products = append(out.Products, *p)
		} else if p := old.Product(id); p != nil {
			out.Products = append(out.Products, *p)
		}
	}
	return out
}

// writeSnapshot writes s to name through a temporary file in the same
// directory and a rename, which replaces the old file in one step.
func writeSnapshot(name string, s *dataset.Snapshot) error {
	var buf bytes.Buffer
	if err := dataset.Encode(&buf, s); err != nil {
		return err
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".refdata-*")
	if err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("refdata: writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("refdata: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("refdata: %w", err)
	}
	return nil
}
