package check

import (
	"fmt"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// Settings kinds compare named tenant, endpoint and policy settings with
// what the catalogue wants.

func init() {
	register(Kind{
		Name: "settings.bool",
		Doc:  "A yes/no setting must have the wanted value.",
		Params: []Param{
			{Name: "name", Type: String, Required: true, Doc: "setting name, e.g. mail.auto_forward_blocked"},
			{Name: "want", Type: Bool, Required: true, Doc: "the value that passes"},
			{Name: "otherwise", Type: String, OneOf: []string{"fail", "warn"}, Doc: "verdict when the value differs: fail (default) or warn"},
			{Name: "label", Type: String, Doc: "plain words for the setting, used in the reason"},
		},
		Func: settingBool,
	})
	register(Kind{
		Name: "settings.at_least",
		Doc:  "A numeric setting must reach a target.",
		Params: []Param{
			{Name: "name", Type: String, Required: true, Doc: "setting name, e.g. audit_log.retention_days"},
			{Name: "pass", Type: Number, Required: true, Doc: "smallest value that passes"},
			{Name: "warn", Type: Number, Doc: "smallest value that only warns"},
		},
		Func: settingAtLeast,
	})
	register(Kind{
		Name: "settings.password_length",
		Doc:  "The minimum password length fits whether MFA is enforced; common passwords are banned.",
		Params: []Param{
			{Name: "min_with_mfa", Type: Int, Required: true, Doc: "shortest minimum length allowed when MFA is enforced tenant-wide"},
			{Name: "min_without_mfa", Type: Int, Required: true, Doc: "shortest minimum length allowed otherwise"},
		},
		Func: passwordLength,
	})
}

// settingWords gives each setting of the fixed vocabulary plain words for
// reasons, and the unit its number is in.
var settingWords = map[string]struct{ label, unit string }{
	"mfa.tenant_enforced":                 {label: "MFA is enforced for the whole tenant"},
	"legacy_auth.blocked":                 {label: "old sign-in methods that skip MFA are blocked"},
	"user_consent.restricted":             {label: "staff cannot approve outside apps on their own"},
	"audit_log.enabled":                   {label: "the cloud activity log is switched on"},
	"audit_log.retention_days":            {label: "The cloud activity log's retention", unit: " days"},
	"secure_score.pct":                    {label: "The Microsoft Secure Score", unit: "%"},
	"password.min_length":                 {label: "The minimum password length", unit: " characters"},
	"password.banned_list":                {label: "common and breached passwords are banned"},
	"mail.auto_forward_blocked":           {label: "automatic forwarding of email to outside addresses is blocked"},
	"mail.external_tagging":               {label: "email from outside the practice is labelled as external"},
	"mail.link_attachment_protection":     {label: "links and attachments in incoming email are scanned"},
	"office.macros_blocked_from_internet": {label: "Office macros in files from the internet are blocked"},
	"browser.hardened":                    {label: "browser security settings are enforced"},
	"ie11.disabled":                       {label: "Internet Explorer 11 is switched off"},
	"app_control.enforced":                {label: "application control is enforced on workstations"},
}

// settingHint says which evidence would settle a missing setting.
func settingHint(name string) string {
	for _, p := range []string{"office.", "browser.", "ie11.", "app_control."} {
		if strings.HasPrefix(name, p) {
			return "run the endpoint collector or add the Intune or group policy export"
		}
	}
	if strings.HasPrefix(name, "password.") {
		return "add the Active Directory or cloud password policy export"
	}
	return "add the Microsoft 365 or Google Workspace settings export"
}

// settingsNamed returns every setting fact with the name: the same setting
// can come from several systems, and each must meet the bar.
func settingsNamed(in Input, name string) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactSetting) {
		if f.Setting != nil && f.Setting.Name == name {
			out = append(out, f)
		}
	}
	return out
}

func settingBoolValue(s *audit.Setting) (bool, bool) {
	if s.Bool != nil {
		return *s.Bool, true
	}
	v, err := strconv.ParseBool(strings.TrimSpace(s.Text))
	return v, err == nil
}

func settingNumberValue(s *audit.Setting) (float64, bool) {
	if s.Number != nil {
		return *s.Number, true
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s.Text), 64)
	return v, err == nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// settingGap honours a gap recorded under the setting's own name or under
// "settings", since the spec gives settings no topic of their own.
func settingGap(f Func) Func {
	return func(in Input) Outcome {
		name := in.Params.String("name", "")
		return gapped(f, "settings", name)(in)
	}
}

// ---- settings.bool

func settingBool(in Input) Outcome {
	return settingGap(settingBoolJudge)(in)
}

