package check

import (
	"fmt"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Admin kinds: who holds the keys to the tenant, and whether they use them
// from an everyday account.

func init() {
	register(Kind{
		Name: "accounts.admin_mailbox",
		Doc:  "Cloud admin roles sit on dedicated admin accounts, not everyday accounts with a mailbox or licence.",
		Func: gapped(adminMailbox, "accounts", "accounts.roles"),
	})
	register(Kind{
		Name: "accounts.global_admins",
		Doc:  "The number of enabled holders of the top admin role is within bounds.",
		Params: []Param{
			{Name: "min", Type: Int, Required: true, Doc: "fewest holders (one spare for emergencies)"},
			{Name: "max", Type: Int, Required: true, Doc: "most holders"},
			{Name: "role", Type: String, Doc: `role name (default "Global Administrator")`},
		},
		Func: gappedStrict(globalAdmins, "accounts", "accounts.roles"),
	})
}

// isCloud reports whether the account lives in a cloud tenant; directory
// and local machine admins are judged by devices.local_admins instead.
func isCloud(a *audit.Account) bool {
	switch strings.ToLower(a.System) {
	case "ad", "local":
		return false
	}
	return true
}

// rolesKnown reports whether any export named admin roles. The
// unnamed-admin placeholder does not count: it says someone is an admin
// without saying of what, so a role count built on it would be a guess.
func rolesKnown(accounts []audit.Fact) bool {
	for _, f := range accounts {
		for _, r := range f.Account.AdminRoles {
			if r != audit.UnnamedAdminRole {
				return true
			}
		}
	}
	return false
}

const noRoles = "No account export lists admin roles; add the Entra ID role assignments or a Google Workspace export with the admin columns."

// ---- accounts.admin_mailbox

func adminMailbox(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	var subjects []audit.Subject
	admins, known := 0, 0
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || len(a.AdminRoles) == 0 || !isCloud(a) {
			continue
		}
		admins++
		if a.HasMailbox == nil && a.Licensed == nil {
			continue
		}
		known++
		var everyday []string
		if a.HasMailbox != nil && *a.HasMailbox {
			everyday = append(everyday, "a mailbox")
		}
		if a.Licensed != nil && *a.Licensed {
			everyday = append(everyday, "a licence")
		}
		if len(everyday) > 0 {
			subjects = append(subjects, subjectOf(a.ID, "account", "holds "+strings.Join(a.AdminRoles, ", ")+" and has "+strings.Join(everyday, " and "), f))
		}
	}
	switch {
	case admins == 0:
		return notChecked(noRoles)
	case known == 0:
		return notChecked(fmt.Sprintf("The exports do not say whether the %s %s a mailbox or licence; add the Microsoft 365 licence export.", words.Count(admins, "cloud admin account", "cloud admin accounts"), words.Pick(admins, "has", "have")))
	case len(subjects) > 0:
		return decided(audit.Warn, fmt.Sprintf("%d of %s %s an everyday account with a mailbox or licence.", len(subjects), words.Count(known, "cloud admin account", "cloud admin accounts"), words.Pick(len(subjects), "is", "are")), subjects)
	}
	reason := "No cloud admin account has a mailbox or licence" + checked(known, "account", "accounts")
	if known < admins {
		reason = strings.TrimSuffix(reason, ")") + fmt.Sprintf("; %d unknown)", admins-known)
	}
	return decided(audit.Pass, reason+".", nil)
}

// ---- accounts.global_admins

// roleAliases are other names exports use for the Global Administrator
// role: its old name and its fixed template id.
var roleAliases = map[string][]string{
	"global administrator": {"company administrator", "62e90394-69f5-4237-9190-012177145e10"},
}

func holdsRole(a *audit.Account, role string) bool {
	names := append([]string{role}, roleAliases[strings.ToLower(role)]...)
	for _, r := range a.AdminRoles {
		if containsFold(names, r) {
			return true
		}
	}
	return false
}

func globalAdmins(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	if !rolesKnown(accounts) {
		return notChecked(noRoles)
	}
	role := in.Params.String("role", "Global Administrator")
	lo, hi := in.Params.Int("min", 2), in.Params.Int("max", 4)
	var holders []audit.Subject
	for _, f := range accounts {
		if a := f.Account; a.Enabled && holdsRole(a, role) {
			holders = append(holders, subjectOf(a.ID, "account", "enabled "+role+" in "+a.System, f))
		}
	}
	n := len(holders)
	held := fmt.Sprintf("%s %s the %s role", words.Count(n, "enabled account", "enabled accounts"), words.Pick(n, "holds", "hold"), role)
	switch {
	case n == 0:
		return decided(audit.Warn, fmt.Sprintf("No enabled account holds the %s role; keep at least %d so one can recover the other.", role, lo), nil)
	case n < lo:
		// Too few is a risk of lock-out, not of misuse: warn, and list
		// who holds it so the spare can be added.
		return decided(audit.Warn, fmt.Sprintf("Only %s; keep at least %d so one can recover the other.", held, lo), holders)
	case n > hi:
		return decided(audit.Warn, fmt.Sprintf("%s; keep it to at most %d.", capitalise(held), hi), holders)
	}
	return decided(audit.Pass, fmt.Sprintf("%s, within the %d to %d wanted.", capitalise(held), lo, hi), nil)
}
