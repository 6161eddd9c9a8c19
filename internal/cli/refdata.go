package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"triage/internal/refdata"
)

// runRefdata shows the reference data in use, installs newer copies of the
// public files (update), or tries the matching rules on one name (match,
// os), so an IT provider can see why a program was or was not recognised.
func runRefdata(ctx context.Context, args []string, env Env) error {
	if len(args) > 0 {
		switch args[0] {
		case "update":
			return refdataUpdate(args[1:], env)
		case "match":
			return refdataMatch(args[1:], env)
		case "os":
			return refdataOS(args[1:], env)
		}
	}
	fs := newFlags("refdata", "[update|match|os] [--data-dir DIR] [--format text|json]", env)
	dataDir := fs.String("data-dir", "", "directory of updated reference data (default: the per-user one, see below)")
	format := fs.String("format", "text", "output format: text or json")
	fs.Usage = refdataUsage(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	data, err := loadRefdata(*dataDir)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	switch *format {
	case "text":
		refdataText(w, data.Info())
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(data.Info()); err != nil {
			return err
		}
	default:
		return errUsage{fmt.Sprintf("--format %q must be text or json", *format)}
	}
	return w.Flush()
}

func refdataUsage(fs *flag.FlagSet, env Env) func() {
	return func() {
		fmt.Fprint(env.Stderr, `Usage:
  triage refdata [--data-dir DIR] [--format text|json]
      show the reference data in use: KEV catalogue, lifecycle products, dates
  triage refdata update --from DIR [--data-dir DIR]
      install newer copies of the public files from DIR, laid out as
      cisa-kev/known_exploited_vulnerabilities.json,
      endoflife-products/products/*.md, endoflife-release-data/releases/*.json
  triage refdata match [--publisher P] [--version V] [--data-dir DIR] NAME
      show what an installed program's name is recognised as
  triage refdata os [--version V] [--build B] [--data-dir DIR] NAME
      show the release and end of support of an operating system

Updated data lives in the per-user directory <config dir>/triage/refdata
unless --data-dir says otherwise; each part is used only while it is newer
than the data built into this binary.

Flags:
`)
		fs.PrintDefaults()
	}
}

// loadRefdata loads the data in effect: the per-user directory by default.
// A missing config directory only means there is no update to prefer.
func loadRefdata(dir string) (*refdata.Data, error) {
	if dir == "" {
		d, err := refdata.DefaultDir()
		if err != nil {
			return refdata.Embedded()
		}
		dir = d
	}
	return refdata.Load(dir)
}

func refdataText(w io.Writer, s refdata.Summary) {
	fmt.Fprintf(w, "Triage reference data, describing %s\n\n", s.DataDate)
	fmt.Fprintf(w, "Known exploited vulnerabilities: %d entries, CISA catalog %s released %s\n  from %s\n",
		s.KEVCount, s.KEVCatalogVersion, s.KEVReleased.Format("2006-01-02"), s.KEVFrom)
	cycles := 0
	for _, p := range s.Products {
		cycles += p.Cycles
	}
	fmt.Fprintf(w, "\nLifecycles: endoflife.date data of %s, %d products, %d release cycles\n  from %s\n",
		s.LifecycleDate, len(s.Products), cycles, s.LifecycleFrom)
	for _, p := range s.Products {
		fmt.Fprintf(w, "  %-32s %-38s %3d cycles\n", p.ID, p.Title, p.Cycles)
	}
	fmt.Fprintln(w, "\nSources:")
	for _, src := range s.Sources {
		commit := src.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		fmt.Fprintf(w, "  %s: %s", src.Name, src.Repository)
		if commit != "" {
			fmt.Fprintf(w, " @ %s", commit)
		}
		if src.Date != "" {
			fmt.Fprintf(w, " (%s)", src.Date)
		}
		fmt.Fprintf(w, ", licence %s\n", src.Licence)
	}
}

func refdataUpdate(args []string, env Env) error {
	fs := newFlags("refdata update", "--from DIR [--data-dir DIR]", env)
	from := fs.String("from", "", "directory holding the newer public files (required)")
	dataDir := fs.String("data-dir", "", "where to keep the data (default <config dir>/triage/refdata)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" {
		fs.Usage()
		return errUsage{"refdata update needs --from DIR"}
	}
	dir := *dataDir
	if dir == "" {
		d, err := refdata.DefaultDir()
		if err != nil {
			return errUsage{err.Error()}
		}
		dir = d
	}
	res, err := refdata.Update(*from, dir)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	for _, s := range res.Skipped {
		fmt.Fprintln(w, "Kept:", s+".")
	}
	if res.File == "" {
		fmt.Fprintln(w, "Nothing newer to install; the reference data in use is unchanged.")
		return w.Flush()
	}
	info := res.Data.Info()
	if res.KEVUpdated {
		fmt.Fprintf(w, "Installed KEV catalogue %s (%d entries, released %s).\n", info.KEVCatalogVersion, info.KEVCount, info.KEVReleased.Format("2006-01-02"))
	}
	if res.LifecycleUpdated {
		fmt.Fprintf(w, "Installed lifecycle data of %s.\n", info.LifecycleDate)
		if len(res.Missing) > 0 {
			fmt.Fprintf(w, "Not in the new files, so kept from before: %s.\n", strings.Join(res.Missing, ", "))
		}
	}
	fmt.Fprintf(w, "Wrote %s.\n", res.File)
	return w.Flush()
}

// positional parses flags that may come before or after the one NAME
// argument, since a program name is easy to type first.
func positional(fs *flag.FlagSet, args []string) (string, error) {
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", errUsage{}
		}
		if fs.NArg() == 0 {
			break
		}
		names = append(names, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(names) != 1 {
		fs.Usage()
		return "", errUsage{"give one name, quoted if it has spaces"}
	}
	return names[0], nil
}

func refdataMatch(args []string, env Env) error {
	fs := newFlags("refdata match", "[--publisher P] [--version V] [--data-dir DIR] NAME", env)
	publisher := fs.String("publisher", "", "the program's publisher, as the inventory lists it")
	version := fs.String("version", "", "the program's version")
	dataDir := fs.String("data-dir", "", "directory of updated reference data")
	name, err := positional(fs, args)
	if err != nil {
		return err
	}
	data, err := loadRefdata(*dataDir)
	if err != nil {
		return err
	}
	m, ok := data.MatchProgram(name, *publisher, *version)
	if !ok {
		fmt.Fprintf(env.Stdout, "%q is not a tracked product (see docs/refdata-matching.md).\n", name)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%s\n  product %s, cycle %s, category %s\n  %s\n", m.Name, m.Product, dash(m.Cycle), m.Category, supportText(m))
	return nil
}

func supportText(m refdata.Match) string {
	switch {
	case !m.Lifecycle:
		return "no lifecycle data for this product"
	case m.EOL != nil && m.EOLBound:
		return fmt.Sprintf("support ended no later than %s (release not listed in the data)", m.EOL)
	case m.EOL != nil:
		s := "security support ends " + m.EOL.String()
		if m.LatestVersion != "" {
			s += "; latest release " + m.LatestVersion
		}
		return s
	case m.Ended:
		return "support has ended (no date published)"
	case m.Cycle == "":
		return "release not recognised, so no end of support"
	}
	return "no end of support announced"
}

func refdataOS(args []string, env Env) error {
	fs := newFlags("refdata os", "[--version V] [--build B] [--data-dir DIR] NAME", env)
	version := fs.String("version", "", "the OS version, e.g. 10.0.19045 or 14.5")
	build := fs.String("build", "", "the OS build, e.g. 10.0.19045.5011")
	dataDir := fs.String("data-dir", "", "directory of updated reference data")
	name, err := positional(fs, args)
	if err != nil {
		return err
	}
	data, err := loadRefdata(*dataDir)
	if err != nil {
		return err
	}
	m, ok := data.OS(name, *version, *build)
	if !ok {
		fmt.Fprintf(env.Stdout, "%q with version %q and build %q matches no release in the data.\n", name, *version, *build)
		return nil
	}
	end := "no end of security updates announced"
	switch {
	case m.EOL != nil:
		end = "security updates end " + m.EOL.String()
	case m.Ended:
		end = "security updates have ended (no date published)"
	}
	if m.ESU != nil {
		end += fmt.Sprintf("; paid extended updates to %s", m.ESU)
	}
	fmt.Fprintf(env.Stdout, "%s\n  product %s, cycle %s\n  %s\n", m.Name, m.Product, m.Cycle, end)
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
