package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/demo"
	"triage/internal/importer"
	"triage/internal/profile"
	"triage/internal/report"
)

func runDemo(ctx context.Context, args []string, env Env) error {
	fs := newFlags("demo", "[--out DIR] [--as-of YYYY-MM-DD]", env)
	out := fs.String("out", "", "also write the full report in every format to this folder")
	chromium := fs.String("chromium", "", "the Chromium or Chrome binary that prints the PDF (default: $TRIAGE_CHROMIUM, else chromium on the PATH)")
	asOf := fs.String("as-of", demo.AsOf.Format(audit.DateLayout), "audit the demo as of this date")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := demoInputs()
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if *asOf == "" {
		in.asOf = audit.DayIn(env.now(), in.practice.Location())
	} else if in.asOf, err = parseAsOf(*asOf); err != nil {
		return err
	}
	if err := enrich(in); err != nil {
		return err
	}
	res, err := runEngine(in, true, env)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writeAll(*out, &res, env, report.Options{Chromium: *chromium}); err != nil {
			return err
		}
	}
	return writeReport(env, "", "text", &res, report.Options{})
}

// demoInputs loads the embedded demo through the same loaders as a real
// audit, so the demo proves the whole path.
func demoInputs() (*inputs, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	files := demo.Files()
	in := &inputs{catalog: cat}
	if in.practice, err = loadFS(files, "practice.yaml", profile.LoadPractice); err != nil {
		return nil, err
	}
	answers, err := loadFS(files, "answers.yaml", profile.LoadAnswers)
	if err != nil {
		return nil, err
	}
	in.answers = answers.Answers
	data, err := fs.ReadFile(files, "facts.json")
	if err != nil {
		return nil, err
	}
	r, err := importer.ImportBytes("facts.json", data)
	if err != nil {
		return nil, err
	}
	in.facts, in.files = r.Facts, r.Files
	return in, nil
}

func loadFS[T any](fsys fs.FS, name string, load func(string, io.Reader) (T, error)) (T, error) {
	var zero T
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return zero, err
	}
	return load(name, bytes.NewReader(data))
}

// writeAll writes the report in every file format into dir. Without
// Chromium the PDF is skipped with a note, so the demo still works on a
// machine that has not installed it.
func writeAll(dir string, res *audit.Result, env Env, opts report.Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, format := range report.Formats() {
		if format == "text" {
			continue
		}
		path := filepath.Join(dir, "report."+format)
		var buf bytes.Buffer
		if err := report.Write(&buf, format, res, opts); err != nil {
			if errors.Is(err, report.ErrNoChromium) {
				fmt.Fprintf(env.Stderr, "skipped %s: %v\n", path, err)
				continue
			}
			return err
		}
		if err := writeFileAtomic(path, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "wrote %s\n", path)
	}
	return nil
}
