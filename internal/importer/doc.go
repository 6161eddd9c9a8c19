// Package importer turns evidence files into facts. Each evidence format is
// one Importer in its own file: it recognises its format from the first
// bytes of a file, never from the file name, and reads it into
// []audit.Fact, failing with file:line on anything it cannot read, so
// nothing is half-imported. ImportDir runs the registered importers
// (Builtin) over an evidence folder.
//
// Framework files:
//   - importer.go: the Importer interface, the Registry, Builtin and Result
//   - dir.go: ImportDir, ImportFile and ImportBytes (detection, hashing)
//   - facts_json.go, write.go: Triage's own facts.json format
//   - jsonwalk.go, validate.go, vocabulary.go: checked JSON reading, the
//     rules every fact must meet, and the closed word lists
//   - csvutil.go, ad_csv_util.go, gws_json_util.go, osquery_jsonval.go:
//     shared CSV, encoding and JSON helpers
//
// Formats:
//   - identity: entra_users_csv.go, m365_users_csv.go, graph_*.go,
//     scubagear_*.go, gws_users_csv.go, gws_users_json.go, ad_users_csv.go,
//     ad_password_policy.go, sharphound_users.go, signin_logs.go
//   - devices: intune_devices.go, osquery_*.go, inventory_csv.go
//   - backups and training: veeam_sessions.go, wsb_summary.go,
//     msdb_backupset_csv.go, backup_jobs_csv.go, knowbe4_json.go,
//     training_csv.go
//
// Importers keep only what the controls need (accounts, devices, settings,
// backup runs) and never keep or log secrets, passwords or patient data.
//
// It imports audit and the standard library only. The facts.json format is
// documented in docs/facts-schema.md.
package importer
