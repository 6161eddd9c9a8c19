package importer

import (
	"io"
	"strings"

	"triage/internal/audit"
)

// ADPasswordPolicy reads the output of Get-ADDefaultDomainPasswordPolicy,
// either as PowerShell prints it (Format-List, the default):
//
//	ComplexityEnabled           : True
//	DistinguishedName           : DC=clinic,DC=local
//	LockoutThreshold            : 0
//	MinPasswordLength           : 7
//	...
//
// saved with ">" or Out-File (UTF-16 in Windows PowerShell 5.1), or piped
// to Export-Csv (one row, optional #TYPE line, any delimiter).
//
// MinPasswordLength becomes the setting password.min_length of system
// "ad". Nothing else in the policy has a name in the setting vocabulary
// (docs/facts-schema.md): complexity, history, ages and the lockout
// threshold are read by no check, so they are not kept. Fine-grained
// password policies (Get-ADFineGrainedPasswordPolicy, which has Precedence
// and AppliesTo) apply to some accounts only and are not taken for the
// domain's policy.
type ADPasswordPolicy struct{}

// Name implements Importer.
func (ADPasswordPolicy) Name() string { return "ad_password_policy" }

// adPolicyMarkers are the policy's other properties; one of them next to
// MinPasswordLength tells this output from any other key/value list.
var adPolicyMarkers = []string{"complexityenabled", "lockoutthreshold", "maxpasswordage", "minpasswordage", "passwordhistorycount", "reversibleencryptionenabled"}

// adPolicyKeysOK reports whether a set of property names (lower case) is
// the default domain policy.
func adPolicyKeysOK(has func(string) bool) bool {
	if !has("minpasswordlength") || has("precedence") || has("appliesto") || has("samaccountname") {
		return false
	}
	for _, k := range adPolicyMarkers {
		if has(k) {
			return true
		}
	}
	return false
}

// Detect implements Importer.
func (ADPasswordPolicy) Detect(_ string, head []byte) bool {
	typeName, text := exportSplitType(exportText(head))
	if typeName != "" && !strings.Contains(typeName, "DefaultDomainPasswordPolicy") {
		return false
	}
	if adPolicyIsList(text) {
		keys := map[string]bool{}
		for _, e := range adPolicyEntries(text) {
			keys[e.key] = true
		}
		return adPolicyKeysOK(func(k string) bool { return keys[k] })
	}
	_, cols, ok := exportHeaderOf(head)
	return ok && adPolicyKeysOK(func(k string) bool { _, ok := cols[k]; return ok })
}

// adPolicyIsList reports whether text is Format-List output: its first
// non-blank line is "Name : value". A CSV header has no " : ".
func adPolicyIsList(text string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		_, ok := adPolicyEntry(line)
		return ok
	}
	return false
}

// adPolicyListEntry is one "Name : value" line of Format-List output.
type adPolicyListEntry struct {
	key, value string // key in lower case
	line       int
	record     int // records are separated by blank lines
}

// adPolicyEntry splits a "Name : value" line. Lines starting with white
// space continue a long value that Format-List wrapped; they are not
// entries.
func adPolicyEntry(line string) (adPolicyListEntry, bool) {
	line = strings.TrimRight(line, "\r")
	if line == "" || line[0] == ' ' || line[0] == '\t' {
		return adPolicyListEntry{}, false
	}
	key, value, ok := strings.Cut(line, ":")
	key = strings.TrimSpace(key)
	if !ok || key == "" || strings.ContainsAny(key, " \t\",;") {
		return adPolicyListEntry{}, false
	}
	return adPolicyListEntry{key: strings.ToLower(key), value: strings.TrimSpace(value)}, true
}

// adPolicyEntries returns the entries of Format-List output with their
// lines and record numbers; other lines are passed over.
func adPolicyEntries(text string) []adPolicyListEntry {
	var out []adPolicyListEntry
	record, blank := 0, true
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		n++
		if strings.TrimSpace(line) == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			record++
		}
		blank = false
		if e, ok := adPolicyEntry(line); ok {
			e.line, e.record = n, record
			out = append(out, e)
		}
	}
	return out
}

