// Package words holds the few wording helpers that the checks' reasons,
// the reports and the web pages share, so that "1 account" and "3
// accounts" are written one way everywhere.
package words
