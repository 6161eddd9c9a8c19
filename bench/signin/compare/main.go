// Command compare runs the sign-in log benchmark: the same four per-user
// aggregates (last successful sign-in, single-factor successes, legacy
// client successes, most distinct devices in a day) computed by Triage
// (bench/signin/agg, internal/signin) and by DuckDB (bench/signin/duckdb,
// through the @duckdb/node-api npm package) over a generated Graph
// sign-in log, as JSON Lines and as one JSON array. It checks that both
// give the same answer for every user and prints the median wall time,
// CPU time and peak memory of several runs of each.
//
//	go run ./bench/signin/compare            # or bench/signin/run.sh
//	go run ./bench/signin/compare -n 200000 -runs 3
//
// It generates the data (bench/signin/gen) and installs DuckDB (npm ci)
// when they are missing, and measures each run as a separate process with
// /usr/bin/time (Debian package "time").
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 1_000_000, "events to generate when the data is missing")
	dir := flag.String("data", "bench/signin/data", "folder for the generated logs")
	runs := flag.Int("runs", 5, "runs of each tool per file")
	formats := flag.String("files", "signins.jsonl,signins.json", "files in the data folder to compare on")
	flag.Parse()
	if err := run(*n, *dir, *runs, strings.Split(*formats, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

const timeCmd = "/usr/bin/time"

func run(n int, dir string, runs int, files []string) error {
	if _, err := os.Stat("bench/signin/duckdb/agg.mjs"); err != nil {
		return errors.New("run from the repository root (bench/signin/duckdb/agg.mjs not found)")
	}
	if _, err := os.Stat(timeCmd); err != nil {
		return errors.New(timeCmd + " is missing: install the Debian package time (apt-get install time)")
	}
	tmp, err := os.MkdirTemp("", "signin-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	agg := filepath.Join(tmp, "agg")
	if err := sh("go", "build", "-o", agg, "./bench/signin/agg"); err != nil {
		return err
	}
	if err := ensureData(n, dir, files); err != nil {
		return err
	}
	if _, err := os.Stat("bench/signin/duckdb/node_modules/@duckdb/node-api"); err != nil {
		if err := sh("npm", "ci", "--prefix", "bench/signin/duckdb", "--no-audit", "--no-fund"); err != nil {
			return err
		}
	}
	fmt.Printf("sign-in log aggregates, Triage vs DuckDB, median of %d runs each (%s)\n\n", runs, machine())
	fmt.Printf("%-14s %8s %10s | %-7s %9s %9s %9s | %-7s %9s %9s %9s | %s\n",
		"file", "size", "users", "tool", "wall", "cpu", "peak RSS", "tool", "wall", "cpu", "peak RSS", "DuckDB/Triage wall")
	for _, f := range files {
		path := filepath.Join(dir, f)
		if err := compareFile(path, agg, tmp, runs); err != nil {
			return err
		}
	}
	return nil
}

// ensureData generates the logs when any is missing.
func ensureData(n int, dir string, files []string) error {
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			fmt.Printf("generating %d events in %s ...\n", n, dir)
			return sh("go", "run", "./bench/signin/gen", "-n", strconv.Itoa(n), "-out", dir)
		}
	}
	return nil
}

// measure is one run of one tool.
type measure struct {
	wall, cpu time.Duration
	rssKB     int
	out       []byte
}

func compareFile(path, agg, tmp string, runs int) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tools := []struct {
		name string
		argv []string
	}{
		{"Triage", []string{agg, path}},
		{"DuckDB", []string{"node", "bench/signin/duckdb/agg.mjs", path}},
	}
	results := make([][]measure, len(tools))
	// Interleave the tools so that a busy moment on the machine falls on
	// both alike.
	for r := 0; r < runs; r++ {
		for i, tool := range tools {
			m, err := timed(tool.argv, tmp)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", tool.name, path, err)
			}
			results[i] = append(results[i], m)
		}
	}
	if err := same(results[0][0].out, results[1][0].out); err != nil {
		return fmt.Errorf("%s: Triage and DuckDB disagree: %w", path, err)
	}
	users := bytes.Count(results[0][0].out, []byte("\n")) - 1
	t, d := median(results[0]), median(results[1])
	fmt.Printf("%-14s %6.2f GB %10d | %-7s %8.2fs %8.2fs %6d MB | %-7s %8.2fs %8.2fs %6d MB | %.2f\n",
		filepath.Base(path), float64(info.Size())/1e9, users,
		"Triage", t.wall.Seconds(), t.cpu.Seconds(), t.rssKB/1024,
		"DuckDB", d.wall.Seconds(), d.cpu.Seconds(), d.rssKB/1024,
		d.wall.Seconds()/t.wall.Seconds())
	for i, tool := range tools {
		var walls []string
		for _, m := range results[i] {
			walls = append(walls, fmt.Sprintf("%.2f", m.wall.Seconds()))
		}
		fmt.Printf("    %s runs (wall s): %s\n", tool.name, strings.Join(walls, " "))
	}
	fmt.Printf("    per-user results identical for all %d users\n", users)
	return nil
}

// timed runs argv under /usr/bin/time and reads its figures.
func timed(argv []string, tmp string) (measure, error) {
	stats := filepath.Join(tmp, "time.txt")
	cmd := exec.Command(timeCmd, append([]string{"-f", "%e %U %S %M", "-o", stats}, argv...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%v: %s", err, errb.String())
	}
	raw, err := os.ReadFile(stats)
	if err != nil {
		return measure{}, err
	}
	fields := strings.Fields(string(raw))
	if len(fields) < 4 {
		return measure{}, fmt.Errorf("cannot read %s output %q", timeCmd, raw)
	}
	wall, _ := strconv.ParseFloat(fields[len(fields)-4], 64)
	user, _ := strconv.ParseFloat(fields[len(fields)-3], 64)
	sys, _ := strconv.ParseFloat(fields[len(fields)-2], 64)
	rss, _ := strconv.Atoi(fields[len(fields)-1])
	return measure{
		wall:  time.Duration(wall * float64(time.Second)),
		cpu:   time.Duration((user + sys) * float64(time.Second)),
		rssKB: rss,
		out:   out.Bytes(),
	}, nil
}

// median takes each figure's median separately.
func median(ms []measure) measure {
	pick := func(f func(measure) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return measure{
		wall:  time.Duration(pick(func(m measure) int64 { return int64(m.wall) })),
		cpu:   time.Duration(pick(func(m measure) int64 { return int64(m.cpu) })),
		rssKB: int(pick(func(m measure) int64 { return int64(m.rssKB) })),
	}
}

// same compares the two tab-separated tables row by row.
func same(a, b []byte) error {
	sa, sb := bufio.NewScanner(bytes.NewReader(a)), bufio.NewScanner(bytes.NewReader(b))
	for line := 1; ; line++ {
		moreA, moreB := sa.Scan(), sb.Scan()
		switch {
		case !moreA && !moreB:
			if line < 3 {
				return errors.New("no users")
			}
			return nil
		case moreA != moreB:
			return fmt.Errorf("different numbers of users (row %d)", line)
		case sa.Text() != sb.Text():
			return fmt.Errorf("row %d: Triage %q, DuckDB %q", line, sa.Text(), sb.Text())
		}
	}
}

func sh(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

// machine describes the CPU count and load, which the figures depend on.
func machine() string {
	load, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(load))
	desc := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if len(f) > 0 {
		desc += ", load average " + f[0]
	}
	return desc
}
