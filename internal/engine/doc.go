// Package engine judges evidence and answers against the catalogue:
// Evaluate gives every control a status with its subjects, scores the
// practice, works out Essential Eight maturity, rolls findings up into a
// ranked plan, and Diff compares two audits. It is a pure function of its
// inputs: no I/O, no clock (asOf is passed in), no network. The rules are
// written down in docs/scoring.md.
//
// It imports audit, check and catalog.
package engine
