// Package importer turns evidence files into facts. Each evidence format is
// one Importer in its own file (facts_json.go now; Entra and Google user
// exports, Graph JSON, osquery, Intune, Veeam and training exports later):
// it recognises its format from the first bytes of a file, never from the
// file name, and reads it into []audit.Fact, failing with file:line on
// anything it cannot read. ImportDir runs the registered importers over an
// evidence folder.
//
// Files:
//   - importer.go: the Importer interface, the Registry and Result
//   - dir.go: ImportDir, ImportFile and ImportBytes (detection, hashing)
//   - facts_json.go: reading Triage's own facts.json format
//   - write.go: WriteFacts and ReadFactsFile
//   - jsonwalk.go: a JSON reader that checks fields and types with lines
//   - validate.go: ValidateFact, the rules every fact must meet
//   - vocabulary.go: setting names, gap topics and other closed word lists
//
// Importers keep only what the controls need (accounts, devices, settings,
// backup runs) and never keep or log secrets or patient data.
//
// It imports audit and the standard library only. The facts.json format is
// documented in docs/facts-schema.md.
package importer
