//go:build unix

package signin

import (
	"bytes"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"
)

// benchLog is about 8 MB of JSON Lines, or the file named by
// TRIAGE_SIGNIN_BENCH (such as one from bench/signin/gen).
func benchLog(b *testing.B) []byte {
	if path := os.Getenv("TRIAGE_SIGNIN_BENCH"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	rng := rand.New(rand.NewPCG(1, 1))
	events := make([]object, 12000)
	for i := range events {
		events[i] = randomEvent(rng, false)
	}
	return writeLog(events, "lines", 0, rng)
}

// BenchmarkRead measures the sequential reader alone; b.SetBytes makes
// the result a throughput. cpu-MB/s counts CPU time rather than wall
// time, which a busy machine distorts less.
func BenchmarkRead(b *testing.B) { benchRead(b, 1) }

func BenchmarkReadParallel(b *testing.B) { benchRead(b, 0) }

func benchRead(b *testing.B, workers int) {
	data := benchLog(b)
	b.SetBytes(int64(len(data)))
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := Read("bench.jsonl", bytes.NewReader(data), Options{Workers: workers}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if secs := (cpuTime() - cpu0).Seconds(); secs > 0 {
		b.ReportMetric(float64(n*len(data))/secs/1e6, "cpu-MB/s")
	}
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
