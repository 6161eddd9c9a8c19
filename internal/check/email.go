package check

import (
	"fmt"
	"sort"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Email kinds judge what DNS says about the practice's mail domains.

const noDNS = "No DNS results were provided; run the domain checks for the practice's email domains."

func init() {
	register(Kind{
		Name: "email.auth",
		Doc:  "Every domain has SPF, DKIM and DMARC set so others cannot send mail in the practice's name.",
		Func: gapped(emailAuth, "email"),
	})
	register(Kind{
		Name: "email.mx_filtered",
		Doc:  "Incoming mail passes through a filtering service.",
		Func: gapped(mxFiltered, "email"),
	})
}

// mailDomains returns one fact per domain, sorted by domain, and the
// practice.yaml domains no lookup covered.
func mailDomains(in Input) ([]audit.Fact, []string) {
	seen := map[string]bool{}
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactEmailDomain) {
		if f.EmailDomain == nil {
			continue
		}
		k := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(f.EmailDomain.Domain), "."))
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].EmailDomain.Domain) < strings.ToLower(out[j].EmailDomain.Domain)
	})
	var unlooked []string
	if in.Practice != nil {
		for _, d := range in.Practice.Domains {
			if k := strings.ToLower(strings.TrimSpace(d)); k != "" && !seen[k] {
				unlooked = append(unlooked, d)
			}
		}
	}
	sort.Strings(unlooked)
	return out, unlooked
}

// authProblems lists what lets a domain be spoofed (fails) and what falls
// short of full strength (warns).
func authProblems(d *audit.EmailDomain) (fails, warns []string) {
	switch {
	case d.DMARCRecords == 0:
		fails = append(fails, "no DMARC record")
	case d.DMARCRecords > 1:
		fails = append(fails, fmt.Sprintf("%d DMARC records (receivers ignore them all)", d.DMARCRecords))
	case strings.EqualFold(d.DMARCPolicy, "none"):
		fails = append(fails, "DMARC policy p=none only monitors")
	case strings.EqualFold(d.DMARCPolicy, "quarantine"):
		warns = append(warns, "DMARC policy p=quarantine, not reject")
	}
	if d.DMARCRecords == 1 {
		warns = append(warns, dmarcWarns(d)...)
	}
	fails = append(fails, spfFails(d)...)
	if d.SPFRecords == 1 && d.SPFError == "" {
		switch strings.ToLower(d.SPFAll) {
		case "~all":
			warns = append(warns, "SPF ends in ~all (soft fail), not -all")
		case "":
			// With no "all", mail from anywhere is "neutral"; the record
			// may still chain to another domain, so only warn.
			warns = append(warns, "SPF has no all mechanism")
		}
	}
	if d.DKIMChecked && len(d.DKIMSelectors) == 0 {
		fails = append(fails, "no DKIM key found for the selectors checked")
	}
	if len(d.DKIMShortKeys) > 0 {
		n := len(d.DKIMShortKeys)
		warns = append(warns, fmt.Sprintf("%s %s %s shorter than 2048 bits (rotate to a 2048-bit key)",
			words.Pick(n, "DKIM key", "DKIM keys"), strings.Join(d.DKIMShortKeys, ", "), words.Pick(n, "is", "are")))
	}
	return fails, warns
}

func dmarcWarns(d *audit.EmailDomain) []string {
	var warns []string
	if d.DMARCPct > 0 && d.DMARCPct < 100 {
		warns = append(warns, fmt.Sprintf("DMARC applies to only %d%% of mail", d.DMARCPct))
	}
	if !d.DMARCRua {
		warns = append(warns, "DMARC sends no reports (no rua)")
	}
	// Not in the spec's list, but an sp=none lets anyone spoof any
	// subdomain however strict the main policy is.
	if strings.EqualFold(d.DMARCSubPolicy, "none") && !strings.EqualFold(d.DMARCPolicy, "none") {
		warns = append(warns, "DMARC subdomain policy sp=none")
	}
	return warns
}

func spfFails(d *audit.EmailDomain) []string {
	var fails []string
	switch {
	case d.SPFRecords == 0:
		fails = append(fails, "no SPF record")
	case d.SPFRecords > 1:
		fails = append(fails, fmt.Sprintf("%d SPF records (receivers reject both)", d.SPFRecords))
	}
	switch strings.ToLower(d.SPFAll) {
	case "+all":
		fails = append(fails, "SPF ends in +all, allowing any sender")
	case "?all":
		fails = append(fails, "SPF ends in ?all, which does not reject anyone")
	}
	if d.SPFLookups > 10 {
		fails = append(fails, fmt.Sprintf("SPF needs %d DNS lookups (the limit is 10)", d.SPFLookups))
	}
	if d.SPFError != "" {
		// A broken record is treated by receivers as no record at all.
		fails = append(fails, "SPF record is broken ("+d.SPFError+")")
	}
	return fails
}

