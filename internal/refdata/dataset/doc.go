// Package dataset reads the public reference files Triage is built from and
// turns them into one compact Snapshot:
//
//   - the CISA Known Exploited Vulnerabilities catalogue
//     (cisa-kev/known_exploited_vulnerabilities.json, CC0 1.0);
//   - endoflife.date product lifecycles: the hand-maintained front matter of
//     endoflife-products/products/<id>.md and the collected release dates of
//     endoflife-release-data/releases/<id>.json (both MIT).
//
// The directory layout is the one of ../shared/datasets, so the generator
// (internal/refdata/gen) and `triage refdata update --from DIR` read the same
// thing the same way. Third-party files are read leniently (unknown keys are
// ignored, because upstream adds fields) but every value Triage uses is
// checked, and a bad one fails with the file and line or JSON path.
//
// It imports only the standard library, audit (for located errors) and the
// YAML library. It never embeds data itself, so the generator can run even
// when the generated files are missing.
package dataset
