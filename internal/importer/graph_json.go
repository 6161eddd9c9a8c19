package importer

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"triage/internal/audit"
)

// GraphJSON reads Microsoft Graph responses saved from Graph Explorer or a
// script: one response {"@odata.context": ..., "value": [...],
// "@odata.nextLink": ...}, a bare list of items, a list of such responses
// (one per page), or a single object (security defaults, the authorization
// policy). Keys may be camelCase (Graph) or PascalCase (the Graph
// PowerShell SDK through ConvertTo-Json).
//
// The resource is known from @odata.context when present, else from the
// fields of the first item. Resources read:
//   - users: accounts with sign-in activity where it was exported;
//   - reports/authenticationMethods/userRegistrationDetails: MFA
//     registration, as partial accounts (below);
//   - directoryRoles?$expand=members and
//     roleManagement/directory/roleAssignments: admin roles, as partial
//     accounts;
//   - identity/conditionalAccess/policies and
//     policies/identitySecurityDefaultsEnforcementPolicy: the settings
//     mfa.tenant_enforced and legacy_auth.blocked;
//   - policies/authorizationPolicy: user_consent.restricted.
//
// Partial accounts carry only what their report knows (MFA, or roles),
// under the same System ("entra") and ID (the UPN, or the object id where
// a role report gives no UPN) as the user list, so that they can be merged
// with it. They say Enabled true, because the reports list accounts as
// they stand and have no enabled column; the user list is what says
// whether an account is disabled.
type GraphJSON struct{}

// Name implements Importer.
func (GraphJSON) Name() string { return "graph_json" }

// The Graph resources this importer reads.
const (
	resUsers            = "users"
	resRegistration     = "userRegistrationDetails"
	resDirectoryRoles   = "directoryRoles"
	resRoleAssignments  = "roleAssignments"
	resCAPolicies       = "conditionalAccessPolicies"
	resSecurityDefaults = "securityDefaults"
	resAuthzPolicy      = "authorizationPolicy"
)

// graphContexts maps the path in @odata.context (after "$metadata#",
// without select lists in brackets, lower case) to the resource.
var graphContexts = map[string]string{
	"users":         resUsers,
	"users/$entity": resUsers,
	"reports/authenticationmethods/userregistrationdetails": resRegistration,
	"directoryroles": resDirectoryRoles,
	"rolemanagement/directory/roleassignments":                   resRoleAssignments,
	"identity/conditionalaccess/policies":                        resCAPolicies,
	"policies/identitysecuritydefaultsenforcementpolicy":         resSecurityDefaults,
	"policies/identitysecuritydefaultsenforcementpolicy/$entity": resSecurityDefaults,
	"policies/authorizationpolicy":                               resAuthzPolicy,
	"policies/authorizationpolicy/$entity":                       resAuthzPolicy,
}

// graphResourceFromContext reads an @odata.context URL such as
// https://graph.microsoft.com/v1.0/$metadata#users(id,displayName).
func graphResourceFromContext(ctx string) string {
	i := strings.Index(ctx, "$metadata#")
	if i < 0 {
		return ""
	}
	return graphContexts[strings.ToLower(stripBrackets(ctx[i+len("$metadata#"):]))]
}

// stripBrackets drops every bracketed part: select and expand lists like
// (id,displayName) or (members()).
func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// graphShape guesses the resource from an item's field names (lower case)
// and its id and displayName, for files saved without @odata.context.
func graphShape(keys map[string]bool, id, name string) string {
	switch {
	case keys["ismfaregistered"] || keys["ismfacapable"] || keys["methodsregistered"]:
		return resRegistration
	case keys["principalid"] && keys["roledefinitionid"]:
		return resRoleAssignments
	case keys["roletemplateid"]:
		return resDirectoryRoles
	case keys["conditions"] && (keys["grantcontrols"] || keys["sessioncontrols"] || keys["state"]):
		return resCAPolicies
	case keys["permissiongrantpolicyidsassignedtodefaultuserrole"] || keys["defaultuserrolepermissions"]:
		return resAuthzPolicy
	case keys["isenabled"] && (id == securityDefaultsID || strings.EqualFold(name, "Security Defaults")):
		return resSecurityDefaults
	case keys["userprincipalname"] && userLike(keys):
		return resUsers
	}
	return ""
}

