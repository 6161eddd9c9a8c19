package engine

import "triage/internal/audit"

// SupersedeGaps drops gap facts that other evidence has filled: a user list
// without sign-in dates records a gap, but a sign-in export in the same
// folder settles the question, and the gap must not turn its verdicts into
// "not checked". A gap stays while no fact of its topic exists.
func SupersedeGaps(facts []audit.Fact) []audit.Fact {
	covered := map[string]bool{}
	for _, f := range facts {
		for _, t := range topicsOf(f) {
			covered[t] = true
		}
	}
	out := facts[:0:0]
	for _, f := range facts {
		if f.Kind == audit.FactGap && f.Gap != nil && covered[f.Gap.Topic] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// topicsOf names the gap topics a fact answers.
func topicsOf(f audit.Fact) []string {
	switch {
	case f.Account != nil:
		a := f.Account
		var t []string
		if a.SignInKnown {
			t = append(t, "accounts.sign_in")
		}
		if a.MFARegistered != nil || a.MFACapable != nil || a.MFAEnforced != nil {
			t = append(t, "accounts.mfa")
		}
		if len(a.AdminRoles) > 0 {
			t = append(t, "accounts.roles")
		}
		return t
	case f.Setting != nil && f.Setting.Name == "mfa.tenant_enforced":
		return []string{"accounts.mfa"}
	}
	return nil
}
