package check

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
)

// Account kinds: who still has a way in, and whether anyone uses it.

const noAccounts = "No account exports were provided; add an Entra ID, Google Workspace or Active Directory user export."

func init() {
	register(Kind{
		Name: "accounts.leavers",
		Doc:  "People who have left must have no enabled account in any system.",
		Params: []Param{
			{Name: "grace_days", Type: Int, Doc: "days after the last day by which accounts must be disabled (default 1)"},
		},
		Func: gapped(leavers, "accounts"),
	})
	register(Kind{
		Name: "accounts.dormant",
		Doc:  "Enabled staff and guest accounts must have signed in recently.",
		Params: []Param{
			{Name: "warn_days", Type: Int, Required: true, Doc: "days without a sign-in before a warning"},
			{Name: "fail_days", Type: Int, Required: true, Doc: "days without a sign-in before a failure"},
		},
		Func: gapped(dormant, "accounts", "accounts.sign_in"),
	})
	register(Kind{
		Name: "accounts.shared",
		Doc:  "No enabled account that can sign in may be generic or used by several people.",
		Params: []Param{
			{Name: "patterns", Type: Strings, Required: true, Regexp: true, Doc: "regular expressions for generic names, matched against the account id, UPN, email, sAMAccountName and display name"},
			{Name: "max_devices_per_day", Type: Int, Doc: "distinct devices in one day that mark an account as shared (default 3)"},
		},
		Func: gapped(shared, "accounts"),
	})
	register(Kind{
		Name: "accounts.guests",
		Doc:  "Enabled guest and vendor accounts must have been used recently.",
		Params: []Param{
			{Name: "dormant_days", Type: Int, Required: true, Doc: "days without a sign-in before a warning"},
		},
		Func: gapped(guests, "accounts", "accounts.sign_in"),
	})
	register(Kind{
		Name: "accounts.legacy_auth",
		Doc:  "Sign-in logs must show no legacy-client or single-factor sign-ins.",
		Func: gapped(legacyAuth, "accounts", "accounts.sign_in"),
	})
}

// accountsOf returns the full account facts. Partial ones (an MFA report
// or role list on its own) cannot say whether the account is enabled; the
// engine folds them into their full account first, and any left over are
// not judged.
func accountsOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactAccount) {
		if f.Account != nil && !f.Account.Partial {
			out = append(out, f)
		}
	}
	return out
}

// isPersonal reports whether the account is a person's or a guest's login,
// as opposed to a shared mailbox (sign-in blocked) or a service account
// (judged by the admin and vendor controls instead).
func isPersonal(a *audit.Account) bool {
	return a.Kind != audit.AccountSharedMailbox && a.Kind != audit.AccountService
}

func isMember(a *audit.Account) bool {
	return a.Kind == audit.AccountMember || a.Kind == ""
}

// ---- accounts.leavers

func leavers(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	staff := staffOf(in)
	if len(staff) == 0 {
		return notChecked("practice.yaml lists no staff, so accounts cannot be matched to people who have left; add everyone who has worked at the practice, with end dates for those who left.")
	}
	grace := in.Params.Int("grace_days", 1)
	joined, _ := JoinAccounts(staff, accounts)
	var subjects []audit.Subject
	left, active, late := 0, 0, 0
	for _, pa := range joined {
		if !pa.Person.Left(in.AsOf) {
			continue
		}
		left++
		on, slow := leaverAccounts(pa, grace, in.AsOf, &subjects)
		if on > 0 {
			active++
		}
		late += slow
	}
	switch {
	case left == 0:
		return decided(audit.Pass, fmt.Sprintf("No one listed in practice.yaml has left (%s checked).", words.Count(len(staff), "person", "people")), nil)
	case active > 0:
		return decided(audit.Fail, fmt.Sprintf("%d of %s who have left still %s an enabled account.", active, words.Count(left, "person", "people"), words.Pick(active, "has", "have")), subjects, urgentLeaver)
	case late > 0:
		return decided(audit.Warn, fmt.Sprintf("No one who has left still has an enabled account, but %s disabled more than %s after the last day%s.", words.Count(late, "account was", "accounts were"), words.Count(grace, "day", "days"), checked(left, "leaver", "leavers")), subjects)
	}
	return decided(audit.Pass, "No one who has left still has an enabled account"+checked(left, "leaver", "leavers")+".", nil)
}

