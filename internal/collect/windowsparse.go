package collect

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Parsers of Windows command output: reg.exe, PowerShell's ConvertTo-Json,
// net.exe, whoami.exe, manage-bde.exe and powercfg.exe. They take text, so
// they run and are tested on any platform.

// regValue is one registry value as `reg query` prints it.
type regValue struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Data string `json:"data"`
}

// regKey is one key and its values.
type regKey struct {
	Path   string     `json:"path"`
	Values []regValue `json:"values,omitempty"`
}

// value returns a value by name; registry names ignore case.
func (k regKey) value(name string) (regValue, bool) {
	for _, v := range k.Values {
		if strings.EqualFold(v.Name, name) {
			return v, true
		}
	}
	return regValue{}, false
}

// str returns a value's data, or "" when absent.
func (k regKey) str(name string) string {
	v, _ := k.value(name)
	return v.Data
}

// dword returns a REG_DWORD (or a number stored as text) and whether it is
// there and readable.
func (k regKey) dword(name string) (int64, bool) {
	v, ok := k.value(name)
	if !ok {
		return 0, false
	}
	return regNumber(v.Data)
}

// regNumber reads "0x1393" (reg.exe prints DWORDs in hex) or "900".
func regNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	var n int64
	var err error
	if strings.HasPrefix(strings.ToLower(s), "0x") {
		var u uint64
		u, err = strconv.ParseUint(s[2:], 16, 64)
		n = int64(u)
	} else {
		n, err = strconv.ParseInt(s, 10, 64)
	}
	return n, err == nil
}

// regValueLine is "    Name    REG_TYPE    Data": four spaces before and
// between the fields; the data may be empty, the name may hold spaces.
var regValueLine = regexp.MustCompile(`^    (.*?)    (REG_[A-Z0-9_]+)(?:    (.*))?$`)

// parseReg reads `reg query KEY [/s]`: a key's full path on a line of its
// own, then its values, indented. Subkeys listed without /s appear as keys
// without values.
func parseReg(data string) []regKey {
	var out []regKey
	for _, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "HKEY_") {
			out = append(out, regKey{Path: line})
			continue
		}
		m := regValueLine.FindStringSubmatch(line)
		if m == nil || len(out) == 0 {
			continue
		}
		name := m[1]
		if name == "(Default)" {
			name = ""
		}
		out[len(out)-1].Values = append(out[len(out)-1].Values, regValue{Name: name, Type: m[2], Data: m[3]})
	}
	return out
}

// regFind returns the key whose path ends with suffix (any case).
func regFind(keys []regKey, suffix string) (regKey, bool) {
	suffix = strings.ToLower(suffix)
	for _, k := range keys {
		if strings.HasSuffix(strings.ToLower(k.Path), suffix) {
			return k, true
		}
	}
	return regKey{}, false
}

// windowsRelease is what CurrentVersion says about the installed Windows.
type windowsRelease struct {
	Name    string `json:"name"`    // Windows 11 Pro
	Version string `json:"version"` // 23H2
	Build   string `json:"build"`   // 10.0.22631.3737
	Server  bool   `json:"server"`
	Edition string `json:"edition,omitempty"`
}

// parseWindowsRelease reads HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion.
// Windows 11 still calls itself "Windows 10" in ProductName; the build
// number (22000 and later) tells them apart, as Microsoft documents.
func parseWindowsRelease(k regKey) windowsRelease {
	r := windowsRelease{Name: strings.TrimSpace(k.str("ProductName")), Edition: k.str("EditionID")}
	r.Name = strings.TrimPrefix(r.Name, "Microsoft ")
	r.Version = k.str("DisplayVersion")
	if r.Version == "" {
		r.Version = k.str("ReleaseId")
	}
	if r.Version == "" {
		r.Version = k.str("CSDVersion") // Windows 7 / 2008 R2: "Service Pack 1"
	}
	build := k.str("CurrentBuild")
	if build == "" {
		build = k.str("CurrentBuildNumber")
	}
	major, okMaj := k.dword("CurrentMajorVersionNumber")
	minor, okMin := k.dword("CurrentMinorVersionNumber")
	prefix := k.str("CurrentVersion") // 6.3 before Windows 10
	if okMaj && okMin {
		prefix = strconv.FormatInt(major, 10) + "." + strconv.FormatInt(minor, 10)
	}
	if build != "" {
		r.Build = build
		if prefix != "" {
			r.Build = prefix + "." + build
		}
		if ubr, ok := k.dword("UBR"); ok {
			r.Build += "." + strconv.FormatInt(ubr, 10)
		}
	}
	it := strings.ToLower(k.str("InstallationType"))
	r.Server = strings.HasPrefix(it, "server") || strings.Contains(strings.ToLower(r.Name), "server")
	if n, err := strconv.Atoi(build); err == nil && n >= 22000 && !r.Server && strings.HasPrefix(r.Name, "Windows 10") {
		r.Name = "Windows 11" + strings.TrimPrefix(r.Name, "Windows 10")
	}
	return r
}

