package engine

import (
	"strings"
	"time"

	"triage/internal/audit"
)

// MergeAccounts folds partial account facts (MFA registration, role
// assignments, sign-in log aggregates) into the full account with the same
// system and id or object id, so each account is judged once with all that
// is known of it. Partial facts that match no full account are dropped: they
// cannot say whether the account is enabled, and guessing would be worse than
// leaving it out. The order of the other facts is kept.
func MergeAccounts(facts []audit.Fact) (merged []audit.Fact, unmatched int) {
	index := map[string]int{}
	for i, f := range facts {
		if f.Kind == audit.FactAccount && f.Account != nil && !f.Account.Partial {
			index[accountKey(f.Account.System, f.Account.ID)] = i
			if f.Account.ObjectID != "" {
				index[accountKey(f.Account.System, f.Account.ObjectID)] = i
			}
		}
	}
	out := make([]audit.Fact, len(facts))
	copy(out, facts)
	for i := range out {
		if out[i].Kind == audit.FactAccount && out[i].Account != nil && !out[i].Account.Partial {
			a := *out[i].Account // copy, so the caller's facts are not changed
			out[i].Account = &a
		}
	}
	keep := out[:0:0]
	for _, f := range out {
		if f.Kind != audit.FactAccount || f.Account == nil || !f.Account.Partial {
			keep = append(keep, f)
			continue
		}
		p := f.Account
		j, ok := index[accountKey(p.System, p.ID)]
		if !ok && p.ObjectID != "" {
			j, ok = index[accountKey(p.System, p.ObjectID)]
		}
		if !ok {
			unmatched++
			continue
		}
		mergeInto(out[j].Account, p)
	}
	return keep, unmatched
}

func accountKey(system, id string) string {
	return strings.ToLower(system) + "\x00" + strings.ToLower(strings.TrimSpace(id))
}

// mergeInto fills what the full account lacks from a partial one. Counts take
// the larger value, sign-ins the later time, roles the union.
func mergeInto(a, p *audit.Account) {
	fillString(&a.UPN, p.UPN)
	fillString(&a.Email, p.Email)
	fillString(&a.SAM, p.SAM)
	fillString(&a.DisplayName, p.DisplayName)
	fillString(&a.ObjectID, p.ObjectID)
	fillBool(&a.MFARegistered, p.MFARegistered)
	fillBool(&a.MFACapable, p.MFACapable)
	fillBool(&a.MFAEnforced, p.MFAEnforced)
	fillBool(&a.HasMailbox, p.HasMailbox)
	fillBool(&a.Licensed, p.Licensed)
	if len(a.MFAMethods) == 0 {
		a.MFAMethods = p.MFAMethods
	}
	a.AdminRoles = unionSorted(a.AdminRoles, p.AdminRoles)
	if p.SignInKnown {
		if !a.SignInKnown || later(p.LastSignIn, a.LastSignIn) {
			a.LastSignIn = p.LastSignIn
		}
		a.SignInKnown = true
	}
	a.LegacyAuthSignIns = max(a.LegacyAuthSignIns, p.LegacyAuthSignIns)
	a.SingleFactorSignIns = max(a.SingleFactorSignIns, p.SingleFactorSignIns)
	a.MaxDevicesPerDay = max(a.MaxDevicesPerDay, p.MaxDevicesPerDay)
	a.Shared = a.Shared || p.Shared
	fillString(&a.Vendor, p.Vendor)
}

func fillString(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func fillBool(dst **bool, v *bool) {
	if *dst == nil && v != nil {
		b := *v
		*dst = &b
	}
}

// later reports whether a is a later sign-in than b (nil means never).
func later(a, b *time.Time) bool {
	return a != nil && (b == nil || a.After(*b))
}

func unionSorted(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	return union(append([]string(nil), a...), b)
}