// leaverAccounts records the problems with one leaver's accounts and counts
// the enabled ones and those disabled late.
func leaverAccounts(pa PersonAccounts, grace int, asOf time.Time, subjects *[]audit.Subject) (enabled, late int) {
	end := pa.Person.End.Time()
	left := fmt.Sprintf("%s left on %s (%s)", pa.Person.Name, pa.Person.End, ago(daysAgo(end, asOf)))
	for _, f := range pa.Accounts {
		a := f.Account
		// A leaver's mailbox converted to a shared mailbox has sign-in
		// blocked; that is the recommended way to keep their mail.
		if a.Kind == audit.AccountSharedMailbox {
			continue
		}
		if a.Enabled {
			enabled++
			detail := fmt.Sprintf("enabled in %s; %s", a.System, left)
			// end is the person's last day: a sign-in during it is not
			// after leaving.
			if a.SignInKnown && a.LastSignIn != nil && a.LastSignIn.After(end.AddDate(0, 0, 1)) {
				detail += fmt.Sprintf("; signed in on %s, after leaving", date(*a.LastSignIn))
			}
			*subjects = append(*subjects, subjectOf(a.ID, "account", detail, f))
			continue
		}
		if a.DisabledOn == nil {
			continue
		}
		if d := audit.DaysBetween(end, audit.Day(*a.DisabledOn)); d > grace {
			late++
			detail := fmt.Sprintf("disabled in %s on %s, %s after %s's last day (%s)", a.System, date(*a.DisabledOn), words.Count(d, "day", "days"), pa.Person.Name, pa.Person.End)
			*subjects = append(*subjects, subjectOf(a.ID, "account", detail, f))
		}
	}
	return enabled, late
}

// ---- accounts.dormant

// idleness is how long an account has gone unused, as the checks judge it.
type idleness struct {
	known bool   // false when the source cannot tell
	days  int    // days since last use (or since creation when never used)
	note  string // plain description for the subject
	never bool
}

// idleFor reads an account's last use. A never-used account counts from
// its creation; with no creation date days is -1, meaning "unused, for an
// unknown time".
func idleFor(a *audit.Account, asOf time.Time) idleness {
	if !a.SignInKnown {
		return idleness{}
	}
	if a.LastSignIn != nil {
		d := daysAgo(*a.LastSignIn, asOf)
		return idleness{known: true, days: d, note: fmt.Sprintf("last sign-in %s, %s", date(*a.LastSignIn), ago(d))}
	}
	if a.Created != nil {
		d := daysAgo(*a.Created, asOf)
		return idleness{known: true, never: true, days: d, note: fmt.Sprintf("never signed in; created %s, %s", date(*a.Created), ago(d))}
	}
	return idleness{known: true, never: true, days: -1, note: "never signed in; creation date unknown"}
}

func dormant(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	warnDays, failDays := in.Params.Int("warn_days", 45), in.Params.Int("fail_days", 90)
	var subjects []audit.Subject
	judged, unknown, warns, fails := 0, 0, 0, 0
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || !(a.Kind == audit.AccountMember || a.Kind == audit.AccountGuest || a.Kind == "") {
			continue
		}
		idle := idleFor(a, in.AsOf)
		if !idle.known {
			unknown++
			continue
		}
		judged++
		status := dormantStatus(idle, warnDays+a.SignInLagDays, failDays+a.SignInLagDays)
		switch status {
		case audit.Fail:
			fails++
		case audit.Warn:
			warns++
		default:
			continue
		}
		subjects = append(subjects, subjectOf(a.ID, "account", fmt.Sprintf("enabled in %s (%s)", a.System, idle.note), f))
	}
	if judged == 0 {
		if unknown == 0 {
			return notChecked("The account exports list no enabled staff or guest accounts to check.")
		}
		return notChecked("The account exports do not say when accounts last signed in; add sign-in activity (Entra ID P1 sign-in activity, the Google Workspace Last Sign In column or AD LastLogonDate).")
	}
	return dormantOutcome(judged, unknown, warns, fails, warnDays, failDays, subjects)
}

