package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/engine"
	"triage/internal/importer"
	"triage/internal/profile"
	"triage/internal/report"
)

type auditFlags struct {
	evidence multiFlag
	facts    multiFlag
	practice string
	answers  string
	asOf     string
	format   string
	out      string
	previous multiFlag
	failOn   string
	scan     bool
	resolver string
	chromium string
}

const auditSynopsis = "[--evidence DIR]... [--practice FILE] [--answers FILE] [--facts FILE]... [--scan [--resolver HOST:PORT]] [--as-of YYYY-MM-DD] [--format text|json|md|html|pdf|csv] [--out FILE] [--previous OLD.json]... [--fail-on now|30d|90d]"

func runAudit(ctx context.Context, args []string, env Env) error {
	fs := newFlags("audit", auditSynopsis, env)
	var f auditFlags
	fs.Var(&f.evidence, "evidence", "folder holding practice.yaml, answers.yaml, facts.json and exports (repeatable)")
	fs.Var(&f.facts, "facts", "a facts.json file (repeatable)")
	fs.StringVar(&f.practice, "practice", "", "the practice profile (default: practice.yaml in the first --evidence folder)")
	fs.StringVar(&f.answers, "answers", "", "the questionnaire answers (default: answers.yaml in the first --evidence folder that has one)")
	fs.StringVar(&f.asOf, "as-of", "", "audit as of this date, YYYY-MM-DD (default: today); makes the output reproducible")
	fs.StringVar(&f.format, "format", "", "report format: "+strings.Join(report.Formats(), ", ")+" (default: text on a terminal, else from --out's extension, else json)")
	fs.StringVar(&f.out, "out", "", "write the report to this file instead of standard output")
	fs.Var(&f.previous, "previous", "an earlier JSON report of the same practice, to compare with (repeatable; the newest is compared)")
	fs.StringVar(&f.failOn, "fail-on", "", "exit 1 when the plan has actions in this band or sooner: now, 30d or 90d")
	fs.StringVar(&f.chromium, "chromium", "", "the Chromium or Chrome binary that prints PDF reports (default: $TRIAGE_CHROMIUM, else chromium on the PATH)")
	fs.BoolVar(&f.scan, "scan", false, "also scan the domains and public_ips in practice.yaml from the internet (see triage scan)")
	fs.StringVar(&f.resolver, "resolver", "", "with --scan: the DNS server to ask, HOST:PORT (default: the system's)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	failOn, err := parseFailOn(f.failOn)
	if err != nil {
		return err
	}
	in, err := loadInputs(f, env)
	if err != nil {
		return err
	}
	if f.scan {
		facts, err := scanPracticeFacts(ctx, in.practice, f.resolver, env)
		if err != nil {
			return err
		}
		in.facts = append(in.facts, facts...)
	} else if f.resolver != "" {
		return errUsage{"--resolver goes with --scan"}
	}
	res, err := runEngine(in, f.asOf != "", env)
	if err != nil {
		return err
	}
	if err := attachPrevious(&res, f.previous); err != nil {
		return err
	}
	format := chooseFormat(f.format, f.out, env)
	if err := writeReport(env, f.out, format, &res, report.Options{Chromium: f.chromium}); err != nil {
		return err
	}
	return checkFailOn(res, failOn)
}

// inputs are everything an audit reads, loaded and validated up front so a
// bad file stops the run before anything is written.
type inputs struct {
	catalog  *audit.Catalog
	practice audit.Practice
	answers  audit.Answers
	facts    []audit.Fact
	files    []audit.EvidenceFile
	asOf     time.Time
	refdata  *audit.ReferenceData
}

func loadInputs(f auditFlags, env Env) (*inputs, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	in := &inputs{catalog: cat}
	if f.asOf != "" {
		if in.asOf, err = parseAsOf(f.asOf); err != nil {
			return nil, err
		}
	}
	practicePath := f.practice
	if practicePath == "" {
		practicePath = findInDirs(f.evidence, "practice.yaml")
	}
	if practicePath == "" {
		return nil, errUsage{"no practice profile: pass --practice FILE, or --evidence DIR with a practice.yaml in it (see docs/practice-format.md)"}
	}
	if in.practice, err = profile.LoadPracticeFile(practicePath); err != nil {
		return nil, err
	}
	if f.asOf == "" {
		// Today where the practice is, not in UTC (see Practice.Location).
		in.asOf = audit.DayIn(env.now(), in.practice.Location())
	}
	answersPath := f.answers
	if answersPath == "" {
		answersPath = findInDirs(f.evidence, "answers.yaml")
	}
	if answersPath != "" {
		if in.answers, err = loadAnswers(answersPath, cat); err != nil {
			return nil, err
		}
	}
	for _, dir := range f.evidence {
		r, err := importer.ImportDir(dir)
		if err != nil {
			return nil, err
		}
		in.facts = append(in.facts, r.Facts...)
		in.files = append(in.files, r.Files...)
		for _, name := range r.Unrecognised {
			fmt.Fprintf(env.Stderr, "triage: %s: not a format Triage reads; skipped\n", filepath.Join(dir, name))
		}
	}
	for _, path := range f.facts {
		r, err := importer.ImportFile(path)
		if err != nil {
			return nil, err
		}
		in.facts = append(in.facts, r.Facts...)
		in.files = append(in.files, r.Files...)
	}
	return in, enrich(in)
}

// enrich matches devices and programs against the reference data (end of
// support, product and category), never overwriting what the evidence says.
func enrich(in *inputs) error {
	data, err := loadRefdata("")
	if err != nil {
		return fmt.Errorf("reference data: %w", err)
	}
	in.facts = data.Enrich(in.facts, in.asOf)
	in.refdata = data.Info().Reference()
	return nil
}

func loadAnswers(path string, cat *audit.Catalog) (audit.Answers, error) {
	a, err := profile.LoadAnswersFile(path)
	if err != nil {
		return audit.Answers{}, err
	}
	known := func(id string) bool { _, ok := cat.Control(id); return ok }
	if err := profile.CheckAnswerIDs(a, known); err != nil {
		return audit.Answers{}, err
	}
	return a.Answers, nil
}

func findInDirs(dirs []string, name string) string {
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

func parseAsOf(s string) (time.Time, error) {
	d, err := audit.ParseDate(s)
	if err != nil {
		return time.Time{}, errUsage{"--as-of: " + err.Error()}
	}
	return d.Time(), nil
}

func parseFailOn(s string) (audit.Band, error) {
	switch audit.Band(s) {
	case "":
		return "", nil
	case audit.BandNow, audit.Band30d, audit.Band90d:
		return audit.Band(s), nil
	}
	return "", errUsage{fmt.Sprintf("--fail-on %q must be now, 30d or 90d", s)}
}

func runEngine(in *inputs, fixedDate bool, env Env) (audit.Result, error) {
	res := engine.Evaluate(in.catalog, in.facts, in.answers, in.practice, in.asOf)
	res.ToolVersion = toolVersion()
	res.Evidence = in.files
	res.ReferenceData = in.refdata
	if !fixedDate {
		// Without --as-of the run depends on the clock, so say when it ran.
		res.GeneratedAt = env.now().UTC().Format(time.RFC3339)
	}
	return res, nil
}

// attachPrevious compares with the newest of the earlier reports given.
func attachPrevious(res *audit.Result, paths []string) error {
	var newest *audit.Result
	for _, p := range paths {
		prev, err := readReport(p)
		if err != nil {
			return err
		}
		if prev.Practice.Name != res.Practice.Name {
			return audit.Invalid(p, 0, "this report is for %q, not %q; compare audits of the same practice", prev.Practice.Name, res.Practice.Name)
		}
		if newest == nil || prev.AsOf > newest.AsOf {
			newest = prev
		}
	}
	if newest != nil {
		d := engine.Diff(newest, res)
		res.Diff = &d
	}
	return nil
}

func readReport(path string) (*audit.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r audit.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, audit.Invalid(path, 0, "not a Triage JSON report: %v", err)
	}
	if r.SchemaVersion < 1 || r.SchemaVersion > audit.SchemaVersion {
		return nil, audit.Invalid(path, 0, "report schema_version %d is not one this version reads (1 to %d)", r.SchemaVersion, audit.SchemaVersion)
	}
	return &r, nil
}

func chooseFormat(explicit, out string, env Env) string {
	if explicit != "" {
		return explicit
	}
	if out != "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".md", ".markdown":
			return "md"
		case ".txt":
			return "text"
		case ".json":
			return "json"
		}
		if f := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), "."); contains(report.Formats(), f) {
			return f
		}
		return "json"
	}
	if isTerminal(env.Stdout) {
		return "text"
	}
	return "json"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func checkFailOn(res audit.Result, band audit.Band) error {
	if band == "" {
		return nil
	}
	limit := 0
	for i, b := range audit.Bands {
		if b == band {
			limit = i
		}
	}
	count := 0
	for _, a := range res.Actions {
		for i, b := range audit.Bands {
			if b == a.Band && i <= limit {
				count++
			}
		}
	}
	if count > 0 {
		return errFailOn{band: band, count: count}
	}
	return nil
}
