// Command load fills a Triage database for the web workspace load test
// (bench/web/run.sh, bench/README.md "Web workspace load"): practices with
// realistic profiles and audits, and an auditor who can sign in.
//
//	go run ./bench/web/load -db sqlite:/tmp/bench.db -practices 2000 -audits 10000
//
// Every audit is the embedded demo evaluated the way `triage demo` does it
// (catalog.Default, the profile loaders, importer.ImportBytes, reference-data
// enrichment, engine.Evaluate), as of a date that differs per practice and
// per audit, compared with the practice's previous audit as the web
// application does, and saved with store.SaveAudit under the practice's name.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/demo"
	"triage/internal/engine"
	"triage/internal/importer"
	"triage/internal/profile"
	"triage/internal/refdata"
	"triage/internal/store"
)

func main() {
	dsn := flag.String("db", "", "database: sqlite:FILE or postgres://... (must have no users yet)")
	practices := flag.Int("practices", 2000, "practices to create")
	audits := flag.Int("audits", 10000, "audits to create, spread evenly over the practices")
	email := flag.String("email", "auditor@bench.example", "the auditor's email")
	password := flag.String("password", "bench password 12345", "the auditor's password")
	workers := flag.Int("workers", 4, "practices saved at once")
	flag.Parse()
	if *dsn == "" || *practices < 1 || *audits < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *dsn, *practices, *audits, *email, *password, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// hash makes an argon2id PHC string with the parameters internal/web uses
// (its hashPassword is unexported; checkPassword reads these parameters
// from the string and accepts exactly them).
func hash(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, 2, 19*1024, 1, 32)
	b := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, 19*1024, 2, 1,
		b.EncodeToString(salt), b.EncodeToString(key))
}

// evaluator evaluates the demo once per as-of date (and diffs once per
// pair of dates); the results are then copied per practice.
type evaluator struct {
	cat     *audit.Catalog
	prof    audit.Practice
	answers audit.Answers
	facts   []audit.Fact
	files   []audit.EvidenceFile
	data    *refdata.Data

	mu    sync.Mutex
	byDay map[string]*audit.Result
	diffs map[[2]string]*audit.Diff
	evals int
}

func newEvaluator() (*evaluator, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	files := demo.Files()
	yamlText, err := fs.ReadFile(files, "practice.yaml")
	if err != nil {
		return nil, err
	}
	prof, err := profile.LoadPractice("practice.yaml", bytes.NewReader(yamlText))
	if err != nil {
		return nil, err
	}
	answersText, err := fs.ReadFile(files, "answers.yaml")
	if err != nil {
		return nil, err
	}
	answers, err := profile.LoadAnswers("answers.yaml", bytes.NewReader(answersText))
	if err != nil {
		return nil, err
	}
	factsJSON, err := fs.ReadFile(files, "facts.json")
	if err != nil {
		return nil, err
	}
	imp, err := importer.ImportBytes("facts.json", factsJSON)
	if err != nil {
		return nil, err
	}
	data, err := refdata.Embedded()
	if err != nil {
		return nil, err
	}
	return &evaluator{cat: cat, prof: prof, answers: answers.Answers, facts: imp.Facts, files: imp.Files,
		data: data, byDay: map[string]*audit.Result{}, diffs: map[[2]string]*audit.Diff{}}, nil
}

func (e *evaluator) result(asOf time.Time) *audit.Result {
	day := asOf.Format(audit.DateLayout)
	e.mu.Lock()
	defer e.mu.Unlock()
	if r, ok := e.byDay[day]; ok {
		return r
	}
	facts := e.data.Enrich(e.facts, asOf)
	res := engine.Evaluate(e.cat, facts, e.answers, e.prof, asOf)
	res.ToolVersion = "bench"
	res.Evidence = e.files
	res.ReferenceData = e.data.Info().Reference()
	e.byDay[day] = &res
	e.evals++
	return &res
}

func (e *evaluator) diff(prev, cur *audit.Result) *audit.Diff {
	k := [2]string{prev.AsOf, cur.AsOf}
	e.mu.Lock()
	defer e.mu.Unlock()
	if d, ok := e.diffs[k]; ok {
		return d
	}
	d := engine.Diff(prev, cur)
	e.diffs[k] = &d
	return &d
}

var (
	places = []string{"Harbourside", "Bayview", "Riverside", "Hillcrest", "Northgate", "Parkside", "Lakeside",
		"Westbrook", "Eastwood", "Kingsford", "Summerhill", "Greenvale", "Oakleigh", "Redbank", "Fairfield",
		"Brookvale", "Ashfield", "Seaforth", "Mount Pleasant", "Elm Street", "Victoria Road", "Station Street",
		"Church Lane", "Market Square", "Bridge Road"}
	kinds = []string{"Family Practice", "Medical Centre", "GP Clinic", "Health Centre", "Dental Surgery",
		"Medical Group", "Specialist Rooms", "Physiotherapy", "Skin Clinic", "Women's Health"}
	nameLine = regexp.MustCompile(`(?m)^name: .*$`)
)