func emailAuth(in Input) Outcome {
	domains, unlooked := mailDomains(in)
	if len(domains) == 0 {
		return notChecked(noDNS)
	}
	var subjects []audit.Subject
	var unread []string
	fails, warns, dkimChecked := 0, 0, true
	for _, f := range domains {
		d := f.EmailDomain
		if d.Error != "" {
			unread = append(unread, d.Domain+": "+d.Error)
			continue
		}
		dkimChecked = dkimChecked && d.DKIMChecked
		bad, weak := authProblems(d)
		switch {
		case len(bad) > 0:
			fails++
		case len(weak) > 0:
			warns++
		default:
			continue
		}
		subjects = append(subjects, subjectOf(d.Domain, "domain", strings.Join(append(bad, weak...), "; "), f))
	}
	for _, d := range unlooked {
		unread = append(unread, d+": not looked up")
	}
	return itemsOutcome("domain", "domains", len(domains)+len(unlooked), fails, warns, unread, subjects,
		"%s email authentication gaps that let others send mail in the practice's name.",
		"%s email authentication that is not yet at full strength.",
		passAuthReason(dkimChecked))
}

func passAuthReason(dkimChecked bool) string {
	if dkimChecked {
		return "%s SPF, DKIM and DMARC set to reject mail that fakes the practice's name."
	}
	return "%s SPF and DMARC set to reject mail that fakes the practice's name (DKIM was not checked)."
}

// itemsOutcome judges a set of domains or endpoints read one by one: a
// problem found stands; otherwise one that could not be read keeps the
// verdict from being a pass. The texts take "N of M <items> has/have".
func itemsOutcome(one, many string, total, fails, warns int, unread []string, subjects []audit.Subject, failText, warnText, passText string) Outcome {
	read := total - len(unread)
	of := func(k int) string {
		return fmt.Sprintf("%d of %s %s", k, words.Count(total, one, many), words.Pick(k, "has", "have"))
	}
	var out Outcome
	switch {
	case fails > 0:
		out = decided(audit.Fail, fmt.Sprintf(failText, of(fails)), subjects)
	case warns > 0:
		out = decided(audit.Warn, fmt.Sprintf(warnText, of(warns)), subjects)
	case len(unread) > 0:
		return notChecked("Could not check " + strings.Join(unread, "; ") + ".")
	default:
		return decided(audit.Pass, fmt.Sprintf(passText, every(read, one+" has", many+" have")), nil)
	}
	if len(unread) > 0 {
		out.Reason = addNote(out.Reason, fmt.Sprintf(" (%d could not be read)", len(unread)))
	}
	return out
}

func mxFiltered(in Input) Outcome {
	domains, _ := mailDomains(in)
	if len(domains) == 0 {
		return notChecked(noDNS)
	}
	var subjects []audit.Subject
	var unread []string
	judged := 0
	for _, f := range domains {
		d := f.EmailDomain
		switch {
		case d.Error != "":
			unread = append(unread, d.Domain+": "+d.Error)
			continue
		case len(d.MX) == 0 || d.MXFiltered == nil:
			continue // receives no mail, or the lookup could not tell
		}
		judged++
		if !*d.MXFiltered {
			subjects = append(subjects, subjectOf(d.Domain, "domain", "mail goes straight to "+strings.Join(d.MX, ", ")+" with no filtering service in front", f))
		}
	}
	switch {
	case len(subjects) > 0:
		return decided(audit.Warn, fmt.Sprintf("%d of %s %s incoming mail that does not pass through a filtering service.", len(subjects), words.Count(judged, "domain", "domains"), words.Pick(len(subjects), "has", "have")), subjects)
	case len(unread) > 0:
		return notChecked("Could not check " + strings.Join(unread, "; ") + ".")
	case judged == 0:
		return notChecked("The DNS results do not show where the practice's mail is delivered.")
	}
	return decided(audit.Pass, fmt.Sprintf("%s incoming mail through a filtering service.", every(judged, "domain that receives mail sends", "domains that receive mail send")), nil)
}