// program is one entry of Add or Remove Programs.
type program struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Key       string `json:"key"`
}

// uninstallPrograms reads `reg query ...\Uninstall /s`. Like Add or Remove
// Programs it skips entries without a DisplayName, system components,
// and updates that belong to another entry.
func uninstallPrograms(keys []regKey) []program {
	var out []program
	for _, k := range keys {
		name := strings.TrimSpace(k.str("DisplayName"))
		if name == "" {
			continue
		}
		if sc, ok := k.dword("SystemComponent"); ok && sc == 1 {
			continue
		}
		if k.str("ParentKeyName") != "" {
			continue
		}
		switch strings.ToLower(k.str("ReleaseType")) {
		case "update", "hotfix", "security update", "service pack":
			continue
		}
		out = append(out, program{Name: name, Version: strings.TrimSpace(k.str("DisplayVersion")),
			Publisher: strings.TrimSpace(k.str("Publisher")), Key: k.Path})
	}
	return out
}

// jsonList decodes PowerShell's ConvertTo-Json, which writes a single
// object bare and several as an array, into a slice either way.
func jsonList[T any](data []byte) ([]T, error) {
	s := strings.TrimSpace(strings.TrimPrefix(string(data), "\ufeff"))
	if s == "" {
		return nil, nil
	}
	if strings.HasPrefix(s, "[") {
		var out []T
		err := json.Unmarshal([]byte(s), &out)
		return out, err
	}
	var one T
	if err := json.Unmarshal([]byte(s), &one); err != nil {
		return nil, err
	}
	return []T{one}, nil
}

// hotfix is one row of Get-HotFix, InstalledOn formatted yyyy-MM-dd by the
// command (PowerShell's own date format varies by version and locale).
type hotfix struct {
	HotFixID    string `json:"HotFixID"`
	InstalledOn string `json:"InstalledOn"`
}

// newestHotfix returns the install date of the latest update.
func newestHotfix(data []byte, zone *time.Location) (time.Time, string, error) {
	rows, err := jsonList[hotfix](data)
	if err != nil {
		return time.Time{}, "", err
	}
	var best time.Time
	var id string
	for _, r := range rows {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(r.InstalledOn), zone)
		if err == nil && t.After(best) {
			best, id = t, r.HotFixID
		}
	}
	return best, id, nil
}

// avProduct is one AntiVirusProduct from Security Center (root\SecurityCenter2).
type avProduct struct {
	Name         string `json:"displayName"`
	ProductState int64  `json:"productState"`
}

// securityCenter is the output of the collector's Security Center query.
type securityCenter struct {
	AntiVirus []avProduct `json:"AntiVirus"`
	Firewall  []avProduct `json:"Firewall"`
}

func parseSecurityCenter(data []byte) (securityCenter, error) {
	var sc securityCenter
	s := strings.TrimSpace(strings.TrimPrefix(string(data), "\ufeff"))
	if s == "" {
		return sc, nil
	}
	err := json.Unmarshal([]byte(s), &sc)
	return sc, err
}

// productStateOn decodes Security Center's productState: the second byte
// says whether the product is on (0x10 on, 0x11 on and snoozed; 0x00 and
// 0x01 off) and the low byte whether its signatures are current (0x00) or
// out of date (0x10). Microsoft does not document the layout; it is the
// one Security Center itself and every management tool reads.
func productStateOn(state int64) (on, current bool) {
	s := (state >> 8) & 0xff
	return s == 0x10 || s == 0x11, state&0xff == 0x00
}

// defenderStatus is the part of Get-MpComputerStatus the collector keeps.
type defenderStatus struct {
	AMServiceEnabled          bool `json:"AMServiceEnabled"`
	AntivirusEnabled          bool `json:"AntivirusEnabled"`
	RealTimeProtectionEnabled bool `json:"RealTimeProtectionEnabled"`
	AntivirusSignatureAge     *int `json:"AntivirusSignatureAge"`
}

func parseDefender(data []byte) (defenderStatus, bool, error) {
	rows, err := jsonList[defenderStatus](data)
	if err != nil || len(rows) == 0 {
		return defenderStatus{}, false, err
	}
	return rows[0], true, nil
}

// firewallProfile is one row of Get-NetFirewallProfile, Enabled as text.
type firewallProfile struct {
	Name    string `json:"Name"`
	Enabled string `json:"Enabled"`
}

