// Package hint helps error messages point at the fix: DidYouMean suggests
// the known word closest to a misspelt one. It imports only the standard
// library.
package hint
