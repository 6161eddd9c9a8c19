package engine

import (
	"triage/internal/audit"
	"triage/internal/check"
)

// Identity joins enabled personal accounts to the staff list and lists the
// ones that match nobody. Shared mailboxes, service accounts and disabled
// accounts are left out: they are not meant to belong to one person. It is
// nil when there is no staff list or no account to join.
func Identity(staff []audit.Person, facts []audit.Fact) *audit.IdentityJoin {
	var accounts []audit.Fact
	for _, f := range facts {
		if a := f.Account; a != nil && !a.Partial && a.Enabled && (a.Kind == audit.AccountMember || a.Kind == audit.AccountGuest) {
			accounts = append(accounts, f)
		}
	}
	if len(staff) == 0 || len(accounts) == 0 {
		return nil
	}
	_, unmatched := check.JoinAccounts(staff, accounts)
	j := &audit.IdentityJoin{People: len(staff), Accounts: len(accounts), Matched: len(accounts) - len(unmatched), Unmatched: []audit.Subject{}}
	for _, f := range unmatched {
		src := f.Source
		a := f.Account
		detail := "enabled " + a.Kind + " account in " + a.System + " that matches no one in practice.yaml"
		if a.DisplayName != "" {
			detail += " (" + a.DisplayName + ")"
		}
		j.Unmatched = append(j.Unmatched, audit.Subject{ID: a.ID, Kind: "account", Detail: detail, Source: &src})
	}
	sortSubjects(j.Unmatched)
	return j
}
