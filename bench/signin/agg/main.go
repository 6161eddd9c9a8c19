// Command agg is the Triage side of the sign-in log benchmark: it reads a
// sign-in log with internal/signin and prints the four per-user aggregates
// as the tab-separated table bench/signin/duckdb/agg.mjs prints, so the
// two can be compared line by line.
//
//	go run ./bench/signin/agg FILE
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"triage/internal/importer"
	"triage/internal/signin"
)

func main() {
	workers := flag.Int("workers", 0, "parsing goroutines (0: one per CPU)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	viaImporter := flag.Bool("import", false, "go through the importer (hashing the file, making facts) and print only a summary")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: agg [-workers N] [-cpuprofile FILE] [-import] FILE")
		os.Exit(2)
	}
	if *viaImporter {
		if err := runImport(flag.Arg(0)); err != nil {
			fmt.Fprintln(os.Stderr, "agg:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(flag.Arg(0), *workers, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "agg:", err)
		os.Exit(1)
	}
}

func run(path string, workers int, cpuprofile string) error {
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	started := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sum, err := signin.Read(path, f, signin.Options{Workers: workers})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "user\tlast_us\tsingle\tlegacy\tmax_devices")
	for _, u := range sum.Users {
		var last int64
		if !u.LastSuccess.IsZero() {
			last = u.LastSuccess.UnixMicro()
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\n", u.ID, last, u.SingleFactor, u.Legacy, u.MaxDevicesPerDay)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "triage: %d users, %d events in %.2f s\n", len(sum.Users), sum.Events, time.Since(started).Seconds())
	return nil
}

// runImport imports the file as `triage audit` would, through the
// importer registry: content detection, SHA-256 of the whole file, and
// one partial account fact per user.
func runImport(path string) error {
	started := time.Now()
	res, err := importer.NewRegistry(importer.SignInLogs{}).ImportFile(path)
	if err != nil {
		return err
	}
	if len(res.Files) != 1 {
		return fmt.Errorf("%s was not recognised as a sign-in log", path)
	}
	fmt.Printf("%s: %d account facts, sha256 %s, %.2f s\n", res.Files[0].Kind, len(res.Facts), res.Files[0].SHA256, time.Since(started).Seconds())
	return nil
}
