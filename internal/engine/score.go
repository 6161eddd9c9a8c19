package engine

import (
	"fmt"
	"math"

	"triage/internal/audit"
)

// credit is what a status earns towards the score. An accepted risk is still
// a risk, but a known and managed one, so it earns half, like a warning.
func credit(s audit.Status) (float64, bool) {
	switch s {
	case audit.Pass:
		return 1, true
	case audit.Warn, audit.Accepted:
		return 0.5, true
	case audit.Fail:
		return 0, true
	}
	return 0, false // not checked and not applicable do not count either way
}

// Caps hold a score down while a serious failure is open, so that many small
// passes cannot hide one critical gap.
var caps = map[audit.Severity]int{audit.Critical: 49, audit.High: 69}

// Score computes the overall and per-area scores (see docs/scoring.md).
func Score(findings []audit.Finding) audit.Scores {
	s := audit.Scores{Areas: map[audit.Area]int{}}
	overall, cap, coverage := scoreOf(findings)
	s.Overall, s.Coverage = overall, coverage
	if cap != "" {
		s.Cap = cap
	}
	for _, a := range audit.Areas {
		var in []audit.Finding
		for _, f := range findings {
			if f.Area == a {
				in = append(in, f)
			}
		}
		// An area where nothing could be judged has no score rather than
		// 0: "0" would read as failing, when it means "not known".
		if anyJudged(in) {
			s.Areas[a], _, _ = scoreOf(in)
		}
	}
	s.Rating = Rating(s.Overall, s.Coverage)
	return s
}

// anyJudged reports whether any finding has a status that scores.
func anyJudged(findings []audit.Finding) bool {
	for _, f := range findings {
		if _, ok := credit(f.Status); ok {
			return true
		}
	}
	return false
}

// scoreOf is the risk-weighted share of credit over judged controls, held
// under the cap of the worst open failure.
func scoreOf(findings []audit.Finding) (score int, capReason string, coverage int) {
	var earned, possible float64
	applicable, judged := 0, 0
	worst, worstID := "", ""
	for _, f := range findings {
		if f.Status == audit.NotApplicable {
			continue
		}
		applicable++
		c, ok := credit(f.Status)
		if !ok {
			continue
		}
		judged++
		w := float64(f.Risk)
		earned += c * w
		possible += w
		if f.Status == audit.Fail && capOf(f.Severity) < capOf(audit.Severity(worst)) {
			worst, worstID = string(f.Severity), f.ControlID
		}
	}
	if applicable > 0 {
		coverage = int(math.Round(100 * float64(judged) / float64(applicable)))
	}
	if possible == 0 {
		return 0, "", coverage
	}
	score = int(math.Round(100 * earned / possible))
	if c := capOf(audit.Severity(worst)); score > c {
		score = c
		capReason = fmt.Sprintf("a %s failure (%s) holds the score at %d or below until it is fixed", worst, worstID, c)
	}
	return score, capReason, coverage
}

func capOf(s audit.Severity) int {
	if c, ok := caps[s]; ok {
		return c
	}
	return 100
}

// Rating words for the overall score. With under a third of controls judged
// the score says too little to rate.
func Rating(score, coverage int) string {
	switch {
	case coverage < 33:
		return "Not enough evidence"
	case score >= 80:
		return "Good"
	case score >= 60:
		return "Fair"
	case score >= 40:
		return "Poor"
	}
	return "Critical"
}
