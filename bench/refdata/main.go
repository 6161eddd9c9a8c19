// Command refdata benchmarks reference-data matching: it generates the
// inventory of a large group of practices (by default 1,000 devices with
// 100 installed programs each, 100,000 program rows) from realistic
// Add/Remove Programs names, then times refdata.Enrich over it.
//
//	go run ./bench/refdata [-devices 1000] [-programs 100] [-runs 5] [-seed 1]
//
// It prints the median of the runs and exits 1 when the median is not under
// the -limit (1s), so it can gate a change. -uncached also times matching
// every row with MatchProgram, without Enrich's per-call memo.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"time"

	"triage/internal/audit"
	"triage/internal/refdata"
)

func main() {
	devices := flag.Int("devices", 1000, "devices in the inventory")
	programs := flag.Int("programs", 100, "installed programs per device")
	runs := flag.Int("runs", 5, "timed runs; the median is reported")
	seed := flag.Uint64("seed", 1, "random seed for the inventory")
	limit := flag.Duration("limit", time.Second, "the median must be under this")
	uncached := flag.Bool("uncached", false, "also time MatchProgram on every row")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()

	start := time.Now()
	if _, err := refdata.Embedded(); err != nil {
		fmt.Fprintln(os.Stderr, "refdata:", err)
		os.Exit(2)
	}
	load := time.Since(start)

	facts := generate(rand.New(rand.NewPCG(*seed, 0)), *devices, *programs)
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	var times []time.Duration
	var out []audit.Fact
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var cpus []time.Duration
	for range *runs {
		c, t := cpuTime(), time.Now()
		out = refdata.Enrich(facts, asOf)
		times = append(times, time.Since(t))
		cpus = append(cpus, cpuTime()-c)
	}
	slices.Sort(times)
	slices.Sort(cpus)
	median := times[len(times)/2]

	st := stats(out)
	fmt.Printf("inventory: %d devices, %d program rows, %d distinct name/publisher/version\n", *devices, st.rows, st.distinct)
	fmt.Printf("matched: %d rows (%d with an end-of-life date, %d past it on %s); %d of %d devices got an OS end date\n",
		st.matched, st.withEOL, st.pastEOL, asOf.Format("2006-01-02"), st.devicesDated, *devices)
	fmt.Printf("load embedded data: %v\n", load.Round(time.Millisecond))
	fmt.Printf("Enrich, %d runs: min %v, median %v, max %v (CPU time median %v, all threads)\n", len(times),
		times[0].Round(time.Millisecond), median.Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond), cpus[len(cpus)/2].Round(time.Millisecond))
	if *uncached {
		t := time.Now()
		for _, f := range facts {
			if s := f.Software; s != nil {
				refdata.MatchProgram(s.Name, s.Publisher, s.Version)
			}
		}
		fmt.Printf("MatchProgram on every row, no memo: %v\n", time.Since(t).Round(time.Millisecond))
	}
	if median >= *limit {
		fmt.Printf("FAIL: median %v is not under %v\n", median, *limit)
		os.Exit(1)
	}
	fmt.Printf("ok: median under %v\n", *limit)
}

type summary struct {
	rows, distinct, matched, withEOL, pastEOL, devicesDated int
}

func stats(facts []audit.Fact) summary {
	var s summary
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for _, f := range facts {
		switch {
		case f.Device != nil && f.Device.OSSupportEnds != nil:
			s.devicesDated++
		case f.Software != nil:
			x := f.Software
			s.rows++
			seen[x.Name+"\x00"+x.Publisher+"\x00"+x.Version] = true
			if x.Product != "" {
				s.matched++
			}
			if x.EndOfLife != nil {
				s.withEOL++
				if x.EndOfLife.Time().Before(asOf) {
					s.pastEOL++
				}
			}
		}
	}
	s.distinct = len(seen)
	return s
}
