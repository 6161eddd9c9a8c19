package importer

import (
	"encoding/json"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// ScubaGear's DNS lookups (spf_records, dkim_records, dmarc_records) as
// email_domain facts. ScubaGear saves the TXT answers it got; Triage reads
// the records from them the way its own DNS probe would. SPF lookups are
// not counted (that needs the included domains' records, which the export
// does not have).

// flexStrings reads a list of strings that ConvertTo-Json may have written
// as one bare string (a list of one) or null.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		if one != "" {
			*f = flexStrings{one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*f = many
	return nil
}

// scubaLookup is one domain's lookup.
type scubaLookup struct {
	Domain string      `json:"domain"`
	RData  flexStrings `json:"rdata"`
	Log    []struct {
		QueryName    string      `json:"query_name"`
		QueryAnswers flexStrings `json:"query_answers"`
	} `json:"log"`
}

type scubaLookupAt struct {
	l scubaLookup
	v msValue
}

// scubaDNSLookups holds the three lookups by domain, in the order the
// DMARC lookups list them.
type scubaDNSLookups struct {
	spf, dkim, dmarc map[string]scubaLookupAt
	order            []string
}

func (d *scubaDNSLookups) read(doc *msDoc, key string, v msValue) error {
	if d.spf == nil {
		d.spf, d.dkim, d.dmarc = map[string]scubaLookupAt{}, map[string]scubaLookupAt{}, map[string]scubaLookupAt{}
	}
	target := map[string]map[string]scubaLookupAt{"spf_records": d.spf, "dkim_records": d.dkim, "dmarc_records": d.dmarc}[key]
	for _, e := range listOf(v) {
		var l scubaLookup
		if err := doc.decode(e, &l); err != nil {
			return err
		}
		dom := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(l.Domain), "."))
		if dom == "" {
			return doc.valueError(e, "the DNS lookup names no domain")
		}
		if _, dup := target[dom]; dup {
			continue
		}
		target[dom] = scubaLookupAt{l: l, v: e}
		if key == "dmarc_records" {
			d.order = append(d.order, dom)
		}
	}
	return nil
}

// facts gives one email_domain per domain with both SPF and DMARC lookups;
// a domain missing either was not fully looked up, and an absent record
// must not be mistaken for a missing one.
func (d *scubaDNSLookups) facts(src func(msValue) audit.Source) []audit.Fact {
	var out []audit.Fact
	for _, dom := range d.order {
		dm := d.dmarc[dom]
		sp, ok := d.spf[dom]
		if !ok {
			continue
		}
		e := &audit.EmailDomain{Domain: dom}
		spfInto(e, sp.l.RData)
		dmarcInto(e, dm.l.RData)
		if dk, ok := d.dkim[dom]; ok {
			e.DKIMChecked = true
			e.DKIMSelectors = dkimSelectors(dk.l)
		}
		out = append(out, audit.Fact{Kind: audit.FactEmailDomain, Source: src(dm.v), EmailDomain: e})
	}
	return out
}

// isRecord reports whether a TXT string starts with the version tag v
// (v=spf1, v=DMARC1), which must be followed by a space, a semicolon or
// nothing.
func isRecord(txt, v string) bool {
	t := strings.TrimSpace(txt)
	if len(t) < len(v) || !strings.EqualFold(t[:len(v)], v) {
		return false
	}
	rest := t[len(v):]
	return rest == "" || rest[0] == ' ' || rest[0] == ';'
}

func spfInto(e *audit.EmailDomain, txts []string) {
	var first string
	for _, t := range txts {
		if isRecord(t, "v=spf1") {
			if e.SPFRecords == 0 {
				first = t
			}
			e.SPFRecords++
		}
	}
	for _, term := range strings.Fields(first) {
		switch strings.ToLower(term) {
		case "all", "+all":
			e.SPFAll = "+all"
		case "-all", "~all", "?all":
			e.SPFAll = strings.ToLower(term)
		}
	}
}

func dmarcInto(e *audit.EmailDomain, txts []string) {
	var first string
	for _, t := range txts {
		if isRecord(t, "v=DMARC1") {
			if e.DMARCRecords == 0 {
				first = t
			}
			e.DMARCRecords++
		}
	}
	if first == "" {
		return
	}
	e.DMARCPct = 100 // the default when pct is left out
	for _, tag := range strings.Split(first, ";") {
		k, v, _ := strings.Cut(tag, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "p":
			e.DMARCPolicy = dmarcPolicy(v)
		case "sp":
			e.DMARCSubPolicy = dmarcPolicy(v)
		case "pct":
			if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 100 {
				e.DMARCPct = n
			}
		case "rua":
			e.DMARCRua = v != ""
		}
	}
}

// dmarcPolicy keeps a valid policy word; anything else is left empty.
func dmarcPolicy(v string) string {
	v = strings.ToLower(v)
	if oneOf(dmarcPolicies, v) {
		return v
	}
	return ""
}

// dkimSelectors lists the selectors whose lookup returned a usable key (a
// non-empty p=). Older exports keep the answers without saying which
// selector gave them.
func dkimSelectors(l scubaLookup) []string {
	var out []string
	for _, q := range l.Log {
		if !hasDKIMKey(q.QueryAnswers) {
			continue
		}
		sel, _, ok := strings.Cut(q.QueryName, "._domainkey.")
		if ok && sel != "" && !oneOf(out, sel) {
			out = append(out, sel)
		}
	}
	if len(out) == 0 && hasDKIMKey(l.RData) {
		out = append(out, "(selector not recorded)")
	}
	return out
}

func hasDKIMKey(txts []string) bool {
	for _, t := range txts {
		for _, tag := range strings.Split(t, ";") {
			k, v, _ := strings.Cut(tag, "=")
			if strings.EqualFold(strings.TrimSpace(k), "p") && strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}
