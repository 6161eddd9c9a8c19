package importer

import (
	"strings"

	"triage/internal/audit"
)

// Admin roles from Graph: directoryRoles with their members expanded, and
// roleManagement/directory/roleAssignments. Both become partial accounts
// holding only AdminRoles.

// entraRoleNames names the built-in Entra ID roles by their fixed template
// id, for role assignments that give only roleDefinitionId. Only ids that
// are the same in every tenant are listed; others are shown as the id.
var entraRoleNames = map[string]string{
	"62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
	"e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
	"7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
	"194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
	"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
	"c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
	"fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
	"729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
	"966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
	"29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
	"f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
	"69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
	"3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
	"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
	"158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
	"8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2": "Hybrid Identity Administrator",
	"17315797-102d-40b4-93e0-432062caca18": "Compliance Administrator",
	"b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
	"f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
	"5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
	"d29b2b05-8046-44ba-8758-1e26182fcf32": "Directory Synchronization Accounts",
}

// entraRoleName names a role from its template or definition id.
func entraRoleName(id string) string {
	if n, ok := entraRoleNames[strings.ToLower(strings.TrimSpace(id))]; ok {
		return n
	}
	return strings.TrimSpace(id)
}

// graphPrincipal is a role member or an expanded assignment principal.
type graphPrincipal struct {
	ODataType         string `json:"@odata.type"`
	ID                string `json:"id"`
	UserPrincipalName string `json:"userPrincipalName"`
	DisplayName       string `json:"displayName"`
	AccountEnabled    *bool  `json:"accountEnabled"`
}

// principalType is "user", "group", "servicePrincipal" or "" (not said).
func (p graphPrincipal) principalType() string {
	t := strings.TrimPrefix(strings.TrimPrefix(p.ODataType, "#"), "microsoft.graph.")
	switch strings.ToLower(t) {
	case "user":
		return "user"
	case "group":
		return "group"
	case "serviceprincipal":
		return "servicePrincipal"
	}
	return ""
}

// roleHolders gathers each principal's roles across a file, in the order
// principals are first seen.
type roleHolders struct {
	order []string
	byID  map[string]*audit.Fact
}

func newRoleHolders() *roleHolders {
	return &roleHolders{byID: map[string]*audit.Fact{}}
}

// add records that principal p (seen at src) holds role.
func (h *roleHolders) add(p graphPrincipal, fallbackID, role string, src audit.Source) {
	id := strings.TrimSpace(p.UserPrincipalName)
	if id == "" {
		id = strings.TrimSpace(p.ID)
	}
	if id == "" {
		id = strings.TrimSpace(fallbackID)
	}
	key := strings.ToLower(id)
	f, ok := h.byID[key]
	if !ok {
		kind := audit.AccountMember
		if p.principalType() == "servicePrincipal" {
			kind = audit.AccountService
		} else if p.UserPrincipalName != "" {
			kind = entraKind(p.UserPrincipalName, "")
		}
		enabled := true
		if p.AccountEnabled != nil {
			enabled = *p.AccountEnabled
		}
		f = &audit.Fact{Kind: audit.FactAccount, Source: src, Account: &audit.Account{
			System:      "entra",
			ID:          id,
			ObjectID:    strings.TrimSpace(p.ID),
			UPN:         strings.TrimSpace(p.UserPrincipalName),
			DisplayName: p.DisplayName,
			Kind:        kind,
			Enabled:     enabled,
			// Without the expanded principal's accountEnabled the export
			// cannot say whether the account is enabled: merge it into
			// the user list instead of judging it alone.
			Partial: p.AccountEnabled == nil,
		}}
		h.byID[key] = f
		h.order = append(h.order, key)
	}
	if !containsFoldMS(f.Account.AdminRoles, role) {
		f.Account.AdminRoles = append(f.Account.AdminRoles, role)
	}
}

func (h *roleHolders) facts() []audit.Fact {
	out := make([]audit.Fact, 0, len(h.order))
	for _, k := range h.order {
		out = append(out, *h.byID[k])
	}
	return out
}

