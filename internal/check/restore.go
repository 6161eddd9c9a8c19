package check

import (
	"fmt"
	"sort"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Restore kinds: has a full restore been proven, and do the backup interval
// and restore time meet the objectives the practice states. Registration
// is in backups.go, with the other continuity kinds.

// ---- restore.recent

func restoreTestsOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactRestoreTest) {
		if f.RestoreTest != nil {
			out = append(out, f)
		}
	}
	return out
}

// newestFullRestore finds the newest successful full restore test; file
// restores and VERIFYONLY checks do not prove the practice can recover.
func newestFullRestore(tests []audit.Fact, needHours bool) (audit.Fact, bool) {
	var best audit.Fact
	found := false
	for _, f := range tests {
		t := f.RestoreTest
		if !t.Full || !strings.EqualFold(strings.TrimSpace(t.Result), "success") || (needHours && t.Hours <= 0) {
			continue
		}
		if !found || t.Date.Time().After(best.RestoreTest.Date.Time()) {
			best, found = f, true
		}
	}
	return best, found
}

func restoreRecent(in Input) Outcome {
	tests := restoreTestsOf(in)
	if len(tests) == 0 {
		return notChecked(noRestores)
	}
	f, ok := newestFullRestore(tests, false)
	if !ok {
		return decided(audit.Fail, fmt.Sprintf("No successful full restore test is recorded (%s of partial or failed tests %s).", words.Count(len(tests), "record", "records"), words.Pick(len(tests), "is", "are")), nil)
	}
	warnDays, failDays := in.Params.Int("warn_days", 90), in.Params.Int("fail_days", 180)
	t := f.RestoreTest
	age := daysAgo(t.Date.Time(), in.AsOf)
	said := fmt.Sprintf("The last successful full restore test was on %s (%s), of %s", t.Date, ago(age), t.Asset)
	subject := []audit.Subject{subjectOf(t.Asset, "asset", fmt.Sprintf("last successful full restore test %s (%s)", t.Date, ago(age)), f)}
	switch {
	case age > failDays:
		return decided(audit.Fail, fmt.Sprintf("%s, more than %d days ago.", said, failDays), subject)
	case age > warnDays:
		return decided(audit.Warn, fmt.Sprintf("%s, more than %d days ago.", said, warnDays), subject)
	}
	return decided(audit.Pass, said+".", nil)
}

// ---- backups.rto_rpo

// pmsWords spot the clinical database among backed-up assets, since the
// stated objectives are for the PMS. They are matched against whole words of
// the asset and job names.
var pmsWords = []string{"pms", "bp", "bps", "bpspatients", "bpssamples", "medicaldirector", "hcn", "genie",
	"zedmed", "communicare", "medilink", "pracsoft", "bluechip", "helix", "cliniko"}

// pmsPhrases are multi-word names matched as text.
var pmsPhrases = []string{"best practice", "bp premier", "medical director"}

// genericWords are too common in product names to identify the PMS.
var genericWords = map[string]bool{"practice": true, "software": true, "cloud": true, "premier": true, "medical": true, "clinical": true, "server": true}

// pmsAssets returns the assets that hold the PMS, and whether any could be
// identified; when none can, every asset is returned.
func pmsAssets(assets []asset, product string) ([]asset, bool) {
	words := append([]string{}, pmsWords...)
	for _, w := range nameWords(product) {
		if len(w) >= 4 && !genericWords[w] {
			words = append(words, w)
		}
	}
	var out []asset
	for _, a := range assets {
		if a.isPMS(words) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return assets, false
	}
	return out, true
}

func (a asset) isPMS(words []string) bool {
	names := []string{a.name}
	for _, r := range a.runs {
		names = append(names, r.Backup.Job)
	}
	for _, n := range names {
		lower := strings.ToLower(n)
		for _, p := range pmsPhrases {
			if strings.Contains(lower, p) {
				return true
			}
		}
		for _, w := range nameWords(n) {
			if contains(words, w) {
				return true
			}
		}
	}
	return false
}

