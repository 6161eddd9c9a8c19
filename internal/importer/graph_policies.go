package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"triage/internal/audit"
)

// Tenant policies from Graph (and from ScubaGear, which saves the same
// objects in PascalCase): Conditional Access, security defaults and the
// authorization policy's user consent rule.

// breakGlassMax is how many excluded accounts a tenant-wide policy may
// have and still count as covering everyone: Microsoft advises keeping one
// or two emergency-access accounts outside Conditional Access.
const breakGlassMax = 2

type caPolicy struct {
	ID            string        `json:"id"`
	DisplayName   string        `json:"displayName"`
	State         string        `json:"state"`
	Conditions    *caConditions `json:"conditions"`
	GrantControls *caGrant      `json:"grantControls"`
}

type caConditions struct {
	Users                      *caUsers        `json:"users"`
	Applications               *caApps         `json:"applications"`
	ClientAppTypes             []string        `json:"clientAppTypes"`
	UserRiskLevels             []string        `json:"userRiskLevels"`
	SignInRiskLevels           []string        `json:"signInRiskLevels"`
	ServicePrincipalRiskLevels []string        `json:"servicePrincipalRiskLevels"`
	InsiderRiskLevels          json.RawMessage `json:"insiderRiskLevels"`
	Platforms                  *struct {
		IncludePlatforms []string `json:"includePlatforms"`
		ExcludePlatforms []string `json:"excludePlatforms"`
	} `json:"platforms"`
	Locations *struct {
		IncludeLocations []string `json:"includeLocations"`
		ExcludeLocations []string `json:"excludeLocations"`
	} `json:"locations"`
	Devices *struct {
		IncludeDevices []string        `json:"includeDevices"`
		ExcludeDevices []string        `json:"excludeDevices"`
		DeviceFilter   json.RawMessage `json:"deviceFilter"`
	} `json:"devices"`
	DeviceStates        json.RawMessage `json:"deviceStates"`
	AuthenticationFlows json.RawMessage `json:"authenticationFlows"`
	ClientApplications  json.RawMessage `json:"clientApplications"`
	Times               json.RawMessage `json:"times"`
}

type caUsers struct {
	IncludeUsers                 []string        `json:"includeUsers"`
	ExcludeUsers                 []string        `json:"excludeUsers"`
	IncludeGroups                []string        `json:"includeGroups"`
	ExcludeGroups                []string        `json:"excludeGroups"`
	IncludeRoles                 []string        `json:"includeRoles"`
	ExcludeRoles                 []string        `json:"excludeRoles"`
	ExcludeGuestsOrExternalUsers json.RawMessage `json:"excludeGuestsOrExternalUsers"`
}

type caApps struct {
	IncludeApplications []string `json:"includeApplications"`
	ExcludeApplications []string `json:"excludeApplications"`
}

type caGrant struct {
	Operator               string                  `json:"operator"`
	BuiltInControls        []string                `json:"builtInControls"`
	AuthenticationStrength *caAuthenticationStrong `json:"authenticationStrength"`
}

type caAuthenticationStrong struct {
	DisplayName         string   `json:"displayName"`
	AllowedCombinations []string `json:"allowedCombinations"`
}

// caPolicyAt is a policy and where it is in the file.
type caPolicyAt struct {
	p caPolicy
	v msValue
}

// present reports whether a raw JSON member holds something other than
// null, an empty string, object or list.
func present(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	switch s {
	case "", "null", `""`, "{}", "[]":
		return false
	}
	return true
}

func hasFold(list []string, want string) bool {
	for _, s := range list {
		if strings.EqualFold(strings.TrimSpace(s), want) {
			return true
		}
	}
	return false
}

// notEnforced says why a policy is not in force, or "" when it is.
func (p caPolicy) notEnforced() string {
	switch strings.ToLower(p.State) {
	case "enabled":
		return ""
	case "enabledforreportingbutnotenforced":
		return "is report-only"
	}
	return "is switched off"
}

