package importer

import (
	"fmt"
	"math"
	"strings"
	"triage/internal/hint"

	"triage/internal/audit"
)

// problem is what is wrong with a fact: the field (a path inside the fact,
// like "backup.result", or "" for the whole fact) and a message that says
// how to fix it.
type problem struct {
	field, msg string
}

func bad(field, format string, args ...any) *problem {
	return &problem{field: field, msg: fmt.Sprintf(format, args...)}
}

// ValidateFact checks the rules every fact must meet, whoever made it: a
// known kind, exactly the payload named by the kind, the payload's required
// fields, and values from the documented word lists. The error is an
// *audit.Error with code EInvalid and no file.
func ValidateFact(f audit.Fact) error {
	if p := checkFact(&f); p != nil {
		return &audit.Error{Code: audit.EInvalid, Msg: p.msg}
	}
	return nil
}

func checkFact(f *audit.Fact) *problem {
	if f.Kind == "" {
		return bad("kind", "kind is missing; use one of %s", kindList())
	}
	if !knownKind(f.Kind) {
		return bad("kind", "kind %q is not a known fact kind (%s)%s", f.Kind, kindList(), hint.DidYouMean(string(f.Kind), kindNames()))
	}
	set := setPayloads(f)
	if !oneOf(set, string(f.Kind)) {
		return bad("", "kind is %s but there is no %q object; add one, or fix the kind", f.Kind, f.Kind)
	}
	for _, k := range set {
		if k != string(f.Kind) {
			return bad(k, "kind is %s but the fact also has %q; a fact carries one payload, so split it into two facts", f.Kind, k)
		}
	}
	if p := checkSource(&f.Source); p != nil {
		return p
	}
	switch f.Kind {
	case audit.FactAccount:
		return checkAccount(f.Account)
	case audit.FactSetting:
		return checkSetting(f.Setting)
	case audit.FactDevice:
		return checkDevice(f.Device)
	case audit.FactSoftware:
		return checkSoftware(f.Software)
	case audit.FactBackup:
		return checkBackup(f.Backup)
	case audit.FactRestoreTest:
		return checkRestoreTest(f.RestoreTest)
	case audit.FactTraining:
		return checkTraining(f.Training)
	case audit.FactPhishSim:
		return checkPhishSim(f.PhishSim)
	case audit.FactEmailDomain:
		return checkEmailDomain(f.EmailDomain)
	case audit.FactService:
		return checkService(f.Service)
	case audit.FactTLS:
		return checkTLS(f.TLS)
	case audit.FactScan:
		return checkScan(f.Scan)
	case audit.FactGap:
		return checkGap(f.Gap)
	}
	return nil
}

// setPayloads lists the payload fields that are set, by JSON name (which is
// the kind's name).
func setPayloads(f *audit.Fact) []string {
	var out []string
	for _, p := range []struct {
		kind audit.FactKind
		set  bool
	}{
		{audit.FactAccount, f.Account != nil},
		{audit.FactSetting, f.Setting != nil},
		{audit.FactDevice, f.Device != nil},
		{audit.FactSoftware, f.Software != nil},
		{audit.FactBackup, f.Backup != nil},
		{audit.FactRestoreTest, f.RestoreTest != nil},
		{audit.FactTraining, f.Training != nil},
		{audit.FactPhishSim, f.PhishSim != nil},
		{audit.FactEmailDomain, f.EmailDomain != nil},
		{audit.FactService, f.Service != nil},
		{audit.FactTLS, f.TLS != nil},
		{audit.FactScan, f.Scan != nil},
		{audit.FactGap, f.Gap != nil},
	} {
		if p.set {
			out = append(out, string(p.kind))
		}
	}
	return out
}

func knownKind(k audit.FactKind) bool {
	for _, v := range audit.FactKinds {
		if v == k {
			return true
		}
	}
	return false
}

func kindNames() []string {
	out := make([]string, len(audit.FactKinds))
	for i, k := range audit.FactKinds {
		out[i] = string(k)
	}
	return out
}

func kindList() string { return strings.Join(kindNames(), ", ") }

func checkSource(s *audit.Source) *problem {
	if s.Line < 0 {
		return bad("source.line", "source.line must not be negative")
	}
	if s.SHA256 != "" && !isHexSHA256(s.SHA256) {
		return bad("source.sha256", "source.sha256 must be 64 lower-case hex digits (a SHA-256 of the source file)")
	}
	return nil
}

func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func missing(field, what string) *problem {
	return bad(field, "%s is missing; it is required (%s)", field, what)
}

func notOneOf(field, value string, list []string) *problem {
	return bad(field, "%s %q is not one of %s", field, value, strings.Join(list, ", "))
}

func negative(field string, v int) *problem {
	if v < 0 {
		return bad(field, "%s must not be negative (%d)", field, v)
	}
	return nil
}