// dormantStatus grades idleness; an undated never-used account warns, since
// we know it is unused but not for how long.
func dormantStatus(idle idleness, warnDays, failDays int) audit.Status {
	switch {
	case idle.days < 0:
		return audit.Warn
	case idle.days > failDays:
		return audit.Fail
	case idle.days > warnDays:
		return audit.Warn
	}
	return audit.Pass
}

func dormantOutcome(judged, unknown, warns, fails, warnDays, failDays int, subjects []audit.Subject) Outcome {
	of := func(n int) string {
		return fmt.Sprintf("%d of %s %s", n, words.Count(judged, "enabled account", "enabled accounts"), words.Pick(n, "has", "have"))
	}
	var out Outcome
	switch {
	case fails > 0 && warns > 0:
		out = decided(audit.Fail, fmt.Sprintf("%s not signed in for more than %d days, %d of them for more than %d.", of(fails+warns), warnDays, fails, failDays), subjects)
	case fails > 0:
		out = decided(audit.Fail, fmt.Sprintf("%s not signed in for more than %d days.", of(fails), failDays), subjects)
	case warns > 0:
		out = decided(audit.Warn, fmt.Sprintf("%s not signed in for more than %d days.", of(warns), warnDays), subjects)
	default:
		out = decided(audit.Pass, fmt.Sprintf("%s signed in within the last %d days.", every(judged, "enabled account has", "enabled accounts have"), warnDays), nil)
	}
	if unknown > 0 {
		out.Reason = addNote(out.Reason, fmt.Sprintf(", not counting %s whose last sign-in is unknown", words.Count(unknown, "account", "accounts")))
	}
	return out
}

// ---- accounts.shared

func shared(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	patterns, err := compileAll(in.Params.Strings("patterns", nil))
	if err != nil {
		return notChecked(err.Error())
	}
	maxDevices := in.Params.Int("max_devices_per_day", 3)
	var subjects []audit.Subject
	judged := 0
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || !isPersonal(a) {
			continue
		}
		judged++
		if why := sharedSigns(a, patterns, maxDevices); len(why) > 0 {
			subjects = append(subjects, subjectOf(a.ID, "account", strings.Join(why, "; "), f))
		}
	}
	if judged == 0 {
		return notChecked("The account exports list no enabled accounts that can sign in.")
	}
	if len(subjects) > 0 {
		return decided(audit.Fail, fmt.Sprintf("%d of %s that can sign in %s shared or generic.", len(subjects), words.Count(judged, "enabled account", "enabled accounts"), words.Pick(len(subjects), "looks", "look")), subjects)
	}
	return decided(audit.Pass, "No enabled account that can sign in looks shared or generic"+checked(judged, "account", "accounts")+".", nil)
}

// sharedSigns lists what marks an account as used by several people.
func sharedSigns(a *audit.Account, patterns []*regexp.Regexp, maxDevices int) []string {
	var why []string
	if firstMatch(patterns, a.ID, a.UPN, a.Email, a.SAM, a.DisplayName) != nil {
		why = append(why, "the name looks like a shared or generic login")
	}
	if a.Shared {
		why = append(why, "recorded as shared by several people")
	}
	if maxDevices > 0 && a.MaxDevicesPerDay >= maxDevices {
		why = append(why, fmt.Sprintf("signed in from %d devices in one day", a.MaxDevicesPerDay))
	}
	return why
}