// notAllUsers says why a policy does not cover every user, or "".
func (p caPolicy) notAllUsers() string {
	if p.Conditions == nil || p.Conditions.Users == nil || !hasFold(p.Conditions.Users.IncludeUsers, "All") {
		return "does not include all users"
	}
	u := p.Conditions.Users
	switch {
	case len(u.ExcludeUsers) > breakGlassMax:
		return fmt.Sprintf("excludes %d users (more than the %d emergency accounts allowed)", len(u.ExcludeUsers), breakGlassMax)
	case len(u.ExcludeGroups) > 0:
		return "excludes groups, whose members are not known"
	case len(u.ExcludeRoles) > 0:
		return "excludes admin roles"
	case present(u.ExcludeGuestsOrExternalUsers):
		return "excludes guests"
	}
	return ""
}

// notAllApps says why a policy does not cover every app, or "".
func (p caPolicy) notAllApps() string {
	if p.Conditions == nil || p.Conditions.Applications == nil || !hasFold(p.Conditions.Applications.IncludeApplications, "All") {
		return "does not cover all apps"
	}
	if len(p.Conditions.Applications.ExcludeApplications) > 0 {
		return "excludes some apps"
	}
	return ""
}

// narrowedBy names a condition that limits a policy to some sign-ins (a
// risk level, a platform, a location, a device filter), or "".
func (p caPolicy) narrowedBy() string {
	c := p.Conditions
	if c == nil {
		return ""
	}
	switch {
	case len(c.UserRiskLevels) > 0 || len(c.SignInRiskLevels) > 0 || len(c.ServicePrincipalRiskLevels) > 0 || present(c.InsiderRiskLevels):
		return "applies only to risky sign-ins"
	case c.Platforms != nil && (!hasFold(c.Platforms.IncludePlatforms, "all") || len(c.Platforms.ExcludePlatforms) > 0) && (len(c.Platforms.IncludePlatforms) > 0 || len(c.Platforms.ExcludePlatforms) > 0):
		return "applies only to some device platforms"
	case c.Locations != nil && (!hasFold(c.Locations.IncludeLocations, "All") || len(c.Locations.ExcludeLocations) > 0) && (len(c.Locations.IncludeLocations) > 0 || len(c.Locations.ExcludeLocations) > 0):
		return "applies only in some locations"
	case c.Devices != nil && (len(c.Devices.IncludeDevices) > 0 || len(c.Devices.ExcludeDevices) > 0 || present(c.Devices.DeviceFilter)):
		return "applies only to some devices"
	case present(c.DeviceStates):
		return "applies only to some devices"
	case present(c.AuthenticationFlows):
		return "applies only to some sign-in flows"
	case present(c.ClientApplications):
		return "applies to apps' own sign-ins, not users"
	case present(c.Times):
		return "applies only at some times"
	}
	return ""
}

// clientApps reports whether the policy covers these client types.
func (p caPolicy) clientApps(types ...string) bool {
	var have []string
	if p.Conditions != nil {
		have = p.Conditions.ClientAppTypes
	}
	if len(have) == 0 || hasFold(have, "all") {
		return true
	}
	for _, t := range types {
		if !hasFold(have, t) {
			return false
		}
	}
	return true
}

// asksMFA reports whether the grant includes MFA (the mfa control or an
// authentication strength), and whether MFA is then unavoidable: with OR,
// another control such as a compliant device would do instead.
func (p caPolicy) asksMFA() (asks, required bool) {
	g := p.GrantControls
	if g == nil {
		return false, false
	}
	controls := len(g.BuiltInControls)
	if g.AuthenticationStrength != nil {
		controls++
	}
	asks = hasFold(g.BuiltInControls, "mfa") || g.AuthenticationStrength != nil
	return asks, asks && (controls == 1 || strings.EqualFold(g.Operator, "AND"))
}

// phishingResistantOnly reports whether the policy's authentication
// strength allows only methods that resist phishing.
func (p caPolicy) phishingResistantOnly() bool {
	g := p.GrantControls
	if g == nil || g.AuthenticationStrength == nil || len(g.AuthenticationStrength.AllowedCombinations) == 0 {
		return false
	}
	for _, c := range g.AuthenticationStrength.AllowedCombinations {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "windowshelloforbusiness", "fido2", "x509certificatemultifactor":
		default:
			return false
		}
	}
	return true
}

