package audit

import "time"

// FactKind names what a fact describes. Each kind has one payload field in
// Fact, named like the kind.
type FactKind string

// The fact kinds. Importers, probes and the collector only ever produce these.
const (
	FactAccount     FactKind = "account"
	FactSetting     FactKind = "setting"
	FactDevice      FactKind = "device"
	FactSoftware    FactKind = "software"
	FactBackup      FactKind = "backup"
	FactRestoreTest FactKind = "restore_test"
	FactTraining    FactKind = "training"
	FactPhishSim    FactKind = "phish_sim"
	FactEmailDomain FactKind = "email_domain"
	FactService     FactKind = "service"
	FactTLS         FactKind = "tls"
	FactScan        FactKind = "scan"
	FactGap         FactKind = "gap"
)

// FactKinds lists every kind.
var FactKinds = []FactKind{FactAccount, FactSetting, FactDevice, FactSoftware, FactBackup,
	FactRestoreTest, FactTraining, FactPhishSim, FactEmailDomain, FactService, FactTLS, FactScan, FactGap}

// Fact is one piece of evidence with where it came from. Exactly one payload
// field, the one named by Kind, is set.
type Fact struct {
	Kind   FactKind `json:"kind"`
	Source Source   `json:"source"`

	Account     *Account     `json:"account,omitempty"`
	Setting     *Setting     `json:"setting,omitempty"`
	Device      *Device      `json:"device,omitempty"`
	Software    *Software    `json:"software,omitempty"`
	Backup      *Backup      `json:"backup,omitempty"`
	RestoreTest *RestoreTest `json:"restore_test,omitempty"`
	Training    *Training    `json:"training,omitempty"`
	PhishSim    *PhishSim    `json:"phish_sim,omitempty"`
	EmailDomain *EmailDomain `json:"email_domain,omitempty"`
	Service     *Service     `json:"service,omitempty"`
	TLS         *TLS         `json:"tls,omitempty"`
	Scan        *Scan        `json:"scan,omitempty"`
	Gap         *Gap         `json:"gap,omitempty"`
}

// Source is a fact's provenance: which file, where in it, and when.
type Source struct {
	File        string     `json:"file,omitempty"`
	Line        int        `json:"line,omitempty"`
	Path        string     `json:"path,omitempty"` // JSON path or other locator
	SHA256      string     `json:"sha256,omitempty"`
	CollectedAt *time.Time `json:"collected_at,omitempty"`
}

// Account kinds.
const (
	AccountMember        = "member"
	AccountGuest         = "guest"
	AccountService       = "service"
	AccountSharedMailbox = "shared_mailbox"
)

// UnnamedAdminRole stands in AdminRoles for a source that says an account
// is an admin without saying which role (the Entra MFA registration report):
// it counts as an admin, but not as holding any particular role.
const UnnamedAdminRole = "admin role (not named in the MFA registration report)"

