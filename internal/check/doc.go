// Package check holds the closed set of check kinds that catalogue controls
// name in YAML ("accounts.dormant", "backups.recent", "answer.yesno", ...).
// Each kind is a plain Go function from evidence, answers and the practice
// profile to an Outcome. Checks are pure: no I/O, no clock (asOf is passed
// in), no network. This package imports only audit and the standard library.
package check