func containsFoldMS(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// groupRoleGap is recorded when a role is held through a group: its
// members are not in the file, so the holders are not all known.
func groupRoleGap(role string) string {
	return "the " + role + " role is assigned to a group whose members are not in the export; list the group's members too"
}

type graphDirectoryRole struct {
	ID             string `json:"id"`
	DisplayName    string `json:"displayName"`
	RoleTemplateID string `json:"roleTemplateId"`
}

func (g *graphImport) directoryRolePage(p graphPage) error {
	if p.nextLink {
		g.addGap(p.list, "accounts.roles", "the directory role list is only the first page (it ends with @odata.nextLink); save every page")
	}
	for _, v := range p.items {
		var r graphDirectoryRole
		if err := g.doc.decode(v, &r); err != nil {
			return err
		}
		role := strings.TrimSpace(r.DisplayName)
		if role == "" {
			role = entraRoleName(r.RoleTemplateID)
		}
		if role == "" {
			return g.doc.valueError(v, "the role has neither displayName nor roleTemplateId")
		}
		members, ok := v.member("members")
		if !ok {
			g.addGap(v, "accounts.roles", "the directory roles were saved without their members; list them with GET /directoryRoles?$expand=members")
			continue
		}
		if err := g.roleMembers(members, role); err != nil {
			return err
		}
	}
	return nil
}

func (g *graphImport) roleMembers(members msValue, role string) error {
	if members.isNull() {
		return nil
	}
	if members.kind() != '[' {
		return g.doc.valueError(members, "members must be a list")
	}
	for _, m := range members.elements() {
		var p graphPrincipal
		if err := g.doc.decode(m, &p); err != nil {
			return err
		}
		if p.principalType() == "group" {
			g.addGap(m, "accounts.roles", groupRoleGap(role))
			continue
		}
		if p.ID == "" && p.UserPrincipalName == "" {
			return g.doc.valueError(m, "the member has neither id nor userPrincipalName")
		}
		g.roles.add(p, "", role, g.source(m))
	}
	return nil
}

type graphRoleAssignment struct {
	ID               string          `json:"id"`
	PrincipalID      string          `json:"principalId"`
	RoleDefinitionID string          `json:"roleDefinitionId"`
	DirectoryScopeID string          `json:"directoryScopeId"`
	Principal        *graphPrincipal `json:"principal"`
	RoleDefinition   *struct {
		DisplayName string `json:"displayName"`
		TemplateID  string `json:"templateId"`
	} `json:"roleDefinition"`
}

// roleAssignmentPage reads unifiedRoleAssignment items. Without
// $expand=principal an assignment gives only the principal's object id,
// which then serves as the account id; matching it to a user needs the
// user list's id, which Triage does not join on, so expanding is better.
func (g *graphImport) roleAssignmentPage(p graphPage) error {
	if p.nextLink {
		g.addGap(p.list, "accounts.roles", "the role assignment list is only the first page (it ends with @odata.nextLink); save every page")
	}
	for _, v := range p.items {
		var ra graphRoleAssignment
		if err := g.doc.decode(v, &ra); err != nil {
			return err
		}
		if strings.TrimSpace(ra.PrincipalID) == "" || strings.TrimSpace(ra.RoleDefinitionID) == "" {
			return g.doc.valueError(v, "principalId and roleDefinitionId are required in a role assignment")
		}
		role := entraRoleName(ra.RoleDefinitionID)
		if ra.RoleDefinition != nil && strings.TrimSpace(ra.RoleDefinition.DisplayName) != "" {
			role = strings.TrimSpace(ra.RoleDefinition.DisplayName)
		}
		var pr graphPrincipal
		if ra.Principal != nil {
			pr = *ra.Principal
		}
		if pr.principalType() == "group" {
			g.addGap(v, "accounts.roles", groupRoleGap(role))
			continue
		}
		g.roles.add(pr, ra.PrincipalID, role, g.source(v))
	}
	return nil
}