// Account is a sign-in identity in one system (Entra ID, AD, Google, the PMS,
// a local machine). Pointer fields are nil when the source does not say.
type Account struct {
	System string `json:"system"` // entra, ad, google, pms, local, ...
	ID     string `json:"id"`     // stable within the system: UPN, DOMAIN\sam, email
	// ObjectID is the directory's immutable id (Entra object id), used to
	// join role assignments that name only the principal's id.
	ObjectID string `json:"object_id,omitempty"`
	// Partial marks a fact from a source that describes an account without
	// saying whether it is enabled (MFA registration, role assignments,
	// sign-in logs). The engine merges it into the full account with the same
	// system and id (or object id); it is never judged on its own.
	Partial     bool   `json:"partial,omitempty"`
	UPN         string `json:"upn,omitempty"`
	Email       string `json:"email,omitempty"`
	SAM         string `json:"sam,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	Kind        string `json:"kind"` // member, guest, service, shared_mailbox
	Enabled     bool   `json:"enabled"`
	// DisabledOn is when the account was disabled, where the source says.
	DisabledOn *time.Time `json:"disabled_on,omitempty"`
	Created    *time.Time `json:"created,omitempty"`
	// LastSignIn is the last successful sign-in. SignInKnown is false when the
	// source cannot tell (no licence, not exported); then LastSignIn is
	// meaningless. With SignInKnown true, a nil LastSignIn means never.
	LastSignIn  *time.Time `json:"last_sign_in,omitempty"`
	SignInKnown bool       `json:"sign_in_known"`
	// SignInLagDays is how stale the source's sign-in time may be (AD
	// lastLogonTimestamp replicates up to 14 days late).
	SignInLagDays int `json:"sign_in_lag_days,omitempty"`

	MFARegistered *bool    `json:"mfa_registered,omitempty"`
	MFACapable    *bool    `json:"mfa_capable,omitempty"`
	MFAEnforced   *bool    `json:"mfa_enforced,omitempty"`
	MFAMethods    []string `json:"mfa_methods,omitempty"`

	AdminRoles  []string   `json:"admin_roles,omitempty"`
	HasMailbox  *bool      `json:"has_mailbox,omitempty"`
	Licensed    *bool      `json:"licensed,omitempty"`
	Vendor      string     `json:"vendor,omitempty"` // outside party the account belongs to
	Shared      bool       `json:"shared,omitempty"` // known to be used by several people
	PasswordSet *time.Time `json:"password_set,omitempty"`
	// PasswordNeverExpires and PasswordNotRequired come from directory flags.
	PasswordNeverExpires bool `json:"password_never_expires,omitempty"`
	PasswordNotRequired  bool `json:"password_not_required,omitempty"`
	// LegacyAuthSignIns and SingleFactorSignIns count sign-ins seen in logs.
	LegacyAuthSignIns   int `json:"legacy_auth_sign_ins,omitempty"`
	SingleFactorSignIns int `json:"single_factor_sign_ins,omitempty"`
	// MaxDevicesPerDay is the most distinct devices seen signing in on one day.
	MaxDevicesPerDay int `json:"max_devices_per_day,omitempty"`
}

// Setting is a named configuration value of a system or tenant, such as
// mfa.tenant_enforced or password.min_length. The vocabulary of names is in
// docs/facts-schema.md.
type Setting struct {
	System string   `json:"system"`
	Name   string   `json:"name"`
	Bool   *bool    `json:"bool,omitempty"`
	Number *float64 `json:"number,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Device kinds.
const (
	DeviceWorkstation = "workstation"
	DeviceLaptop      = "laptop"
	DeviceServer      = "server"
	DeviceMobile      = "mobile"
	DeviceNetwork     = "network"
	DeviceOther       = "other"
)

// Device is a computer, server, phone or appliance.
type Device struct {
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`              // workstation, laptop, server, mobile, network, other
	OS        string     `json:"os,omitempty"`      // windows, macos, linux, ios, android
	OSName    string     `json:"os_name,omitempty"` // e.g. Windows 10 Pro
	OSVersion string     `json:"os_version,omitempty"`
	Build     string     `json:"build,omitempty"` // e.g. 10.0.19045.5011
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	// OSSupportEnds is the vendor's end of security updates for this OS
	// release, when known from reference data.
	OSSupportEnds *Date `json:"os_support_ends,omitempty"`
	// LastPatched is when the latest OS security update was installed;
	// MissingUpdateSince the release date of the oldest security update not
	// yet installed (nil when up to date or unknown).
	LastPatched        *time.Time `json:"last_patched,omitempty"`
	MissingUpdateSince *Date      `json:"missing_update_since,omitempty"`
	InternetFacing     bool       `json:"internet_facing,omitempty"`
	Encrypted          *bool      `json:"encrypted,omitempty"`
	RecoveryKeyEscrow  *bool      `json:"recovery_key_escrowed,omitempty"`
	EndpointProtection *bool      `json:"endpoint_protection,omitempty"` // active real-time protection
	AVProduct          string     `json:"av_product,omitempty"`
	SignatureAgeDays   *int       `json:"signature_age_days,omitempty"`
	Firewall           *bool      `json:"firewall,omitempty"`
	LocalAdmins        []string   `json:"local_admins,omitempty"`
	LAPS               *bool      `json:"laps,omitempty"`
	ScreenLockSeconds  *int       `json:"screen_lock_seconds,omitempty"`
	Managed            *bool      `json:"managed,omitempty"` // enrolled in device management
	HoldsPatientData   bool       `json:"holds_patient_data,omitempty"`
	InInventory        *bool      `json:"in_inventory,omitempty"`
	Owner              string     `json:"owner,omitempty"`
}

// Software categories that patch and support rules treat differently.
const (
	SoftwareBrowser      = "browser"
	SoftwareOffice       = "office"
	SoftwarePDF          = "pdf"
	SoftwareEmail        = "email"
	SoftwareSecurity     = "security"
	SoftwarePMS          = "pms"
	SoftwareDatabase     = "database"
	SoftwareRemoteAccess = "remote_access"
	SoftwareOther        = "other"
)

// Software is a program installed on a device.
type Software struct {
	Device    string `json:"device"`
	Name      string `json:"name"`
	Publisher string `json:"publisher,omitempty"`
	Version   string `json:"version,omitempty"`
	Category  string `json:"category,omitempty"`
	// Product and Cycle name the matched lifecycle entry, e.g. mssqlserver 2014.
	Product string `json:"product,omitempty"`
	Cycle   string `json:"cycle,omitempty"`
	// EndOfLife is the vendor's end of security support for this release.
	EndOfLife *Date `json:"end_of_life,omitempty"`
	// UpdateAvailableSince is the release date of the oldest newer version
	// with security fixes that is not installed.
	UpdateAvailableSince *Date    `json:"update_available_since,omitempty"`
	KEV                  []string `json:"kev,omitempty"` // known-exploited CVE ids
	// Unattended is set for remote-access tools that accept connections
	// without someone at the machine.
	Unattended *bool `json:"unattended,omitempty"`
}

// Backup is the outcome of one backup job run.
type Backup struct {
	Job           string    `json:"job"`
	Asset         string    `json:"asset"`            // what was backed up: a server, a database
	System        string    `json:"system,omitempty"` // veeam, wsb, sqlserver, ...
	End           time.Time `json:"end"`
	Result        string    `json:"result"` // success, warning, failed
	Offsite       *bool     `json:"offsite,omitempty"`
	Immutable     *bool     `json:"immutable,omitempty"`
	ImmutableDays *int      `json:"immutable_days,omitempty"`
	Encrypted     *bool     `json:"encrypted,omitempty"`
	Alerting      *bool     `json:"alerting,omitempty"` // someone is told when it fails
}

// RestoreTest records a test restore of an asset.
type RestoreTest struct {
	Asset  string  `json:"asset"`
	Date   Date    `json:"date"`
	Hours  float64 `json:"hours,omitempty"`
	Result string  `json:"result"` // success or failed
	Full   bool    `json:"full"`   // whole system, not a file or VERIFYONLY
}

// Training is one person's completion (or enrolment) of a course.
type Training struct {
	Person      string `json:"person"` // email or name
	Course      string `json:"course"`
	CompletedOn *Date  `json:"completed_on,omitempty"`
	Healthcare  bool   `json:"healthcare,omitempty"` // covers healthcare lures
}

// PhishSim summarises one phishing simulation campaign.
type PhishSim struct {
	Campaign      string   `json:"campaign"`
	Date          Date     `json:"date"`
	Recipients    int      `json:"recipients"`
	Clicked       int      `json:"clicked"`
	Reported      int      `json:"reported"`
	PhishPronePct *float64 `json:"phish_prone_pct,omitempty"`
	Healthcare    bool     `json:"healthcare,omitempty"` // healthcare-themed template
}

// EmailDomain is what DNS says about a domain's email authentication.
// Error is set when DNS could not be read; then the rest is unknown.
type EmailDomain struct {
	Domain string `json:"domain"`
	Error  string `json:"error,omitempty"`

	MX         []string `json:"mx,omitempty"`
	MXFiltered *bool    `json:"mx_filtered,omitempty"` // MX points at a filtering service

	SPFRecords int    `json:"spf_records"`
	SPFAll     string `json:"spf_all,omitempty"` // -all, ~all, ?all, +all, or empty
	SPFLookups int    `json:"spf_lookups,omitempty"`
	SPFError   string `json:"spf_error,omitempty"` // permerror/temperror text

	DMARCRecords   int    `json:"dmarc_records"`
	DMARCPolicy    string `json:"dmarc_policy,omitempty"` // none, quarantine, reject
	DMARCSubPolicy string `json:"dmarc_sub_policy,omitempty"`
	DMARCPct       int    `json:"dmarc_pct,omitempty"`
	DMARCRua       bool   `json:"dmarc_rua,omitempty"`

	DKIMChecked   bool     `json:"dkim_checked,omitempty"`
	DKIMSelectors []string `json:"dkim_selectors,omitempty"` // selectors with a valid key
	// DKIMShortKeys are the selectors among DKIMSelectors whose RSA key is
	// shorter than 2048 bits (1024 works, but RFC 8301 asks for 2048).
	DKIMShortKeys []string `json:"dkim_short_keys,omitempty"`
}

// Service is a network service found reachable from the internet.
type Service struct {
	Host    string   `json:"host"`
	Port    int      `json:"port"`
	Proto   string   `json:"proto"` // tcp or udp
	Name    string   `json:"name"`  // rdp, smb, mssql, vnc, telnet, ftp, ssh, http, ...
	Product string   `json:"product,omitempty"`
	Version string   `json:"version,omitempty"`
	Admin   bool     `json:"admin,omitempty"`  // an admin or management interface
	Remote  bool     `json:"remote,omitempty"` // a remote-access portal (VPN, RD Web)
	KEV     []string `json:"kev,omitempty"`
	// KEVByProduct says the KEV ids were matched by product alone: the
	// catalogue lists no affected versions, so whether this device still
	// has the flaws depends on its firmware, which the scan cannot see.
	KEVByProduct bool `json:"kev_by_product,omitempty"`
}

// TLS is what a TLS endpoint offers.
type TLS struct {
	Host          string     `json:"host"`
	Port          int        `json:"port"`
	Versions      []string   `json:"versions,omitempty"` // e.g. TLS1.0, TLS1.2
	NotAfter      *time.Time `json:"not_after,omitempty"`
	HostnameMatch *bool      `json:"hostname_match,omitempty"`
	ChainValid    *bool      `json:"chain_valid,omitempty"`
	KeyBits       int        `json:"key_bits,omitempty"`
	HSTS          *bool      `json:"hsts,omitempty"`
	Error         string     `json:"error,omitempty"`
}

// Scan records that a host's ports were scanned from the internet, so that
// a scan which found nothing dangerous open can pass instead of looking like
// no scan at all. Error is set when the host could not be scanned.
type Scan struct {
	Host  string `json:"host"`
	Ports []int  `json:"ports"`
	Open  int    `json:"open"`
	Error string `json:"error,omitempty"`
}

// Gap records that some evidence could not be had, and why. Checks that need
// the topic report not_checked with the reason instead of guessing.
type Gap struct {
	Topic  string `json:"topic"` // e.g. accounts.sign_in, accounts.mfa, devices, backups
	Reason string `json:"reason"`
}