func checkAccount(a *audit.Account) *problem {
	switch {
	case blank(a.System):
		return missing("account.system", "the system the account is in: entra, ad, google, pms, local, ...")
	case a.Partial && blank(a.ID) && blank(a.ObjectID):
		return missing("account.id", "a partial account needs id or object_id to be matched to its full account")
	case !a.Partial && blank(a.ID):
		return missing("account.id", "a stable id within the system: UPN, DOMAIN\\sam or email")
	case !a.Partial && a.Kind == "":
		return missing("account.kind", strings.Join(accountKinds, ", "))
	case a.Kind != "" && !oneOf(accountKinds, a.Kind):
		return notOneOf("account.kind", a.Kind, accountKinds)
	}
	return firstProblem(
		negative("account.sign_in_lag_days", a.SignInLagDays),
		negative("account.legacy_auth_sign_ins", a.LegacyAuthSignIns),
		negative("account.single_factor_sign_ins", a.SingleFactorSignIns),
		negative("account.max_devices_per_day", a.MaxDevicesPerDay),
	)
}

func checkSetting(s *audit.Setting) *problem {
	switch {
	case blank(s.System):
		return missing("setting.system", "the system the setting belongs to: entra, m365, google, ad, intune, ...")
	case blank(s.Name):
		return missing("setting.name", "a name from the setting vocabulary in docs/facts-schema.md")
	}
	spec, ok := settingSpecFor(s.Name)
	if !ok {
		names := make([]string, len(settingNames))
		for i, n := range settingNames {
			names[i] = n.name
		}
		return bad("setting.name", "setting.name %q is not in the setting vocabulary (%s)%s", s.Name, strings.Join(names, ", "), hint.DidYouMean(s.Name, names))
	}
	if !spec.number {
		if s.Bool == nil || s.Number != nil {
			return bad("setting.bool", "setting %s takes a true/false value in \"bool\" (and no \"number\")", s.Name)
		}
		return nil
	}
	if s.Number == nil || s.Bool != nil {
		return bad("setting.number", "setting %s takes a numeric value in \"number\" (and no \"bool\")", s.Name)
	}
	n := *s.Number
	if math.IsNaN(n) || n < 0 || (spec.max > 0 && n > spec.max) {
		if spec.max > 0 {
			return bad("setting.number", "setting %s must be between 0 and %g, not %g", s.Name, spec.max, n)
		}
		return bad("setting.number", "setting %s must not be negative (%g)", s.Name, n)
	}
	return nil
}

func checkDevice(d *audit.Device) *problem {
	switch {
	case blank(d.Name):
		return missing("device.name", "the computer or device name")
	case d.Kind == "":
		return missing("device.kind", strings.Join(deviceKinds, ", "))
	case !oneOf(deviceKinds, d.Kind):
		return notOneOf("device.kind", d.Kind, deviceKinds)
	case d.OS != "" && !oneOf(deviceOSes, d.OS):
		return notOneOf("device.os", d.OS, deviceOSes)
	case d.SignatureAgeDays != nil && *d.SignatureAgeDays < 0:
		return bad("device.signature_age_days", "device.signature_age_days must not be negative")
	case d.ScreenLockSeconds != nil && *d.ScreenLockSeconds < 0:
		return bad("device.screen_lock_seconds", "device.screen_lock_seconds must not be negative (0 means never locks)")
	}
	return nil
}

func checkSoftware(s *audit.Software) *problem {
	switch {
	case blank(s.Device):
		return missing("software.device", "the name of the device it is installed on")
	case blank(s.Name):
		return missing("software.name", "the program's name")
	case s.Category != "" && !oneOf(softwareKinds, s.Category):
		return notOneOf("software.category", s.Category, softwareKinds)
	}
	return nil
}

func checkBackup(b *audit.Backup) *problem {
	switch {
	case blank(b.Job):
		return missing("backup.job", "the backup job's name")
	case b.End.IsZero():
		return missing("backup.end", "when the run finished, like \"2024-05-01T02:10:00+10:00\"")
	case b.Result == "":
		return missing("backup.result", strings.Join(backupResults, ", "))
	case !oneOf(backupResults, b.Result):
		return notOneOf("backup.result", b.Result, backupResults)
	case b.ImmutableDays != nil && *b.ImmutableDays < 0:
		return bad("backup.immutable_days", "backup.immutable_days must not be negative")
	}
	return nil
}

func checkRestoreTest(r *audit.RestoreTest) *problem {
	switch {
	case blank(r.Asset):
		return missing("restore_test.asset", "what was restored, like the PMS server")
	case r.Date.IsZero():
		return missing("restore_test.date", "the day of the test, YYYY-MM-DD")
	case r.Result == "":
		return missing("restore_test.result", strings.Join(restoreResults, ", "))
	case !oneOf(restoreResults, r.Result):
		return notOneOf("restore_test.result", r.Result, restoreResults)
	case r.Hours < 0 || math.IsNaN(r.Hours):
		return bad("restore_test.hours", "restore_test.hours must not be negative")
	}
	return nil
}

