// Package demo embeds the sample practice that `triage demo` and the web
// demo audit: Harbourside Family Practice, a fictional small Australian GP
// clinic with a realistic mix of good and bad (leavers still enabled, a
// shared reception login, an admin without MFA, DMARC at p=none, Windows 10
// PCs, backups never restore-tested, no incident response plan, staff trained
// but never phish-tested). It holds data only and imports nothing of Triage.
package demo
