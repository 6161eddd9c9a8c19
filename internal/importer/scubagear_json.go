package importer

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"triage/internal/audit"
)

// ScubaGearJSON reads ProviderSettingsExport.json, the raw tenant export
// that CISA's ScubaGear writes before judging a Microsoft 365 tenant.
// ScubaGear saves Graph PowerShell SDK objects with ConvertTo-Json, so
// keys are PascalCase, dates look like "/Date(1647536088205)/", lists of
// one are sometimes written as the bare item, and the file may be UTF-8
// with or without a byte order mark or UTF-16LE with one.
//
// Read from it:
//   - conditional_access_policies: mfa.tenant_enforced and
//     legacy_auth.blocked, judged as for Graph;
//   - a security defaults object, when the export has one;
//   - authorization_policies: user_consent.restricted;
//   - authentication_method: the methods allowed, noted on the MFA setting;
//   - privileged_users and privileged_service_principals: partial
//     accounts holding admin roles, keyed by object id (the export has no
//     UPNs);
//   - spf_records, dkim_records and dmarc_records: one email_domain fact
//     per domain that has both an SPF and a DMARC lookup.
//
// Everything else in the export (Exchange, Defender, Teams, SharePoint,
// Power Platform settings) is dropped.
type ScubaGearJSON struct{}

// Name implements Importer.
func (ScubaGearJSON) Name() string { return "scubagear_json" }

// Detect implements Importer: a JSON object whose top-level keys are
// ScubaGear's (baseline_version and module_version open the file).
func (ScubaGearJSON) Detect(_ string, head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(decodeText(head)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err != nil || tok == json.Delim('}') {
			break
		}
		key, _ := tok.(string)
		seen[strings.ToLower(key)] = true
		if scubaKeys(seen) {
			return true
		}
		if tok, err = dec.Token(); err != nil || !skipNested(dec, tok) {
			break
		}
	}
	return false
}

func scubaKeys(seen map[string]bool) bool {
	return seen["baseline_version"] && seen["module_version"] ||
		seen["conditional_access_policies"] && seen["privileged_users"]
}

const scubaWhat = "ScubaGear's ProviderSettingsExport.json, a JSON object"

// scubaImport gathers facts from one export.
type scubaImport struct {
	doc *msDoc

	accounts []audit.Fact
	settings []audit.Fact
	gaps     []audit.Fact

	policies     []caPolicyAt
	policiesList msValue
	policiesSeen bool
	methodsNote  string
	failed       map[string]bool // ScubaGear commands that failed
	dns          scubaDNSLookups
}

// Import implements Importer.
func (ScubaGearJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	doc, root, err := readMSDoc(name, r, scubaWhat)
	if err != nil {
		return nil, err
	}
	if root.kind() != '{' {
		return nil, doc.valueError(root, "expected %s", scubaWhat)
	}
	s := &scubaImport{doc: doc, failed: map[string]bool{}}
	members := root.members()
	// Failed commands are read first: they decide what an empty section
	// means.
	for _, m := range members {
		if strings.HasSuffix(strings.ToLower(m.key), "_unsuccessful_commands") {
			s.failures(m.val)
		}
	}
	for _, m := range members {
		if err := s.section(m); err != nil {
			return nil, err
		}
	}
	return s.finish(), nil
}

func (s *scubaImport) source(v msValue) audit.Source {
	return audit.Source{Line: s.doc.line(v.off), Path: v.path}
}

// section reads one top-level member.
func (s *scubaImport) section(m msMember) error {
	key := strings.ToLower(m.key)
	switch key {
	case "conditional_access_policies":
		return s.caPolicies(m.val)
	case "privileged_users":
		return s.privileged(m.val, audit.AccountMember)
	case "privileged_service_principals":
		return s.privileged(m.val, audit.AccountService)
	case "authorization_policies":
		return s.authorization(m.val)
	case "authentication_method":
		return s.authMethods(m.val)
	case "spf_records", "dkim_records", "dmarc_records":
		return s.dns.read(s.doc, key, m.val)
	}
	if strings.Contains(strings.ReplaceAll(key, "_", ""), "securitydefaults") {
		return s.securityDefaults(m.val)
	}
	return nil
}

// listOf returns the items of a list. ConvertTo-Json writes a list of one
// as the bare item, so an object counts as a list of itself.
func listOf(v msValue) []msValue {
	switch v.kind() {
	case '[':
		return v.elements()
	case '{':
		return []msValue{v}
	}
	return nil
}

// failures records the commands ScubaGear says failed; anything that is
// not a command name is ignored, as it only refines what the rest means.
func (s *scubaImport) failures(v msValue) {
	for _, e := range listOf(v) {
		var c string
		if json.Unmarshal(e.raw, &c) == nil {
			s.failed[strings.ToLower(strings.TrimSpace(c))] = true
		}
	}
}

