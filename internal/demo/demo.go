package demo

import (
	"embed"
	"io/fs"
	"time"
)

//go:embed data/practice.yaml data/answers.yaml data/facts.json
var data embed.FS

// Files returns the demo evidence folder: practice.yaml, answers.yaml and
// facts.json at its root.
func Files() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded layout is fixed at build time
	}
	return sub
}

// AsOf is the date the demo evidence was collected for. The demo audits as
// of this date so that its story does not age.
var AsOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
