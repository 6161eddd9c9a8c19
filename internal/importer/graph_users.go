package importer

import (
	"encoding/json"
	"strings"
	"time"

	"triage/internal/audit"
)

// Graph users and the MFA registration report.

const (
	graphNoSignIn = "signInActivity is missing: it needs an Entra ID P1 licence and AuditLog.Read.All"
	graphSelect   = "$select=id,userPrincipalName,displayName,mail,accountEnabled,userType,createdDateTime,onPremisesSamAccountName,assignedLicenses,signInActivity"
)

// graphUser holds the user fields Triage keeps. Pointers and raw values
// tell a field left out of the export from one that is empty.
type graphUser struct {
	ID                       string          `json:"id"`
	UserPrincipalName        string          `json:"userPrincipalName"`
	Mail                     string          `json:"mail"`
	DisplayName              string          `json:"displayName"`
	AccountEnabled           *bool           `json:"accountEnabled"`
	UserType                 string          `json:"userType"`
	CreatedDateTime          *string         `json:"createdDateTime"`
	OnPremisesSamAccountName string          `json:"onPremisesSamAccountName"`
	AssignedLicenses         *[]graphLicence `json:"assignedLicenses"`
	SignInActivity           json.RawMessage `json:"signInActivity"`
}

type graphLicence struct {
	SkuID string `json:"skuId"`
}

type graphSignIns struct {
	LastSignInDateTime               *string `json:"lastSignInDateTime"`
	LastNonInteractiveSignInDateTime *string `json:"lastNonInteractiveSignInDateTime"`
	LastSuccessfulSignInDateTime     *string `json:"lastSuccessfulSignInDateTime"`
}

func (g *graphImport) userPage(p graphPage) error {
	g.usersSeen = true
	if p.nextLink {
		g.addGap(p.list, "accounts", "the Graph user list is only the first page (it ends with @odata.nextLink); save every page, or use a script that follows nextLink")
	}
	for _, v := range p.items {
		f, err := g.user(v)
		if err != nil {
			return err
		}
		g.users = append(g.users, f)
	}
	return nil
}

func (g *graphImport) user(v msValue) (audit.Fact, error) {
	var u graphUser
	if err := g.doc.decode(v, &u); err != nil {
		return audit.Fact{}, err
	}
	if strings.TrimSpace(u.UserPrincipalName) == "" {
		return audit.Fact{}, g.doc.valueError(v, "userPrincipalName is missing; export users with %s", graphSelect)
	}
	// Graph's default user list leaves accountEnabled out, and without it
	// a leaver's live account cannot be told from a disabled one.
	if u.AccountEnabled == nil {
		return audit.Fact{}, g.doc.valueError(v, "accountEnabled is missing; Graph leaves it out unless asked, so export users with %s", graphSelect)
	}
	created, err := g.doc.msTimeField(v, "createdDateTime", u.CreatedDateTime)
	if err != nil {
		return audit.Fact{}, err
	}
	a := &audit.Account{
		System:      "entra",
		ID:          u.UserPrincipalName,
		ObjectID:    strings.TrimSpace(u.ID),
		UPN:         u.UserPrincipalName,
		Email:       u.Mail,
		SAM:         u.OnPremisesSamAccountName,
		DisplayName: u.DisplayName,
		Kind:        entraKind(u.UserPrincipalName, u.UserType),
		Enabled:     *u.AccountEnabled,
		Created:     created,
	}
	if u.AssignedLicenses != nil {
		a.Licensed = new(len(*u.AssignedLicenses) > 0)
	}
	if u.SignInActivity != nil {
		g.signInsListed = true
		if a.LastSignIn, err = g.lastSignIn(v, u.SignInActivity); err != nil {
			return audit.Fact{}, err
		}
	}
	return audit.Fact{Kind: audit.FactAccount, Source: g.source(v), Account: a}, nil
}

// lastSignIn picks the last successful sign-in: lastSuccessfulSignInDateTime
// when Graph has it (only since December 2023), else the later of the
// interactive and non-interactive times, which may also count failed
// attempts but are the best the tenant recorded.
func (g *graphImport) lastSignIn(v msValue, raw json.RawMessage) (*time.Time, error) {
	var s *graphSignIns
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, g.doc.valueError(v, "signInActivity must be an object with lastSignInDateTime and the other sign-in times")
	}
	if s == nil {
		return nil, nil
	}
	ok, err := g.doc.msTimeField(v, "signInActivity.lastSuccessfulSignInDateTime", s.LastSuccessfulSignInDateTime)
	if err != nil || ok != nil {
		return ok, err
	}
	inter, err := g.doc.msTimeField(v, "signInActivity.lastSignInDateTime", s.LastSignInDateTime)
	if err != nil {
		return nil, err
	}
	nonInter, err := g.doc.msTimeField(v, "signInActivity.lastNonInteractiveSignInDateTime", s.LastNonInteractiveSignInDateTime)
	if err != nil {
		return nil, err
	}
	if inter == nil || (nonInter != nil && nonInter.After(*inter)) {
		return nonInter, nil
	}
	return inter, nil
}

// graphRegistration is one row of userRegistrationDetails.
type graphRegistration struct {
	ID                string   `json:"id"`
	UserPrincipalName string   `json:"userPrincipalName"`
	UserDisplayName   string   `json:"userDisplayName"`
	UserType          string   `json:"userType"`
	IsAdmin           *bool    `json:"isAdmin"`
	IsMfaRegistered   *bool    `json:"isMfaRegistered"`
	IsMfaCapable      *bool    `json:"isMfaCapable"`
	MethodsRegistered []string `json:"methodsRegistered"`
}

// unnamedAdminRole stands for the admin role the registration report's
// isAdmin flag reports without naming it, so that admin MFA can be judged
// from this report alone. A role report names the roles.
const unnamedAdminRole = audit.UnnamedAdminRole

func (g *graphImport) registrationPage(p graphPage) error {
	if p.nextLink {
		g.addGap(p.list, "accounts.mfa", "the MFA registration report is only the first page (it ends with @odata.nextLink); save every page")
	}
	for _, v := range p.items {
		var r graphRegistration
		if err := g.doc.decode(v, &r); err != nil {
			return err
		}
		id := strings.TrimSpace(r.UserPrincipalName)
		if id == "" {
			id = strings.TrimSpace(r.ID)
		}
		if id == "" {
			return g.doc.valueError(v, "userPrincipalName and id are both missing; every row of the registration report names its user")
		}
		a := &audit.Account{
			System:        "entra",
			ID:            id,
			UPN:           strings.TrimSpace(r.UserPrincipalName),
			DisplayName:   r.UserDisplayName,
			ObjectID:      strings.TrimSpace(r.ID),
			Kind:          entraKind(r.UserPrincipalName, r.UserType),
			Partial:       true, // the report does not say whether the account is enabled
			MFARegistered: r.IsMfaRegistered,
			MFACapable:    r.IsMfaCapable,
			MFAMethods:    nonEmpty(r.MethodsRegistered),
		}
		if r.IsAdmin != nil && *r.IsAdmin {
			a.AdminRoles = []string{unnamedAdminRole}
		}
		g.facts = append(g.facts, audit.Fact{Kind: audit.FactAccount, Source: g.source(v), Account: a})
	}
	return nil
}

// nonEmpty drops blank entries; nil when none are left.
func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