// nameWords splits a name into lower-case words of letters and digits.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// interval is how often the asset gets a new restore point: for each job,
// the median gap between its good runs (so one missed night, which
// backups.recent reports, does not decide it), and the shortest of those.
// Judging per job matters: a nightly backup and its nightly off-site copy
// are two restore points a day apart, not one every twelve hours.
func (a asset) interval() (float64, bool) {
	byJob := map[string][]float64{}
	var jobs []string
	for _, f := range a.runs {
		if !goodRun(f.Backup) {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(f.Backup.Job))
		if _, seen := byJob[k]; !seen {
			jobs = append(jobs, k)
		}
		byJob[k] = append(byJob[k], float64(f.Backup.End.Unix())/3600)
	}
	best, found := 0.0, false
	for _, k := range jobs {
		if h, ok := medianGap(byJob[k]); ok && (!found || h < best) {
			best, found = h, true
		}
	}
	return best, found
}

// medianGap takes end times (hours, newest first) and returns the median gap.
func medianGap(ends []float64) (float64, bool) {
	if len(ends) < 2 {
		return 0, false
	}
	gaps := make([]float64, 0, len(ends)-1)
	for i := 1; i < len(ends); i++ {
		gaps = append(gaps, ends[i-1]-ends[i])
	}
	sort.Float64s(gaps)
	return gaps[len(gaps)/2], true
}

func rtoRPO(in Input) Outcome {
	var pms audit.PMS
	if in.Practice != nil {
		pms = in.Practice.PMS
	}
	if pms.RPOHours <= 0 && pms.RTOHours <= 0 {
		return notChecked("practice.yaml states no recovery objectives; add pms.rpo_hours and pms.rto_hours.")
	}
	var subjects []audit.Subject
	var met, missing []string
	if pms.RPOHours > 0 {
		rpoCheck(in, pms, &subjects, &met, &missing)
	}
	if pms.RTOHours > 0 {
		rtoCheck(in, pms, &subjects, &met, &missing)
	}
	switch {
	case len(subjects) > 0:
		return decided(audit.Fail, fmt.Sprintf("The practice's recovery objectives are not met: %s.", strings.Join(detailsOf(subjects), "; ")), subjects)
	case len(missing) > 0:
		return notChecked(capitalise(strings.Join(missing, "; ")) + ".")
	}
	return decided(audit.Pass, capitalise(strings.Join(met, ", and "))+".", nil)
}

// rpoGraceHours absorbs the drift of a job's end time from run to run.
const rpoGraceHours = 1.0

func rpoCheck(in Input, pms audit.PMS, subjects *[]audit.Subject, met, missing *[]string) {
	worst, known := 0.0, false
	var at asset
	assets, _ := pmsAssets(assetsOf(in), pms.Product)
	for _, a := range assets {
		if h, ok := a.interval(); ok && (!known || h > worst) {
			worst, known, at = h, true, a
		}
	}
	if !known {
		*missing = append(*missing, fmt.Sprintf("the practice states an RPO of %s hours, but no backup history shows how often backups run", num(pms.RPOHours)))
		return
	}
	every := num(float64(int(worst + 0.5)))
	// Jobs end a few minutes later or earlier each night; an interval
	// within an hour of the objective meets it.
	if worst > pms.RPOHours+rpoGraceHours {
		*subjects = append(*subjects, subjectOf(at.name, "asset", fmt.Sprintf("backed up every %s hours, longer than the stated RPO of %s hours", every, num(pms.RPOHours)), at.runs[0]))
		return
	}
	*met = append(*met, fmt.Sprintf("backups run every %s hours, within the stated RPO of %s hours", every, num(pms.RPOHours)))
}

func rtoCheck(in Input, pms audit.PMS, subjects *[]audit.Subject, met, missing *[]string) {
	f, ok := newestFullRestore(restoreTestsOf(in), true)
	if !ok {
		*missing = append(*missing, fmt.Sprintf("the practice states an RTO of %s hours, but no full restore test records how long it took", num(pms.RTOHours)))
		return
	}
	t := f.RestoreTest
	if t.Hours > pms.RTOHours {
		*subjects = append(*subjects, subjectOf(t.Asset, "asset", fmt.Sprintf("full restore test on %s took %s hours, longer than the stated RTO of %s hours", t.Date, num(t.Hours), num(pms.RTOHours)), f))
		return
	}
	*met = append(*met, fmt.Sprintf("the last full restore took %s hours, within the stated RTO of %s hours", num(t.Hours), num(pms.RTOHours)))
}

func detailsOf(subjects []audit.Subject) []string {
	out := make([]string, 0, len(subjects))
	for _, s := range subjects {
		out = append(out, s.ID+" "+s.Detail)
	}
	return out
}