// Import implements Importer.
func (ADPasswordPolicy) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	all := exportText(data)
	typeName, text := exportSplitType(all)
	if strings.Contains(typeName, "FineGrained") {
		return nil, audit.Invalid(name, 1, "this is a fine-grained password policy, which applies to some accounts only; export Get-ADDefaultDomainPasswordPolicy instead")
	}
	if adPolicyIsList(text) {
		offset := strings.Count(all[:len(all)-len(text)], "\n")
		return adPolicyFromList(name, text, offset)
	}
	return adPolicyFromCSV(name, data)
}

// adPolicyFromList reads Format-List output; offset is the number of lines
// before text in the file.
func adPolicyFromList(name, text string, offset int) ([]audit.Fact, error) {
	entries := adPolicyEntries(text)
	records := map[int]map[string]adPolicyListEntry{}
	var order []int
	for _, e := range entries {
		e.line += offset
		if records[e.record] == nil {
			records[e.record] = map[string]adPolicyListEntry{}
			order = append(order, e.record)
		}
		if prev, dup := records[e.record][e.key]; dup {
			return nil, audit.Invalid(name, e.line, "%s is given twice in one policy (first on line %d)", e.key, prev.line)
		}
		records[e.record][e.key] = e
	}
	facts := []audit.Fact{}
	for _, rec := range order {
		fields := records[rec]
		has := func(k string) bool { _, ok := fields[k]; return ok }
		if has("precedence") || has("appliesto") {
			e := fields["precedence"]
			if !has("precedence") {
				e = fields["appliesto"]
			}
			return nil, audit.Invalid(name, e.line, "this is a fine-grained password policy, which applies to some accounts only; export Get-ADDefaultDomainPasswordPolicy instead")
		}
		e, ok := fields["minpasswordlength"]
		if !ok {
			continue // another object in the same output
		}
		f, err := adPolicyFact(name, e.line, "MinPasswordLength", e.value, fields["distinguishedname"].value)
		if err != nil {
			return nil, err
		}
		facts = append(facts, f)
	}
	if len(facts) == 0 {
		return nil, audit.Invalid(name, 1+offset, "there is no MinPasswordLength line; save the output of Get-ADDefaultDomainPasswordPolicy")
	}
	return facts, nil
}

// adPolicyFromCSV reads the Export-Csv form: one policy a row.
func adPolicyFromCSV(name string, data []byte) ([]audit.Fact, error) {
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, err
	}
	if !t.has("minpasswordlength") {
		return nil, audit.Invalid(name, t.hdrLine, "there is no MinPasswordLength column; export Get-ADDefaultDomainPasswordPolicy with Export-Csv")
	}
	if t.has("precedence", "appliesto") {
		return nil, audit.Invalid(name, t.hdrLine, "this is a fine-grained password policy, which applies to some accounts only; export Get-ADDefaultDomainPasswordPolicy instead")
	}
	facts := make([]audit.Fact, 0, len(t.rows))
	for _, row := range t.rows {
		v, col, _ := t.get(row, "minpasswordlength")
		dn, _, _ := t.get(row, "distinguishedname")
		f, err := adPolicyFact(name, row.line, col, v, dn)
		if err != nil {
			return nil, err
		}
		facts = append(facts, f)
	}
	return facts, nil
}

// adPolicyFact makes the password.min_length setting from a
// MinPasswordLength value at line.
func adPolicyFact(name string, line int, column, value, dn string) (audit.Fact, error) {
	n, ok := exportInt(value)
	if !ok || n < 0 {
		return audit.Fact{}, audit.Invalid(name, line, "%s %s is not a whole number of characters", column, exportQuote(value))
	}
	length := float64(n)
	text := "default domain password policy"
	if domain := adDNSName(dn); domain != "" {
		text += " of " + domain
	}
	return audit.Fact{
		Kind:    audit.FactSetting,
		Source:  audit.Source{Line: line},
		Setting: &audit.Setting{System: "ad", Name: "password.min_length", Number: &length, Text: text},
	}, nil
}

// adDNSName turns "DC=clinic,DC=local" into "clinic.local".
func adDNSName(dn string) string {
	var labels []string
	for _, part := range adSplitRDNs(dn) {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(key), "DC") && strings.TrimSpace(value) != "" {
			labels = append(labels, strings.ToLower(strings.TrimSpace(value)))
		}
	}
	return strings.Join(labels, ".")
}