// userLike tells a user object from other records that also carry a
// userPrincipalName (sign-in log entries, managed devices): it has a
// user-only field and none of theirs.
func userLike(keys map[string]bool) bool {
	for _, k := range []string{"appdisplayname", "ipaddress", "clientappused", "devicename", "operatingsystem"} {
		if keys[k] {
			return false
		}
	}
	for _, k := range []string{"accountenabled", "usertype", "signinactivity", "assignedlicenses", "businessphones", "givenname", "surname", "mail"} {
		if keys[k] {
			return true
		}
	}
	return false
}

// securityDefaultsID is the fixed id of the security defaults policy.
const securityDefaultsID = "00000000-0000-0000-0000-000000000005"

// Detect implements Importer: a JSON object or list whose @odata.context
// or first item is one of the resources above. The head may end inside
// the first item; what has been seen by then decides.
func (GraphJSON) Detect(_ string, head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(decodeText(head)))
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('[') {
		if tok, err = dec.Token(); err != nil {
			return false
		}
	}
	return tok == json.Delim('{') && sniffGraphObject(dec, true) != ""
}

// sniffGraphObject reads the members of an object whose brace has been
// read. When page is true the object may be a response page (with
// @odata.context or value) rather than an item.
func sniffGraphObject(dec *json.Decoder, page bool) string {
	keys := map[string]bool{}
	var id, name string
	for {
		tok, err := dec.Token()
		if err != nil || tok == json.Delim('}') {
			break
		}
		key, _ := tok.(string)
		lk := strings.ToLower(key)
		if tok, err = dec.Token(); err != nil {
			break
		}
		switch {
		case page && lk == "@odata.context":
			s, _ := tok.(string)
			// A context names the resource outright: one Triage does
			// not read is not guessed at from its fields.
			return graphResourceFromContext(s)
		case page && lk == "value" && tok == json.Delim('['):
			if tok, err = dec.Token(); err != nil || tok != json.Delim('{') {
				return ""
			}
			return sniffGraphObject(dec, false)
		}
		keys[lk] = true
		if s, ok := tok.(string); ok {
			switch lk {
			case "id":
				id = s
			case "displayname":
				name = s
			}
		}
		if !skipNested(dec, tok) {
			break
		}
	}
	return graphShape(keys, id, name)
}

// skipNested reads to the end of the value that tok opened, if it opened
// an object or list. It returns false when the input ends first.
func skipNested(dec *json.Decoder, tok json.Token) bool {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return true
	}
	for depth := 1; depth > 0; {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return true
}

// graphPage is one response: its resource and items.
type graphPage struct {
	context  string
	items    []msValue
	list     msValue // the value list, or the whole file for a bare list
	entity   bool    // a single object, not a list
	nextLink bool    // more pages exist that are not in this one
}

const graphWhat = `a Microsoft Graph response: {"@odata.context": ..., "value": [...]}, a list of items, or a list of responses`

// Import implements Importer.
func (GraphJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	doc, root, err := readMSDoc(name, r, graphWhat)
	if err != nil {
		return nil, err
	}
	pages, err := graphPages(doc, root)
	if err != nil {
		return nil, err
	}
	g := newGraphImport(doc)
	for _, p := range pages {
		if err := g.page(p); err != nil {
			return nil, err
		}
	}
	return g.finish(), nil
}

// graphPages finds the responses in a file.
func graphPages(doc *msDoc, root msValue) ([]graphPage, error) {
	switch root.kind() {
	case '{':
		return []graphPage{pageOf(root)}, nil
	case '[':
		elems := root.elements()
		if len(elems) == 0 || !isPage(elems[0]) {
			return []graphPage{{items: elems, list: root}}, nil
		}
		var pages []graphPage
		for i, e := range elems {
			if !isPage(e) {
				return nil, doc.valueError(e, "this list holds Graph responses, but this item is not one (it has no \"value\" list); save each page as it came")
			}
			p := pageOf(e)
			// Every page but the last links to the next; only a link on
			// the last one means pages are missing.
			p.nextLink = p.nextLink && i == len(elems)-1
			pages = append(pages, p)
		}
		return pages, nil
	}
	return nil, doc.valueError(root, "expected %s", graphWhat)
}