// firewallProfilesOn reports whether every profile (Domain, Private,
// Public) is on; the list of profiles that are off; and whether any
// profile was read.
func firewallProfilesOn(data []byte) (bool, []string, bool) {
	rows, err := jsonList[firewallProfile](data)
	if err != nil || len(rows) == 0 {
		return false, nil, false
	}
	var off []string
	for _, r := range rows {
		if !strings.EqualFold(strings.TrimSpace(r.Enabled), "True") {
			off = append(off, r.Name)
		}
	}
	return len(off) == 0, off, true
}

// parseNetLocalGroup reads `net localgroup <group>`: a header, a line of
// dashes, one member per line, then a closing status line. The header and
// status are in the machine's language, so members are found by position:
// everything after the dashes except the last line.
func parseNetLocalGroup(data string) ([]string, bool) {
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	start := -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if len(t) >= 10 && strings.Trim(t, "-") == "" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, false
	}
	var rest []string
	for _, l := range lines[start:] {
		if t := strings.TrimSpace(l); t != "" {
			rest = append(rest, t)
		}
	}
	if len(rest) == 0 {
		return nil, false
	}
	return rest[:len(rest)-1], true
}

// tokenLevel reads `whoami /groups`: the mandatory label of the process
// token says whether it runs elevated (High, S-1-16-12288) or as the
// system (System, S-1-16-16384: an RMM agent or scheduled task).
func tokenLevel(data string) (elevated, system bool) {
	system = strings.Contains(data, "S-1-16-16384")
	elevated = system || strings.Contains(data, "S-1-16-12288")
	return elevated, system
}

// bdeVolume is one volume of `manage-bde -status`.
type bdeVolume struct {
	Volume     string `json:"volume"` // C:
	Conversion string `json:"conversion"`
	Protection string `json:"protection"`
	Percentage string `json:"percentage,omitempty"`
}

// encrypted: fully encrypted with protection on. Suspended protection
// leaves the key in the clear on the disk, so it protects nothing.
func (v bdeVolume) encrypted() bool {
	conv := strings.ToLower(v.Conversion)
	return (conv == "fully encrypted" || conv == "used space only encrypted") && strings.EqualFold(v.Protection, "Protection On")
}

var bdeVolumeLine = regexp.MustCompile(`^Volume ([A-Za-z]:)`)

// parseManageBDE reads `manage-bde -status` (English output).
func parseManageBDE(data string) []bdeVolume {
	var out []bdeVolume
	for _, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if m := bdeVolumeLine.FindStringSubmatch(line); m != nil {
			out = append(out, bdeVolume{Volume: strings.ToUpper(m[1])})
			continue
		}
		if len(out) == 0 {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		cur := &out[len(out)-1]
		switch strings.TrimSpace(k) {
		case "Conversion Status":
			cur.Conversion = v
		case "Protection Status":
			cur.Protection = v
		case "Percentage Encrypted":
			cur.Percentage = v
		}
	}
	return out
}

var powercfgIndex = regexp.MustCompile(`:\s*0x([0-9a-fA-F]{8})\s*$`)

// powercfgCurrent reads `powercfg /query SCHEME_CURRENT SUB GUID`: the
// current AC and DC values are the last two hexadecimal values printed
// (the labels are in the machine's language, the layout is not).
func powercfgCurrent(data string) (ac, dc int64, ok bool) {
	var vals []int64
	for _, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if m := powercfgIndex.FindStringSubmatch(line); m != nil {
			n, err := strconv.ParseInt(m[1], 16, 64)
			if err == nil {
				vals = append(vals, n)
			}
		}
	}
	if len(vals) < 2 {
		return 0, 0, false
	}
	return vals[len(vals)-2], vals[len(vals)-1], true
}

// screenLockInputs are the Windows settings that lock an idle screen.
type screenLockInputs struct {
	// InactivitySecs is the machine inactivity limit (policy), 0 if unset.
	InactivitySecs int64 `json:"inactivity_secs"`
	// Saver: a screen saver is chosen and active, asks for the password
	// on resume, and starts after SaverSecs.
	SaverKnown bool  `json:"saver_known"`
	Saver      bool  `json:"saver"`
	SaverSecs  int64 `json:"saver_secs"`
	// Sleep: the PC sleeps on mains power after SleepSecs (0 never) and
	// asks for the password on wake.
	SleepKnown bool  `json:"sleep_known"`
	SleepSecs  int64 `json:"sleep_secs"`
	WakeLock   bool  `json:"wake_lock"`
}

// screenSaver combines the user's screen-saver settings with the policy
// ones, which win value by value.
func screenSaver(user, policy regKey) (on bool, secs int64) {
	get := func(name string) string {
		if v, ok := policy.value(name); ok {
			return v.Data
		}
		return user.str(name)
	}
	active := strings.TrimSpace(get("ScreenSaveActive")) == "1"
	secure := strings.TrimSpace(get("ScreenSaverIsSecure")) == "1"
	exe := strings.TrimSpace(get("SCRNSAVE.EXE"))
	t, ok := regNumber(get("ScreenSaveTimeOut"))
	return active && secure && exe != "" && ok && t > 0, t
}

