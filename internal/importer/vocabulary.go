package importer

// settingSpec describes one setting name: which value field it uses and the
// allowed range of numbers. docs/facts-schema.md explains each.
type settingSpec struct {
	name   string
	number bool    // the value is in number; otherwise in bool
	max    float64 // upper bound for numbers; 0 means none
}

// settingNames is the closed vocabulary of setting names. A check reads a
// setting by name, so a misspelt name would silently count as missing;
// facts.json therefore refuses names not listed here.
var settingNames = []settingSpec{
	{name: "mfa.tenant_enforced"},
	{name: "legacy_auth.blocked"},
	{name: "user_consent.restricted"},
	{name: "audit_log.enabled"},
	{name: "audit_log.retention_days", number: true},
	{name: "secure_score.pct", number: true, max: 100},
	{name: "password.min_length", number: true},
	{name: "password.banned_list"},
	{name: "mail.auto_forward_blocked"},
	{name: "mail.external_tagging"},
	{name: "mail.link_attachment_protection"},
	{name: "office.macros_blocked_from_internet"},
	{name: "browser.hardened"},
	{name: "ie11.disabled"},
	{name: "app_control.enforced"},
}

func settingSpecFor(name string) (settingSpec, bool) {
	for _, s := range settingNames {
		if s.name == name {
			return s, true
		}
	}
	return settingSpec{}, false
}

// gapTopics are the evidence topics a gap fact may name; check kinds honour
// them (docs/check-kinds.md). A setting name is also a topic: the gap of
// that one setting, where "settings" is the gap of all of them.
var gapTopics = []string{
	"accounts", "accounts.sign_in", "accounts.mfa", "accounts.roles",
	"devices", "devices.encryption", "devices.firewall", "devices.screen_lock",
	"software", "backups", "restore", "training", "phishing", "email", "scan",
	"settings",
}

// Closed word lists for other fields.
var (
	accountKinds     = []string{"member", "guest", "service", "shared_mailbox"}
	deviceKinds      = []string{"workstation", "laptop", "server", "mobile", "network", "other"}
	deviceOSes       = []string{"windows", "macos", "linux", "ios", "android", "other"}
	softwareKinds    = []string{"browser", "office", "pdf", "email", "security", "pms", "database", "remote_access", "other"}
	backupResults    = []string{"success", "warning", "failed"}
	restoreResults   = []string{"success", "failed"}
	spfAlls          = []string{"-all", "~all", "?all", "+all"}
	dmarcPolicies    = []string{"none", "quarantine", "reject"}
	serviceProtocols = []string{"tcp", "udp"}
)

func oneOf(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