func (p caPolicy) blocks() bool {
	return p.GrantControls != nil && hasFold(p.GrantControls.BuiltInControls, "block")
}

// scopeProblem is the first reason the policy does not apply to every
// sign-in of every user to every app, or "".
func (p caPolicy) scopeProblem() string {
	for _, why := range []string{p.notEnforced(), p.notAllUsers(), p.notAllApps(), p.narrowedBy()} {
		if why != "" {
			return why
		}
	}
	return ""
}

// mfaProblem says why a policy that asks for MFA does not enforce it for
// everyone, "" when it does, and "-" when it does not ask for MFA at all.
func (p caPolicy) mfaProblem() string {
	asks, required := p.asksMFA()
	switch {
	case !asks:
		return "-"
	case !required:
		return "lets users pass with another control instead of MFA"
	case !p.clientApps("browser", "mobileAppsAndDesktopClients"):
		return "does not cover browsers and modern apps"
	}
	return p.scopeProblem()
}

// legacyProblem does the same for blocking legacy authentication.
func (p caPolicy) legacyProblem() string {
	if !p.blocks() {
		return "-"
	}
	if !p.clientApps("exchangeActiveSync", "other") {
		return "-" // blocks something else, such as risky sign-ins
	}
	return p.scopeProblem()
}

func (p caPolicy) name() string {
	if n := strings.TrimSpace(p.DisplayName); n != "" {
		return n
	}
	return p.ID
}

// caSettings judges a tenant's Conditional Access policies: MFA is
// enforced when an enabled policy requires it of all users for all apps
// (up to breakGlassMax excluded accounts), and legacy authentication is
// blocked when an enabled policy blocks Exchange ActiveSync and other
// clients for all users. With policies but none that does, the setting is
// false and says which came close. A partial list (more pages not saved)
// can still prove a setting true but not false.
func caSettings(policies []caPolicyAt, list msValue, partial bool, src func(msValue) audit.Source, note string) []audit.Fact {
	var out []audit.Fact
	for _, s := range []struct {
		name, does string
		problem    func(caPolicy) string
	}{
		{"mfa.tenant_enforced", "requires MFA for all users and all apps", caPolicy.mfaProblem},
		{"legacy_auth.blocked", "blocks legacy authentication (Exchange ActiveSync and other old clients) for all users", caPolicy.legacyProblem},
	} {
		var near []string
		found := false
		for _, pa := range policies {
			why := s.problem(pa.p)
			if why == "" {
				text := fmt.Sprintf("Conditional Access policy %q %s", pa.p.name(), s.does)
				if s.name == "mfa.tenant_enforced" {
					text += mfaDetail(pa.p) + note
				}
				out = append(out, settingFact(src(pa.v), s.name, true, text))
				found = true
				break
			}
			if why != "-" && len(near) < 3 {
				near = append(near, fmt.Sprintf("%q %s", pa.p.name(), why))
			}
		}
		if found || partial || len(policies) == 0 {
			continue
		}
		text := fmt.Sprintf("none of the %d Conditional Access policies %s", len(policies), s.does)
		if len(near) > 0 {
			text += "; closest: " + strings.Join(near, "; ")
		}
		out = append(out, settingFact(src(list), s.name, false, text))
	}
	return out
}

// mfaDetail notes a phishing-resistant strength and excluded accounts.
func mfaDetail(p caPolicy) string {
	var d string
	if p.phishingResistantOnly() {
		d += " with a phishing-resistant authentication strength"
	}
	if p.Conditions != nil && p.Conditions.Users != nil {
		if n := len(p.Conditions.Users.ExcludeUsers); n > 0 {
			d += fmt.Sprintf("; it excludes %d account(s), as for emergency access", n)
		}
	}
	return d
}

func settingFact(src audit.Source, name string, v bool, text string) audit.Fact {
	return audit.Fact{Kind: audit.FactSetting, Source: src, Setting: &audit.Setting{System: "entra", Name: name, Bool: new(v), Text: text}}
}

