package engine

import "triage/internal/audit"

// Risk is likelihood x impact. Urgency (internet-exposed, known-exploited,
// leaver still active, no working backup) means the bad outcome is near
// certain, so likelihood is raised to 5 and the urgency is shown.
func Risk(ctl audit.Control, urgency []string) int {
	likelihood := ctl.Likelihood
	if len(urgency) > 0 {
		likelihood = 5
	}
	return likelihood * ctl.Impact
}

// SeverityOf grades open findings by risk; a warning is one grade milder than
// a failure of the same risk. Other statuses have no severity.
func SeverityOf(status audit.Status, risk int) audit.Severity {
	grades := []audit.Severity{audit.Critical, audit.High, audit.Medium, audit.Low}
	var g int
	switch {
	case risk >= 20:
		g = 0
	case risk >= 12:
		g = 1
	case risk >= 6:
		g = 2
	default:
		g = 3
	}
	switch status {
	case audit.Fail:
		return grades[g]
	case audit.Warn:
		if g < 3 {
			g++
		}
		return grades[g]
	}
	return ""
}