func compileAll(patterns []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(patterns))
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("The catalogue pattern %q is not a valid regular expression, so this could not be checked.", p)
		}
		out = append(out, re)
	}
	return out, nil
}

// firstMatch returns the first pattern matching any non-empty name.
func firstMatch(patterns []*regexp.Regexp, names ...string) *regexp.Regexp {
	for _, re := range patterns {
		for _, n := range names {
			if n != "" && re.MatchString(n) {
				return re
			}
		}
	}
	return nil
}

// ---- accounts.guests

func guests(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	days := in.Params.Int("dormant_days", 45)
	var subjects []audit.Subject
	total, judged := 0, 0
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || !(a.Kind == audit.AccountGuest || a.Vendor != "") {
			continue
		}
		total++
		idle := idleFor(a, in.AsOf)
		if !idle.known {
			continue
		}
		judged++
		if idle.days < 0 || idle.days > days+a.SignInLagDays {
			subjects = append(subjects, subjectOf(a.ID, "account", fmt.Sprintf("%s in %s (%s)", outsiderLabel(a), a.System, idle.note), f))
		}
	}
	switch {
	case total == 0:
		return decided(audit.Pass, "There are no enabled guest or vendor accounts"+checked(len(accounts), "account", "accounts")+".", nil)
	case judged == 0:
		return notChecked(fmt.Sprintf("The account exports do not say when the %s last signed in; add sign-in activity.", words.Count(total, "guest or vendor account", "guest and vendor accounts")))
	case len(subjects) > 0:
		return decided(audit.Warn, fmt.Sprintf("%d of %s %s not been used for more than %d days.", len(subjects), words.Count(judged, "enabled guest or vendor account", "enabled guest and vendor accounts"), words.Pick(len(subjects), "has", "have"), days), subjects)
	}
	out := decided(audit.Pass, fmt.Sprintf("%s been used within the last %d days.", every(judged, "enabled guest or vendor account has", "enabled guest and vendor accounts have"), days), nil)
	if total > judged {
		out.Reason = addNote(out.Reason, fmt.Sprintf(", not counting %d whose last sign-in is unknown", total-judged))
	}
	return out
}

func outsiderLabel(a *audit.Account) string {
	if a.Vendor != "" {
		return "vendor account for " + a.Vendor
	}
	return "guest"
}

// ---- accounts.legacy_auth

func legacyAuth(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	var subjects []audit.Subject
	seen := 0
	for _, f := range accounts {
		a := f.Account
		// Sign-in log analysis leaves its mark as per-account counts; an
		// account with none of them was not seen in any log.
		if a.MaxDevicesPerDay > 0 || a.LegacyAuthSignIns > 0 || a.SingleFactorSignIns > 0 {
			seen++
		}
		if a.LegacyAuthSignIns == 0 && a.SingleFactorSignIns == 0 {
			continue
		}
		var why []string
		if a.LegacyAuthSignIns > 0 {
			why = append(why, words.Count(a.LegacyAuthSignIns, "sign-in", "sign-ins")+" from an old email client that skips MFA (IMAP, POP, SMTP or ActiveSync)")
		}
		if a.SingleFactorSignIns > 0 {
			why = append(why, words.Count(a.SingleFactorSignIns, "sign-in", "sign-ins")+" with a password alone")
		}
		subjects = append(subjects, subjectOf(a.ID, "account", strings.Join(why, "; "), f))
	}
	if seen == 0 {
		return notChecked("No sign-in logs were provided; add an Entra ID sign-in log export covering at least the last 30 days.")
	}
	if len(subjects) > 0 {
		return decided(audit.Fail, fmt.Sprintf("%d of %s seen in the sign-in logs signed in with a method that skips MFA.", len(subjects), words.Count(seen, "account", "accounts")), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("No sign-in in the logs used an old email client or a password alone (%s seen).", words.Count(seen, "account", "accounts")), nil)
}
