package importer

import (
	"io"

	"triage/internal/audit"
)

// HeadSize is how much of a file Detect sees.
const HeadSize = 64 << 10

// Importer reads one evidence format.
type Importer interface {
	// Name identifies the format in reports (audit.EvidenceFile.Kind).
	Name() string
	// Detect reports whether head, the first HeadSize bytes of a file (or
	// all of it when shorter), is in this format. It must decide by content
	// alone; name is only for messages.
	Detect(name string, head []byte) bool
	// Import reads the whole file. Errors are *audit.Error values naming
	// name and the line.
	Import(name string, r io.Reader) ([]audit.Fact, error)
}

// Registry is an ordered set of importers. The first whose Detect accepts a
// file imports it.
type Registry struct {
	importers []Importer
}

// NewRegistry returns a registry trying importers in the given order.
func NewRegistry(importers ...Importer) *Registry {
	return &Registry{importers: append([]Importer(nil), importers...)}
}

// Builtin returns every importer Triage ships, in detection order.
func Builtin() []Importer {
	return []Importer{
		FactsJSON{},
		// Devices and software; the Graph device list must come before
		// GraphJSON, which would take its userPrincipalName fields for users.
		IntuneDevicesCSV{}, IntuneDevicesZIP{}, IntuneManagedDevicesJSON{}, OsqueryJSON{}, InventoryCSV{},
		// Microsoft 365 and Entra ID
		EntraUsersCSV{}, M365UsersCSV{}, GraphJSON{}, ScubaGearJSON{}, SignInLogs{},
		// Google Workspace
		GWSUsersCSV{}, GWSUsersJSON{},
		// Active Directory
		ADUsersCSV{}, ADPasswordPolicy{}, SharpHoundUsers{},
		// Backups and training
		VeeamSessionsCSV{}, VeeamSessionsJSON{}, WSBSummary{}, MsdbBackupsetCSV{}, BackupJobsCSV{}, KnowBe4JSON{}, TrainingCSV{},
	}
}

// Default returns a registry of the built-in importers.
func Default() *Registry { return NewRegistry(Builtin()...) }

// Importers returns the registered importers in detection order.
func (r *Registry) Importers() []Importer {
	return append([]Importer(nil), r.importers...)
}

// Detect returns the importer for a file's head, or nil.
func (r *Registry) Detect(name string, head []byte) Importer {
	for _, imp := range r.importers {
		if imp.Detect(name, head) {
			return imp
		}
	}
	return nil
}

// Result is what an evidence folder yielded.
type Result struct {
	Facts []audit.Fact
	// Files lists every imported file, in name order.
	Files []audit.EvidenceFile
	// Unrecognised lists the regular files no importer recognised, in name
	// order.
	Unrecognised []string
}