func (s *scubaImport) caPolicies(v msValue) error {
	if v.kind() != '[' && v.kind() != '{' && !v.isNull() {
		return s.doc.valueError(v, "conditional_access_policies must be a list of policies")
	}
	s.policiesSeen, s.policiesList = true, v
	for _, e := range listOf(v) {
		var p caPolicy
		if err := s.doc.decode(e, &p); err != nil {
			return err
		}
		s.policies = append(s.policies, caPolicyAt{p: p, v: e})
	}
	return nil
}

// scubaPrivileged is one entry of privileged_users or
// privileged_service_principals, keyed by object id.
type scubaPrivileged struct {
	DisplayName string   `json:"DisplayName"`
	Roles       []string `json:"roles"`
}

func (s *scubaImport) privileged(v msValue, kind string) error {
	if v.kind() != '{' && v.kind() != '[' && !v.isNull() {
		return s.doc.valueError(v, "expected an object of accounts keyed by object id")
	}
	// An empty export of an object is written as an empty list.
	for _, m := range v.members() {
		var p scubaPrivileged
		if err := s.doc.decode(m.val, &p); err != nil {
			return err
		}
		id := strings.TrimSpace(m.key)
		if id == "" {
			return s.doc.valueError(m.val, "the account has no object id")
		}
		var roles []string
		for _, r := range p.Roles {
			if r = strings.TrimSpace(r); r != "" && !containsFoldMS(roles, r) {
				roles = append(roles, r)
			}
		}
		// The export lists accounts by the roles they hold, not their
		// state; Enabled true lets the admin checks count them, as
		// ScubaGear does.
		s.accounts = append(s.accounts, audit.Fact{Kind: audit.FactAccount, Source: s.source(m.val), Account: &audit.Account{
			System:      "entra",
			ID:          id,
			ObjectID:    id,
			DisplayName: p.DisplayName,
			Kind:        kind,
			Enabled:     true,
			AdminRoles:  roles,
		}})
	}
	return nil
}

func (s *scubaImport) authorization(v msValue) error {
	for _, e := range listOf(v) {
		var a authorizationPolicy
		if err := s.doc.decode(e, &a); err != nil {
			return err
		}
		s.settings = append(s.settings, consentFact(a, s.source(e))...)
	}
	return nil
}

func (s *scubaImport) securityDefaults(v msValue) error {
	for _, e := range listOf(v) {
		var sd securityDefaults
		if err := s.doc.decode(e, &sd); err != nil {
			return err
		}
		s.settings = append(s.settings, securityDefaultsFacts(sd, s.source(e))...)
	}
	return nil
}

// scubaMethods is the part of the authentication methods policy kept: the
// methods and whether each is on.
type scubaMethods struct {
	FeatureSettings []struct {
		ID    string `json:"Id"`
		State string `json:"State"`
	} `json:"authentication_method_feature_settings"`
}

// authMethods notes which sign-in methods the tenant allows, for the MFA
// setting's text; no setting in the vocabulary holds them.
func (s *scubaImport) authMethods(v msValue) error {
	var on []string
	for _, e := range listOf(v) {
		var m scubaMethods
		if err := s.doc.decode(e, &m); err != nil {
			return err
		}
		for _, f := range m.FeatureSettings {
			if strings.EqualFold(f.State, "enabled") && f.ID != "" {
				on = append(on, f.ID)
			}
		}
	}
	if len(on) > 0 {
		s.methodsNote = "; methods allowed: " + strings.Join(on, ", ")
	}
	return nil
}

func (s *scubaImport) finish() []audit.Fact {
	out := []audit.Fact{}
	if s.failed["get-privilegeduser"] {
		s.gaps = append(s.gaps, gapAt(s.source(msValue{path: "$"}), "accounts.roles", "ScubaGear could not list the privileged users (Get-PrivilegedUser failed); run it again with an account that can read roles"))
	}
	out = append(out, s.accounts...)
	if s.policiesSeen {
		// A failed policy read leaves an empty list that proves nothing.
		partial := s.failed["get-mgbetaidentityconditionalaccesspolicy"]
		out = append(out, caSettings(s.policies, s.policiesList, partial, s.source, s.methodsNote)...)
	}
	out = append(out, s.settings...)
	out = append(out, s.dns.facts(s.source)...)
	return append(out, s.gaps...)
}

func gapAt(src audit.Source, topic, reason string) audit.Fact {
	return audit.Fact{Kind: audit.FactGap, Source: src, Gap: &audit.Gap{Topic: topic, Reason: reason}}
}
