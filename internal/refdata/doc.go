// Package refdata is Triage's embedded reference data and the lookups over
// it: the CISA Known Exploited Vulnerabilities catalogue (KEVFor, KEVByCVE)
// and endoflife.date lifecycles of the operating systems and programs small
// practices run (OSSupport, MatchProgram), plus Enrich, which fills lifecycle
// fields of imported facts that the importers left empty.
//
// The data is generated, not written: `go generate ./internal/refdata` runs
// gen/ over the public dataset directory (default ../../../shared/datasets
// from this package, i.e. the shared datasets beside the repository; pass
// -datasets DIR to the generator for another copy) and writes
// data/refdata.json.gz, data/licenses/ and zz_generated.go. Commit all three.
// The matching rules (rules.go) are hand-written and documented in
// docs/refdata-matching.md.
//
// A user may install newer copies of the same public files with
// `triage refdata update`; Load(dir) then prefers each part (KEV, lifecycles)
// of the copy in dir when it is newer than the embedded one.
//
// Lookups are pure functions of the loaded data and their arguments: no
// clock, no network. The package imports audit, its dataset sub-package and
// the standard library; it never imports check, engine or cli.
package refdata
