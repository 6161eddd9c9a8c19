// Package acceptance holds the end-to-end tests over the fixture practices
// in testdata/practices at the repository root (near-perfect, typical and
// neglected). Each fixture is audited through cli.Run exactly as
//
//	triage audit --evidence DIR --as-of 2026-11-20 --format json
//
// would audit it, and the report is compared byte for byte with the
// fixture's report.golden.json; `go test ./internal/acceptance -update`
// rewrites the goldens, which are then reviewed in the diff. Further tests
// check what a careful auditor would expect of each fixture: the plan's
// first actions, every status appearing, provenance on key findings.
//
// The package has no code of its own. Its tests may import any package of
// the module; nothing imports it.
package acceptance