func checkTraining(t *audit.Training) *problem {
	switch {
	case blank(t.Person):
		return missing("training.person", "the person's email or name")
	case blank(t.Course):
		return missing("training.course", "the course's name")
	}
	return nil
}

func checkPhishSim(p *audit.PhishSim) *problem {
	switch {
	case blank(p.Campaign):
		return missing("phish_sim.campaign", "the campaign's name")
	case p.Date.IsZero():
		return missing("phish_sim.date", "the day the campaign started, YYYY-MM-DD")
	case p.Recipients < 0:
		return bad("phish_sim.recipients", "phish_sim.recipients must not be negative")
	case p.Clicked < 0 || p.Clicked > p.Recipients:
		return bad("phish_sim.clicked", "phish_sim.clicked must be between 0 and recipients (%d), not %d", p.Recipients, p.Clicked)
	case p.Reported < 0 || p.Reported > p.Recipients:
		return bad("phish_sim.reported", "phish_sim.reported must be between 0 and recipients (%d), not %d", p.Recipients, p.Reported)
	case p.PhishPronePct != nil && !(*p.PhishPronePct >= 0 && *p.PhishPronePct <= 100):
		return bad("phish_sim.phish_prone_pct", "phish_sim.phish_prone_pct must be between 0 and 100")
	}
	return nil
}

func checkEmailDomain(e *audit.EmailDomain) *problem {
	switch {
	case blank(e.Domain):
		return missing("email_domain.domain", "the domain name")
	case e.SPFAll != "" && !oneOf(spfAlls, e.SPFAll):
		return notOneOf("email_domain.spf_all", e.SPFAll, spfAlls)
	case e.DMARCPolicy != "" && !oneOf(dmarcPolicies, e.DMARCPolicy):
		return notOneOf("email_domain.dmarc_policy", e.DMARCPolicy, dmarcPolicies)
	case e.DMARCSubPolicy != "" && !oneOf(dmarcPolicies, e.DMARCSubPolicy):
		return notOneOf("email_domain.dmarc_sub_policy", e.DMARCSubPolicy, dmarcPolicies)
	case e.DMARCPct < 0 || e.DMARCPct > 100:
		return bad("email_domain.dmarc_pct", "email_domain.dmarc_pct must be between 0 and 100, not %d", e.DMARCPct)
	}
	return firstProblem(
		negative("email_domain.spf_records", e.SPFRecords),
		negative("email_domain.spf_lookups", e.SPFLookups),
		negative("email_domain.dmarc_records", e.DMARCRecords),
	)
}

func checkService(s *audit.Service) *problem {
	switch {
	case blank(s.Host):
		return missing("service.host", "the address or name that was reached")
	case s.Port < 1 || s.Port > 65535:
		return bad("service.port", "service.port must be between 1 and 65535, not %d", s.Port)
	case s.Proto == "":
		return missing("service.proto", strings.Join(serviceProtocols, " or "))
	case !oneOf(serviceProtocols, s.Proto):
		return notOneOf("service.proto", s.Proto, serviceProtocols)
	case blank(s.Name):
		return missing("service.name", "what the service is: rdp, smb, mssql, vnc, ssh, http, ...")
	}
	return nil
}

func checkTLS(t *audit.TLS) *problem {
	switch {
	case blank(t.Host):
		return missing("tls.host", "the host name that was checked")
	case t.Port < 1 || t.Port > 65535:
		return bad("tls.port", "tls.port must be between 1 and 65535, not %d", t.Port)
	case t.KeyBits < 0:
		return bad("tls.key_bits", "tls.key_bits must not be negative")
	}
	return nil
}

func checkScan(s *audit.Scan) *problem {
	switch {
	case blank(s.Host):
		return missing("scan.host", "the address or name that was scanned")
	case s.Open < 0:
		return bad("scan.open", "scan.open must not be negative")
	}
	for _, p := range s.Ports {
		if p < 1 || p > 65535 {
			return bad("scan.ports", "scan.ports must hold ports between 1 and 65535, not %d", p)
		}
	}
	return nil
}

func checkGap(g *audit.Gap) *problem {
	_, isSetting := settingSpecFor(g.Topic)
	switch {
	case g.Topic == "":
		return missing("gap.topic", strings.Join(gapTopics, ", ")+", or a setting name")
	case !oneOf(gapTopics, g.Topic) && !isSetting:
		return bad("gap.topic", "gap.topic %q is not one of %s, or a setting name%s", g.Topic, strings.Join(gapTopics, ", "), hint.DidYouMean(g.Topic, gapTopics))
	case blank(g.Reason):
		return missing("gap.reason", "why the evidence could not be had, in words the practice can act on")
	}
	return nil
}

func firstProblem(ps ...*problem) *problem {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}