// seconds is how long an idle PC on mains power stays unlocked: the
// shortest of the ways it can lock, 0 when none applies (never locks).
// Unless every way was read, the answer is unknown: an unread one could
// lock sooner than the ones read, or be the only one.
func (s screenLockInputs) seconds() (int, bool) {
	if !s.SaverKnown || !s.SleepKnown {
		return 0, false
	}
	var best int64
	consider := func(v int64) {
		if v > 0 && (best == 0 || v < best) {
			best = v
		}
	}
	consider(s.InactivitySecs)
	if s.Saver {
		consider(s.SaverSecs)
	}
	if s.SleepKnown && s.WakeLock {
		consider(s.SleepSecs)
	}
	return int(best), true
}

// officeApps are the Office programs whose macro policy counts: the ones
// that open the documents and spreadsheets arriving by email.
var officeApps = []string{"word", "excel", "powerpoint"}

// officeMacroPolicy reads `reg query HKCU\Software\Policies\Microsoft\Office\16.0 /s`
// and reports, per app, whether policy blocks macros in files from the
// internet: "Block macros from running in Office files from the internet"
// (blockcontentexecutionfrominternet = 1), or all macros disabled without
// notification (vbawarnings = 4).
func officeMacroPolicy(keys []regKey) map[string]bool {
	out := map[string]bool{}
	for _, app := range officeApps {
		k, ok := regFind(keys, `\16.0\`+app+`\security`)
		if !ok {
			out[app] = false
			continue
		}
		block, _ := k.dword("blockcontentexecutionfrominternet")
		warn, _ := k.dword("vbawarnings")
		out[app] = block == 1 || warn == 4
	}
	return out
}

// lapsPolicy reads the LAPS policy keys. Windows LAPS is on when its
// policy names a directory to back the password up to (BackupDirectory 1
// Entra ID, 2 Active Directory), whether set by Intune (CSP) or by group
// policy; legacy Microsoft LAPS when AdmPwdEnabled is 1.
func lapsPolicy(csp, gpo, legacy []regKey) (on bool, how string) {
	for _, src := range []struct {
		keys []regKey
		name string
	}{{csp, "Windows LAPS (Intune policy)"}, {gpo, "Windows LAPS (group policy)"}} {
		for _, k := range src.keys {
			if d, ok := k.dword("BackupDirectory"); ok && (d == 1 || d == 2) {
				return true, src.name
			}
		}
	}
	for _, k := range legacy {
		if d, ok := k.dword("AdmPwdEnabled"); ok && d == 1 {
			return true, "Microsoft LAPS (legacy)"
		}
	}
	return false, ""
}

// rdpState reads Terminal Server settings: fDenyTSConnections 0 allows
// Remote Desktop; UserAuthentication 1 requires Network Level
// Authentication. Policy values win over the local ones.
type rdpState struct {
	Known   bool `json:"known"`
	Enabled bool `json:"enabled"`
	NLA     bool `json:"nla"`
}

func parseRDP(ts, rdpTcp, policy []regKey) rdpState {
	var st rdpState
	pick := func(name string, local []regKey) (int64, bool) {
		for _, k := range policy {
			if v, ok := k.dword(name); ok {
				return v, true
			}
		}
		for _, k := range local {
			if v, ok := k.dword(name); ok {
				return v, true
			}
		}
		return 0, false
	}
	deny, ok := pick("fDenyTSConnections", ts)
	if !ok {
		return st
	}
	st.Known, st.Enabled = true, deny == 0
	nla, ok := pick("UserAuthentication", rdpTcp)
	st.NLA = ok && nla == 1
	return st
}

// smb1Server reads LanmanServer\Parameters: SMB1 = 0 switches the SMBv1
// server off; absent means the Windows default (off from Windows 10 1709
// unless the feature was added back), which only an administrator's
// Get-SmbServerConfiguration confirms.
func smb1Server(keys []regKey) (enabled, known bool) {
	for _, k := range keys {
		if v, ok := k.dword("SMB1"); ok {
			return v != 0, true
		}
	}
	return false, false
}

// smbConfig is Get-SmbServerConfiguration's answer.
type smbConfig struct {
	EnableSMB1Protocol bool `json:"EnableSMB1Protocol"`
}

// teamViewerAlwaysOnline reads TeamViewer's machine settings: Always_Online
// 1 is its "Start TeamViewer with Windows" option, which TeamViewer files
// under unattended access.
func teamViewerAlwaysOnline(keys []regKey) (on, known bool) {
	for _, k := range keys {
		if v, ok := k.dword("Always_Online"); ok {
			return v == 1, true
		}
	}
	return false, false
}

// sortedKeys returns a map's keys in order, for stable messages.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