func practiceName(i int) string {
	n := fmt.Sprintf("%s %s", places[i%len(places)], kinds[(i/len(places))%len(kinds)])
	if round := i / (len(places) * len(kinds)); round > 0 {
		n = fmt.Sprintf("%s %d", n, round+1)
	}
	return n
}

func run(ctx context.Context, dsn string, nPractices, nAudits int, email, password string, workers int) error {
	start := time.Now()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	admin, err := st.CreateFirstAdmin(ctx, store.NewUser{Email: "admin@bench.example", Name: "Bench Admin", PasswordHash: hash(password)})
	if err != nil {
		return err
	}
	sys := admin.Tenant()
	auditor, err := st.CreateUser(ctx, sys, store.NewUser{Email: email, Name: "Bench Auditor", Role: store.RoleAuditor, PasswordHash: hash(password)})
	if err != nil {
		return err
	}
	ev, err := newEvaluator()
	if err != nil {
		return err
	}
	yamlText, err := fs.ReadFile(demo.Files(), "practice.yaml")
	if err != nil {
		return err
	}
	setup := time.Since(start)

	var (
		madeP, madeA atomic.Int64
		firstErr     error
		errOnce      sync.Once
		wg           sync.WaitGroup
		next         atomic.Int64
		saveNanos    atomic.Int64
	)
	next.Store(-1)
	t := auditor.Tenant()
	fill := time.Now()
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1))
				if i >= nPractices {
					return
				}
				if err := onePractice(ctx, st, t, ev, string(yamlText), i, nPractices, nAudits, &madeA, &saveNanos); err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("practice %d: %w", i, err) })
					next.Store(int64(nPractices)) // stop the others
					return
				}
				if n := madeP.Add(1); n%500 == 0 {
					fmt.Fprintf(os.Stderr, "  %d practices, %d audits, %s\n", n, madeA.Load(), time.Since(fill).Round(time.Millisecond))
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	total := time.Since(start)
	fmt.Printf("database:   %s\n", redact(dsn))
	fmt.Printf("users:      admin@bench.example (admin), %s (auditor); password %q\n", email, password)
	fmt.Printf("practices:  %d\n", madeP.Load())
	fmt.Printf("audits:     %d (%d actions each on average; %d distinct evaluations of the demo)\n",
		madeA.Load(), avgActions(ev), ev.evals)
	fmt.Printf("time:       %s total (set-up %s, filling %s with %d workers; SaveAudit %s on average)\n",
		total.Round(time.Millisecond), setup.Round(time.Millisecond), time.Since(fill).Round(time.Millisecond),
		workers, (time.Duration(saveNanos.Load()) / time.Duration(max(madeA.Load(), 1))).Round(time.Microsecond))
	return nil
}

func avgActions(ev *evaluator) int {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	n := 0
	for _, r := range ev.byDay {
		n += len(r.Actions)
	}
	return n / max(len(ev.byDay), 1)
}

// onePractice creates practice i and its audits, oldest first. Practice i
// gets audits quarterly back from the demo date, shifted by up to 60 days
// per practice, so lists sort differently by last audit.
func onePractice(ctx context.Context, st *store.Store, t store.Tenant, ev *evaluator, yamlText string,
	i, nPractices, nAudits int, madeA, saveNanos *atomic.Int64) error {
	name := practiceName(i)
	p, err := st.CreatePractice(ctx, t, nameLine.ReplaceAllLiteralString(yamlText, "name: "+yamlQuote(name)))
	if err != nil {
		return err
	}
	n := nAudits / nPractices
	if i < nAudits%nPractices {
		n++
	}
	var prev *audit.Result
	for k := n - 1; k >= 0; k-- {
		asOf := demo.AsOf.AddDate(0, -3*k, -(i*7)%61)
		base := ev.result(asOf)
		res := *base // shallow copy: only the practice and the diff differ
		res.Practice = audit.PracticeRef{Name: name, Country: base.Practice.Country}
		res.GeneratedAt = asOf.Add(9 * time.Hour).Format(time.RFC3339)
		res.Diff = nil
		if prev != nil {
			res.Diff = ev.diff(prev, base)
		}
		t0 := time.Now()
		if _, err := st.SaveAudit(ctx, t, p.ID, &res); err != nil {
			return err
		}
		saveNanos.Add(int64(time.Since(t0)))
		madeA.Add(1)
		prev = base
	}
	return nil
}

func yamlQuote(s string) string { return fmt.Sprintf("%q", s) }

func redact(dsn string) string {
	return regexp.MustCompile(`//([^:@/]+):[^@/]*@`).ReplaceAllString(dsn, "//$1:***@")
}
