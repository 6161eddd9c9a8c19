// Command profile serves the Triage web application like `triage serve`
// (same web.Config, built-in reference data) and also net/http/pprof on a
// second loopback address, to find where a load test's time goes:
//
//	go run ./bench/web/profile -db sqlite:/tmp/bench.db -addr 127.0.0.1:18480 -pprof 127.0.0.1:18490
//	go tool pprof -top http://127.0.0.1:18490/debug/pprof/profile?seconds=10   # while wrk runs
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/refdata"
	"triage/internal/store"
	"triage/internal/web"
)

func main() {
	dsn := flag.String("db", "", "database")
	addr := flag.String("addr", "127.0.0.1:18480", "application address")
	pprofAddr := flag.String("pprof", "127.0.0.1:18490", "pprof address")
	flag.Parse()
	if err := run(*dsn, *addr, *pprofAddr); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run(dsn, addr, pprofAddr string) error {
	ctx := context.Background()
	cat, err := catalog.Default()
	if err != nil {
		return err
	}
	data, err := refdata.Embedded()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := web.New(web.Config{
		Store: st, Catalog: cat, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now,
		ToolVersion: "bench",
		Enrich: func(facts []audit.Fact, asOf time.Time) ([]audit.Fact, *audit.ReferenceData) {
			return data.Enrich(facts, asOf), data.Info().Reference()
		},
	})
	if err != nil {
		return err
	}
	go func() { fmt.Fprintln(os.Stderr, http.ListenAndServe(pprofAddr, nil)) }()
	return http.ListenAndServe(addr, srv.Handler())
}
