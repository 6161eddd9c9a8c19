// Package cli is the triage command line: one file per command, each with
// its own flag.FlagSet. It is the only place that wires concrete packages
// together (catalog, importer, profile, engine, report). Run returns the exit
// code instead of exiting, so every command can be tested in-process.
//
// Exit codes: 0 done; 1 the --fail-on band has actions; 2 bad input or
// usage (stderr says which file, which line, what is wrong and how to fix
// it); 3 an unexpected failure such as a disk error.
package cli