func settingBoolJudge(in Input) Outcome {
	name := in.Params.String("name", "")
	want := in.Params.Bool("want", true)
	bad := audit.Fail
	if in.Params.String("otherwise", "fail") == "warn" {
		bad = audit.Warn
	}
	label := in.Params.String("label", "")
	if label == "" {
		label = settingWords[name].label
	}
	if label == "" {
		label = name
	}
	var subjects []audit.Subject
	seen := 0
	for _, f := range settingsNamed(in, name) {
		v, ok := settingBoolValue(f.Setting)
		if !ok {
			continue
		}
		seen++
		if v != want {
			subjects = append(subjects, subjectOf(name, "setting", fmt.Sprintf("%s: %s, should be %s", f.Setting.System, yesNo(v), yesNo(want)), f))
		}
	}
	if seen == 0 {
		return notChecked(fmt.Sprintf("No evidence shows whether %s; %s.", label, settingHint(name)))
	}
	if len(subjects) > 0 {
		return decided(bad, fmt.Sprintf("%s: %s, but it should be %s.", capitalise(label), yesNo(!want), yesNo(want)), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("%s: %s.", capitalise(label), yesNo(want)), nil)
}

// ---- settings.at_least

func settingAtLeast(in Input) Outcome {
	return settingGap(settingAtLeastJudge)(in)
}

func settingAtLeastJudge(in Input) Outcome {
	name := in.Params.String("name", "")
	words := settingWords[name]
	label := words.label
	if label == "" {
		label = "The setting " + name
	}
	pass := in.Params.Number("pass", 0)
	floor, hasWarn := pass, false
	if _, set := in.Params["warn"]; set && in.Params.Number("warn", pass) <= pass {
		floor, hasWarn = in.Params.Number("warn", pass), true
	}
	worst, seen := audit.Pass, 0
	var subjects []audit.Subject
	var lowest float64
	for _, f := range settingsNamed(in, name) {
		v, ok := settingNumberValue(f.Setting)
		if !ok {
			continue
		}
		if seen == 0 || v < lowest {
			lowest = v
		}
		seen++
		status := audit.Pass
		switch {
		case v >= pass:
			continue
		case hasWarn && v >= floor:
			status = audit.Warn
		default:
			status = audit.Fail
		}
		worst = audit.Worse(worst, status)
		subjects = append(subjects, subjectOf(name, "setting", fmt.Sprintf("%s: %s%s, target %s%s", f.Setting.System, num(v), words.unit, num(pass), words.unit), f))
	}
	if seen == 0 {
		return notChecked(fmt.Sprintf("No evidence shows %s; %s.", strings.ToLower(label[:1])+label[1:], settingHint(name)))
	}
	value := num(lowest) + words.unit
	switch worst {
	case audit.Fail:
		return decided(audit.Fail, fmt.Sprintf("%s is %s, below the minimum of %s%s.", label, value, num(floor), words.unit), subjects)
	case audit.Warn:
		return decided(audit.Warn, fmt.Sprintf("%s is %s, below the target of %s%s.", label, value, num(pass), words.unit), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("%s is %s, meeting the target of %s%s.", label, value, num(pass), words.unit), nil)
}

// ---- settings.password_length

func passwordLength(in Input) Outcome {
	return gapped(passwordLengthJudge, "settings", "password.min_length", "password.banned_list")(in)
}

func passwordLengthJudge(in Input) Outcome {
	// Without evidence that MFA is enforced, the stricter single-factor
	// minimum applies: a careful auditor does not assume the second factor.
	enforced, _, known := tenantMFA(in)
	need, why := in.Params.Int("min_without_mfa", 14), "without tenant-wide MFA"
	if known && enforced {
		need, why = in.Params.Int("min_with_mfa", 8), "with tenant-wide MFA"
	}
	var short []audit.Subject
	seen, lowest := 0, 0
	for _, f := range settingsNamed(in, "password.min_length") {
		v, ok := settingNumberValue(f.Setting)
		if !ok {
			continue
		}
		if seen == 0 || int(v) < lowest {
			lowest = int(v)
		}
		seen++
		if int(v) < need {
			short = append(short, subjectOf("password.min_length", "setting", fmt.Sprintf("%s: minimum %d characters, needs %d", f.Setting.System, int(v), need), f))
		}
	}
	if seen == 0 {
		return notChecked("No password policy was found; add the Active Directory or cloud password policy export.")
	}
	if len(short) > 0 {
		return decided(audit.Fail, fmt.Sprintf("The minimum password length is %d characters; %s it should be at least %d.", lowest, why, need), short)
	}
	var unbanned []audit.Subject
	for _, f := range settingsNamed(in, "password.banned_list") {
		if v, ok := settingBoolValue(f.Setting); ok && !v {
			unbanned = append(unbanned, subjectOf("password.banned_list", "setting", f.Setting.System+": no banned-password list", f))
		}
	}
	if len(unbanned) > 0 {
		return decided(audit.Warn, fmt.Sprintf("The minimum password length of %d characters is enough %s, but common passwords are not banned.", lowest, why), unbanned)
	}
	return decided(audit.Pass, fmt.Sprintf("The minimum password length of %d characters is enough %s.", lowest, why), nil)
}
