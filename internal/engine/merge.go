package engine

import (
	"strings"
	"time"

	"triage/internal/audit"
)

// MergeAccounts folds every account fact into one per system and id (or
// object id), so each account is judged once with all that is known of it:
// a user list and a sign-in export of the same tenant, or partial facts (MFA
// registration, role assignments, sign-in log aggregates). The first full
// fact of an account is its base and keeps its provenance; later ones only
// fill what it lacks. Partial facts that match no full account are dropped:
// they cannot say whether the account is enabled, and guessing would be
// worse than leaving it out. The order of the other facts is kept.
func MergeAccounts(facts []audit.Fact) (merged []audit.Fact, unmatched int) {
	out := make([]audit.Fact, 0, len(facts))
	index := map[string]*audit.Account{}
	var partials []*audit.Account
	for _, f := range facts {
		if f.Kind != audit.FactAccount || f.Account == nil {
			out = append(out, f)
			continue
		}
		if f.Account.Partial {
			partials = append(partials, f.Account)
			continue
		}
		if base := lookup(index, f.Account); base != nil {
			mergeInto(base, f.Account)
			continue
		}
		a := *f.Account // copy, so the caller's facts are not changed
		f.Account = &a
		index[accountKey(a.System, a.ID)] = &a
		if a.ObjectID != "" {
			index[accountKey(a.System, a.ObjectID)] = &a
		}
		out = append(out, f)
	}
	for _, p := range partials {
		base := lookup(index, p)
		if base == nil {
			unmatched++
			continue
		}
		mergeInto(base, p)
	}
	return out, unmatched
}

func lookup(index map[string]*audit.Account, a *audit.Account) *audit.Account {
	if b := index[accountKey(a.System, a.ID)]; b != nil {
		return b
	}
	if a.ObjectID != "" {
		return index[accountKey(a.System, a.ObjectID)]
	}
	return nil
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
	a.AdminRoles = namedRoles(unionSorted(a.AdminRoles, p.AdminRoles))
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

// namedRoles drops the unnamed-admin placeholder once a source has named
// the account's actual roles.
func namedRoles(roles []string) []string {
	if len(roles) < 2 {
		return roles
	}
	out := roles[:0:0]
	for _, r := range roles {
		if r != audit.UnnamedAdminRole {
			out = append(out, r)
		}
	}
	return out
}

func unionSorted(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	return union(append([]string(nil), a...), b)
}
