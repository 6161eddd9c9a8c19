// Package catalog loads the embedded control catalogue: controls/*.yaml (one
// file per area, with the plan actions its controls roll up into) and
// frameworks/*.yaml (framework requirement -> control ids). Loading is
// strict: a typo, a duplicate, a missing field, an unknown check kind or a
// mapping to an unknown control fails with the file and line.
//
// It imports audit, check (to validate check kinds and their parameters) and
// the YAML library.
package catalog
