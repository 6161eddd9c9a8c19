package check

import (
	"fmt"
	"sort"
	"strings"

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
		return decided(audit.Fail, fmt.Sprintf("No successful full restore test is recorded (%s of partial or failed tests %s).", count(len(tests), "record", "records"), pick(len(tests), "is", "are")), nil)
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
// stated objectives are for the PMS.
var pmsWords = []string{"pms", "bps", "bpspatients", "best practice", "medicaldirector", "hcn", "genie", "zedmed", "communicare", "medilink", "pracsoft"}

func pmsAssets(assets []asset, product string) []asset {
	words := append([]string{}, pmsWords...)
	for _, w := range strings.Fields(strings.ToLower(product)) {
		if len(w) >= 4 {
			words = append(words, w)
		}
	}
	var out []asset
	for _, a := range assets {
		hay := strings.ToLower(a.name + " " + a.runs[0].Backup.Job)
		for _, w := range words {
			if strings.Contains(hay, w) {
				out = append(out, a)
				break
			}
		}
	}
	if len(out) == 0 {
		return assets // cannot tell which is the PMS: hold every system to it
	}
	return out
}

// interval is the typical gap in hours between good runs: the median, so a
// single missed night (which backups.recent reports) does not decide it.
func (a asset) interval() (float64, bool) {
	var ends []float64
	for _, f := range a.runs {
		if goodRun(f.Backup) {
			ends = append(ends, float64(f.Backup.End.Unix())/3600)
		}
	}
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

func rpoCheck(in Input, pms audit.PMS, subjects *[]audit.Subject, met, missing *[]string) {
	worst, known := 0.0, false
	var at asset
	for _, a := range pmsAssets(assetsOf(in), pms.Product) {
		if h, ok := a.interval(); ok && (!known || h > worst) {
			worst, known, at = h, true, a
		}
	}
	if !known {
		*missing = append(*missing, fmt.Sprintf("the practice states an RPO of %s hours, but no backup history shows how often backups run", num(pms.RPOHours)))
		return
	}
	every := num(float64(int(worst + 0.5)))
	if worst > pms.RPOHours {
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