// isPage reports whether v is a response object rather than an item.
func isPage(v msValue) bool {
	val, ok := v.member("value")
	return ok && val.kind() == '['
}

func pageOf(v msValue) graphPage {
	p := graphPage{}
	if c, ok := v.member("@odata.context"); ok {
		_ = json.Unmarshal(c.raw, &p.context)
	}
	if n, ok := v.member("@odata.nextLink"); ok && !n.isNull() {
		p.nextLink = true
	}
	if val, ok := v.member("value"); ok && val.kind() == '[' {
		p.items, p.list = val.elements(), val
		return p
	}
	p.items, p.list, p.entity = []msValue{v}, v, true
	return p
}

// resource names the page's resource, from its context or its first item.
func (g *graphImport) resource(p graphPage) (string, error) {
	if p.context != "" {
		if r := graphResourceFromContext(p.context); r != "" {
			return r, nil
		}
		return "", g.doc.valueError(p.list, "@odata.context %q names a Graph resource Triage does not read; it reads users, userRegistrationDetails, directoryRoles, roleAssignments, conditional access policies, security defaults and the authorization policy", p.context)
	}
	first := p.items[0]
	keys := map[string]bool{}
	var id, name string
	for _, m := range first.members() {
		lk := strings.ToLower(m.key)
		keys[lk] = true
		var s string
		if json.Unmarshal(m.val.raw, &s) == nil {
			switch lk {
			case "id":
				id = s
			case "displayname":
				name = s
			}
		}
	}
	if r := graphShape(keys, id, name); r != "" {
		return r, nil
	}
	return "", g.doc.valueError(first, "cannot tell which Graph resource this is; save the response with its @odata.context, or check it is a users, userRegistrationDetails, directoryRoles, roleAssignments or conditional access policy list")
}

// graphImport gathers facts across the pages of one file.
type graphImport struct {
	doc   *msDoc
	facts []audit.Fact

	users         []audit.Fact // held until every page is read
	usersSeen     bool
	signInsListed bool // some user carries signInActivity

	roles *roleHolders

	policies        []caPolicyAt
	policiesSeen    bool
	policiesPartial bool
	policiesList    msValue

	gaps []audit.Fact
}

func newGraphImport(doc *msDoc) *graphImport {
	return &graphImport{doc: doc, roles: newRoleHolders()}
}

func (g *graphImport) page(p graphPage) error {
	if len(p.items) == 0 {
		return nil // an empty page says nothing, whatever its resource
	}
	res, err := g.resource(p)
	if err != nil {
		return err
	}
	switch res {
	case resUsers:
		err = g.userPage(p)
	case resRegistration:
		err = g.registrationPage(p)
	case resDirectoryRoles:
		err = g.directoryRolePage(p)
	case resRoleAssignments:
		err = g.roleAssignmentPage(p)
	case resCAPolicies:
		err = g.policyPage(p)
	case resSecurityDefaults:
		err = g.securityDefaultsPage(p)
	case resAuthzPolicy:
		err = g.authorizationPage(p)
	}
	return err
}

// addGap records a gap once per file and topic.
func (g *graphImport) addGap(v msValue, topic, reason string) {
	for _, f := range g.gaps {
		if f.Gap.Topic == topic && f.Gap.Reason == reason {
			return
		}
	}
	g.gaps = append(g.gaps, audit.Fact{Kind: audit.FactGap, Source: g.source(v), Gap: &audit.Gap{Topic: topic, Reason: reason}})
}

// source locates a fact at a value.
func (g *graphImport) source(v msValue) audit.Source {
	return audit.Source{Line: g.doc.line(v.off), Path: v.path}
}

// finish assembles the facts: users (now that it is known whether any had
// sign-in activity), the other facts in file order, roles, settings, gaps.
func (g *graphImport) finish() []audit.Fact {
	out := []audit.Fact{}
	for _, f := range g.users {
		f.Account.SignInKnown = g.signInsListed
		out = append(out, f)
	}
	if g.usersSeen && !g.signInsListed {
		g.addGap(msValue{path: "$", off: 0}, "accounts.sign_in", graphNoSignIn)
	}
	out = append(out, g.facts...)
	out = append(out, g.roles.facts()...)
	if g.policiesSeen {
		out = append(out, g.policySettings()...)
	}
	return append(out, g.gaps...)
}
