package check

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
)

// Backup kinds: is there a recent, off-site, tamper-proof copy, and has a
// full restore been proven.

const (
	noBackups  = "No backup job history was provided; add a Veeam, Windows Server Backup or SQL Server backup export."
	noRestores = "No restore test records were provided; add the backup product's restore test results or the practice's restore test log."
)

func init() {
	register(Kind{
		Name: "backups.recent",
		Doc:  "Every backed-up system has a recent successful backup, and failures alert someone.",
		Params: []Param{
			{Name: "warn_hours", Type: Number, Required: true, Doc: "age in hours of the newest good backup before a warning"},
			{Name: "fail_hours", Type: Number, Required: true, Doc: "age in hours of the newest good backup before a failure"},
		},
		Func: gappedStrict(backupsRecent, "backups"),
	})
	register(Kind{
		Name: "backups.offsite",
		Doc:  "Backups have an encrypted off-site copy.",
		Func: gappedStrict(backupsOffsite, "backups"),
	})
	register(Kind{
		Name: "backups.immutable",
		Doc:  "At least one backup copy is immutable or offline, for long enough.",
		Params: []Param{
			{Name: "warn_days", Type: Int, Required: true, Doc: "shortest immutability window in days that passes"},
		},
		Func: gappedStrict(backupsImmutable, "backups"),
	})
	register(Kind{
		Name: "restore.recent",
		Doc:  "A full restore has been tested successfully, recently.",
		Params: []Param{
			{Name: "warn_days", Type: Int, Required: true, Doc: "age in days of the last full restore test before a warning"},
			{Name: "fail_days", Type: Int, Required: true, Doc: "age in days of the last full restore test before a failure"},
		},
		Func: gappedStrict(restoreRecent, "restore"),
	})
	register(Kind{
		Name: "backups.rto_rpo",
		Doc:  "The practice's stated recovery objectives are met by its backup interval and restore time.",
		Func: gappedStrict(rtoRPO, "backups", "restore"),
	})
}

// asset is everything backed up under one name, newest run first.
type asset struct {
	name string
	runs []audit.Fact
}

func assetsOf(in Input) []asset {
	byName := map[string]*asset{}
	var keys []string
	for _, f := range factsOf(in, audit.FactBackup) {
		if f.Backup == nil {
			continue
		}
		name := strings.TrimSpace(f.Backup.Asset)
		if name == "" {
			name = strings.TrimSpace(f.Backup.Job)
		}
		k := strings.ToLower(name)
		a, ok := byName[k]
		if !ok {
			a = &asset{name: name}
			byName[k] = a
			keys = append(keys, k)
		}
		a.runs = append(a.runs, f)
	}
	sort.Strings(keys)
	out := make([]asset, 0, len(keys))
	for _, k := range keys {
		a := byName[k]
		sort.SliceStable(a.runs, func(i, j int) bool { return a.runs[i].Backup.End.After(a.runs[j].Backup.End) })
		out = append(out, *a)
	}
	return out
}

// goodRun counts runs that left a usable restore point: a Veeam "warning"
// run (low disk space, a skipped file) still completed the backup.
func goodRun(b *audit.Backup) bool {
	r := strings.ToLower(strings.TrimSpace(b.Result))
	return r == "success" || r == "warning"
}

func (a asset) newestGood() (audit.Fact, bool) {
	for _, f := range a.runs {
		if goodRun(f.Backup) {
			return f, true
		}
	}
	return audit.Fact{}, false
}

// alerting is the newest run's word on whether failures reach a person.
func (a asset) alerting() (audit.Fact, bool, bool) {
	for _, f := range a.runs {
		if f.Backup.Alerting != nil {
			return f, *f.Backup.Alerting, true
		}
	}
	return audit.Fact{}, false, false
}

// ---- backups.recent