func (g *graphImport) policyPage(p graphPage) error {
	if !g.policiesSeen {
		g.policiesList = p.list
	}
	g.policiesSeen = true
	g.policiesPartial = g.policiesPartial || p.nextLink
	for _, v := range p.items {
		var cp caPolicy
		if err := g.doc.decode(v, &cp); err != nil {
			return err
		}
		g.policies = append(g.policies, caPolicyAt{p: cp, v: v})
	}
	return nil
}

func (g *graphImport) policySettings() []audit.Fact {
	return caSettings(g.policies, g.policiesList, g.policiesPartial, g.source, "")
}

// securityDefaults are Entra's all-or-nothing baseline: on, they require
// MFA registration and challenge everyone and block legacy authentication.
type securityDefaults struct {
	IsEnabled *bool `json:"isEnabled"`
}

const securityDefaultsText = "security defaults are on: everyone must register for MFA and use it, and legacy authentication is blocked"

// securityDefaultsFacts gives both settings true when security defaults
// are on. Off says nothing: Conditional Access may do the same job.
func securityDefaultsFacts(sd securityDefaults, src audit.Source) []audit.Fact {
	if sd.IsEnabled == nil || !*sd.IsEnabled {
		return nil
	}
	return []audit.Fact{
		settingFact(src, "mfa.tenant_enforced", true, securityDefaultsText),
		settingFact(src, "legacy_auth.blocked", true, securityDefaultsText),
	}
}

func (g *graphImport) securityDefaultsPage(p graphPage) error {
	for _, v := range p.items {
		var sd securityDefaults
		if err := g.doc.decode(v, &sd); err != nil {
			return err
		}
		if sd.IsEnabled == nil {
			return g.doc.valueError(v, "isEnabled is missing from the security defaults policy")
		}
		g.facts = append(g.facts, securityDefaultsFacts(sd, g.source(v))...)
	}
	return nil
}

// authorizationPolicy holds the permission grant policies that say what
// users may consent to on their own. Older beta responses keep them under
// defaultUserRolePermissions.
type authorizationPolicy struct {
	Assigned                   *[]string `json:"permissionGrantPolicyIdsAssignedToDefaultUserRole"`
	DefaultUserRolePermissions *struct {
		Assigned *[]string `json:"permissionGrantPoliciesAssigned"`
	} `json:"defaultUserRolePermissions"`
}

func (a authorizationPolicy) grantPolicies() ([]string, bool) {
	if a.Assigned != nil {
		return *a.Assigned, true
	}
	if a.DefaultUserRolePermissions != nil && a.DefaultUserRolePermissions.Assigned != nil {
		return *a.DefaultUserRolePermissions.Assigned, true
	}
	return nil, false
}

// consentRestricted reads the grant policies: none for self-consent means
// only admins consent; Microsoft's "low" policy allows consent only to
// verified publishers' apps asking for low-risk permissions, which the
// setting counts as restricted; any other self-consent policy (the legacy
// default lets users consent to any app) does not.
func consentRestricted(policies []string) (bool, string) {
	var self []string
	for _, p := range policies {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), "managepermissiongrantsforself.") {
			self = append(self, strings.TrimSpace(p))
		}
	}
	if len(self) == 0 {
		return true, "users cannot consent to apps on their own; an admin must approve"
	}
	for _, p := range self {
		if !strings.EqualFold(p, "ManagePermissionGrantsForSelf.microsoft-user-default-low") {
			return false, "users can consent to apps on their own (" + p + ")"
		}
	}
	return true, "users can consent only to apps from verified publishers asking for low-risk permissions"
}

func consentFact(a authorizationPolicy, src audit.Source) []audit.Fact {
	policies, ok := a.grantPolicies()
	if !ok {
		return nil
	}
	v, text := consentRestricted(policies)
	return []audit.Fact{settingFact(src, "user_consent.restricted", v, text)}
}

func (g *graphImport) authorizationPage(p graphPage) error {
	for _, v := range p.items {
		var a authorizationPolicy
		if err := g.doc.decode(v, &a); err != nil {
			return err
		}
		g.facts = append(g.facts, consentFact(a, g.source(v))...)
	}
	return nil
}