func backupsRecent(in Input) Outcome {
	all := assetsOf(in)
	if len(all) == 0 {
		return notChecked(noBackups)
	}
	product := ""
	if in.Practice != nil {
		product = in.Practice.PMS.Product
	}
	// The control is about the PMS: when its backups can be told apart, only
	// they can fail it; a stale backup of another system is a warning.
	_, identified := pmsAssets(all, product)
	names := pmsWordsFor(product)
	warnH, failH := in.Params.Number("warn_hours", 26), in.Params.Number("fail_hours", 48)
	var subjects []audit.Subject
	stale, old, silent := 0, 0, 0
	for _, a := range all {
		status, detail, f := backupAge(a, in, warnH, failH)
		if status == audit.Fail && identified && !a.isPMS(names) {
			status = audit.Warn
		}
		switch status {
		case audit.Fail:
			stale++
		case audit.Warn:
			old++
		}
		if status != audit.Pass {
			subjects = append(subjects, subjectOf(a.name, "asset", detail, f))
		}
		if f, on, ok := a.alerting(); ok && !on {
			silent++
			subjects = append(subjects, subjectOf(a.name, "asset", "nobody is alerted when its backup fails", f))
		}
	}
	n := len(all)
	systems := func(k int) string {
		return fmt.Sprintf("%d of %s %s", k, words.Count(n, "backed-up system", "backed-up systems"), words.Pick(k, "has", "have"))
	}
	switch {
	case stale > 0:
		return decided(audit.Fail, fmt.Sprintf("%s no successful backup in the last %s hours.", systems(stale), num(failH)), subjects, urgentNoBackup)
	case silent > 0:
		return decided(audit.Fail, fmt.Sprintf("%s backups that fail without alerting anyone.", systems(silent)), subjects)
	case old > 0:
		return decided(audit.Warn, fmt.Sprintf("%s no successful backup in the last %s hours.", systems(old), num(warnH)), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("%s a successful backup in the last %s hours.", every(n, "backed-up system has", "backed-up systems have"), num(warnH)), nil)
}

func pmsWordsFor(product string) []string {
	names := append([]string{}, pmsWords...)
	for _, w := range nameWords(product) {
		if len(w) >= 4 && !genericWords[w] {
			names = append(names, w)
		}
	}
	return names
}

// backupAge grades one asset by its newest good run, naming the job and any
// failed runs since, so the IT provider knows which job to look at.
func backupAge(a asset, in Input, warnH, failH float64) (audit.Status, string, audit.Fact) {
	f, ok := a.newestGood()
	if !ok {
		last := a.runs[0]
		return audit.Fail, fmt.Sprintf("job %q: no successful backup in the evidence; %s, the last on %s", last.Backup.Job,
			words.Count(len(a.runs), "run failed", "runs failed"), date(last.Backup.End)), last
	}
	hours := in.AsOf.Sub(f.Backup.End).Hours()
	if hours < 0 {
		hours = 0
	}
	detail := fmt.Sprintf("job %q: last successful backup %s (%s hours ago)", f.Backup.Job, f.Backup.End.UTC().Format("2006-01-02 15:04"), num(float64(int(hours))))
	if failed, last := failedSince(a, f.Backup.End); failed > 0 {
		detail += fmt.Sprintf("; %s since, the last on %s (%s)", words.Count(failed, "run failed", "runs failed"), date(last.Backup.End), last.Backup.Job)
		if hours > warnH {
			f = last // point the provider at the failing run's evidence
		}
	}
	switch {
	case hours > failH:
		return audit.Fail, detail, f
	case hours > warnH:
		return audit.Warn, detail, f
	}
	return audit.Pass, detail, f
}

// failedSince counts failed runs after a time and returns the newest one.
func failedSince(a asset, after time.Time) (int, audit.Fact) {
	n, newest := 0, audit.Fact{}
	for _, r := range a.runs {
		if r.Backup.End.After(after) && !goodRun(r.Backup) {
			if n == 0 {
				newest = r
			}
			n++
		}
	}
	return n, newest
}

// ---- backups.offsite

func backupsOffsite(in Input) Outcome {
	assets := assetsOf(in)
	if len(assets) == 0 {
		return notChecked(noBackups)
	}
	var missing, unencrypted []audit.Subject
	known, covered := false, 0
	for _, a := range assets {
		off, lastRun := false, a.runs[0]
		for _, f := range a.runs {
			b := f.Backup
			if b.Offsite == nil {
				continue
			}
			known = true
			if !*b.Offsite {
				continue
			}
			off = true
			if b.Encrypted != nil && !*b.Encrypted {
				unencrypted = appendOnce(unencrypted, subjectOf(b.Job, "job", "off-site copy of "+a.name+" is not encrypted", f))
			}
		}
		if off {
			covered++
		} else {
			missing = append(missing, subjectOf(a.name, "asset", "no off-site copy", lastRun))
		}
	}
	return offsiteOutcome(len(assets), covered, known, missing, unencrypted)
}

// offsiteOutcome: no off-site copy at all, or an unencrypted one, fails.
// Systems left without one while others have it warn (the spec is silent;
// the clinical database being the one left behind is the usual story).
func offsiteOutcome(total, covered int, known bool, missing, unencrypted []audit.Subject) Outcome {
	switch {
	case !known:
		return notChecked("The backup evidence does not say whether any copy is kept off-site.")
	case covered == 0:
		return decided(audit.Fail, "No backed-up system has an off-site copy"+checked(total, "system", "systems")+".", missing)
	case len(unencrypted) > 0:
		return decided(audit.Fail, fmt.Sprintf("%s off-site %s not encrypted.", words.Count(len(unencrypted), "backup job's", "backup jobs'"), words.Pick(len(unencrypted), "copy is", "copies are")), append(unencrypted, missing...))
	case len(missing) > 0:
		return decided(audit.Warn, fmt.Sprintf("%d of %s %s no off-site copy.", len(missing), words.Count(total, "backed-up system", "backed-up systems"), words.Pick(len(missing), "has", "have")), missing)
	}
	return decided(audit.Pass, fmt.Sprintf("%s an off-site copy, and none is known to be unencrypted.", every(total, "backed-up system has", "backed-up systems have")), nil)
}

func appendOnce(list []audit.Subject, s audit.Subject) []audit.Subject {
	for _, x := range list {
		if x.ID == s.ID && x.Detail == s.Detail {
			return list
		}
	}
	return append(list, s)
}

// ---- backups.immutable

func backupsImmutable(in Input) Outcome {
	assets := assetsOf(in)
	if len(assets) == 0 {
		return notChecked(noBackups)
	}
	want := in.Params.Int("warn_days", 14)
	var short []audit.Subject
	known, immutable, best, dated := false, 0, 0, false
	for _, a := range assets {
		for _, f := range a.runs {
			b := f.Backup
			if b.Immutable == nil {
				continue
			}
			known = true
			if !*b.Immutable {
				continue
			}
			immutable++
			if b.ImmutableDays == nil {
				continue
			}
			if !dated || *b.ImmutableDays > best {
				best, dated = *b.ImmutableDays, true
			}
			if *b.ImmutableDays < want {
				short = appendOnce(short, subjectOf(b.Job, "job", fmt.Sprintf("copy of %s locked for only %s", a.name, words.Count(*b.ImmutableDays, "day", "days")), f))
			}
		}
	}
	switch {
	case !known:
		return notChecked("The backup evidence does not say whether any copy is immutable or offline.")
	case immutable == 0:
		return decided(audit.Fail, "No backup copy is immutable or offline, so one stolen admin password could delete every copy.", nil)
	case dated && best < want:
		return decided(audit.Warn, fmt.Sprintf("The longest immutability window is %s, shorter than the %d wanted.", words.Count(best, "day", "days"), want), short)
	case dated:
		return decided(audit.Pass, fmt.Sprintf("At least one backup copy cannot be changed for %s.", words.Count(best, "day", "days")), nil)
	}
	return decided(audit.Pass, "At least one backup copy is immutable or offline (its window is not recorded).", nil)
}
