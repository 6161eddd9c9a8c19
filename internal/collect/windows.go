package collect

import (
	"context"
	"fmt"
	"strings"

	"triage/internal/audit"
)

// The Windows collector runs only tools every Windows has: reg.exe for
// registry values, PowerShell for the few things the registry does not
// hold (updates, Security Center, firewall profiles, battery), net.exe,
// whoami.exe, powercfg.exe and, with administrator rights, manage-bde.exe.

// psPrelude makes PowerShell quiet and its output UTF-8, whatever the
// console's code page.
const psPrelude = "$ProgressPreference='SilentlyContinue';[Console]::OutputEncoding=[Text.Encoding]::UTF8;"

func psCommand(id, script string) Command {
	return Command{ID: id, Name: "powershell", Args: []string{"-NoProfile", "-NonInteractive", "-Command", psPrelude + script}}
}

func regCommand(id, key string, subkeys bool) Command {
	args := []string{"query", key}
	if subkeys {
		args = append(args, "/s")
	}
	return Command{ID: id, Name: "reg", Args: args}
}

// Registry keys the collector reads.
const (
	keyCurrentVersion = `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	keyOfficePolicy   = `HKCU\Software\Policies\Microsoft\Office\16.0`
	keyPolicySystem   = `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System`
	keyDesktop        = `HKCU\Control Panel\Desktop`
	keyDesktopPolicy  = `HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop`
)

// windowsCommands are run in one batch once whoami has told whether the
// collector is elevated.
func windowsCommands(elevated bool) []Command {
	cmds := []Command{
		regCommand("reg-currentversion", keyCurrentVersion, false),
		regCommand("reg-uninstall", `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`, true),
		regCommand("reg-uninstall-wow", `HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall`, true),
		regCommand("reg-uninstall-user", `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall`, true),
		psCommand("ps-hotfix", "Get-HotFix | Where-Object {$_.InstalledOn} | Select-Object HotFixID,@{n='InstalledOn';e={$_.InstalledOn.ToString('yyyy-MM-dd')}} | ConvertTo-Json -Compress"),
		psCommand("ps-securitycenter", "$av=@(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct -ErrorAction Stop | Select-Object displayName,productState);"+
			"$fw=@(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct -ErrorAction SilentlyContinue | Select-Object displayName,productState);"+
			"[pscustomobject]@{AntiVirus=$av;Firewall=$fw} | ConvertTo-Json -Depth 3 -Compress"),
		psCommand("ps-defender", "Get-MpComputerStatus -ErrorAction Stop | Select-Object AMServiceEnabled,AntivirusEnabled,RealTimeProtectionEnabled,AntivirusSignatureAge | ConvertTo-Json -Compress"),
		psCommand("ps-firewall", "Get-NetFirewallProfile -ErrorAction Stop | Select-Object Name,@{n='Enabled';e={[string]$_.Enabled}} | ConvertTo-Json -Compress"),
		psCommand("ps-battery", "@(Get-CimInstance -ClassName Win32_Battery -ErrorAction Stop).Count"),
		{ID: "net-localgroup-administrators", Name: "net", Args: []string{"localgroup", "administrators"}},
		regCommand("reg-policies-system", keyPolicySystem, false),
		regCommand("reg-desktop", keyDesktop, false),
		regCommand("reg-desktop-policy", keyDesktopPolicy, false),
		{ID: "powercfg-sleep", Name: "powercfg", Args: []string{"/query", "SCHEME_CURRENT", "SUB_SLEEP", "STANDBYIDLE"}},
		{ID: "powercfg-consolelock", Name: "powercfg", Args: []string{"/query", "SCHEME_CURRENT", "SUB_NONE", "CONSOLELOCK"}},
		regCommand("reg-laps-csp", `HKLM\SOFTWARE\Microsoft\Policies\LAPS`, false),
		regCommand("reg-laps-gpo", `HKLM\SOFTWARE\Policies\Microsoft\Windows\LAPS`, false),
		regCommand("reg-laps-legacy", `HKLM\SOFTWARE\Policies\Microsoft Services\AdmPwd`, false),
		regCommand("reg-ts", `HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server`, false),
		regCommand("reg-rdp-tcp", `HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp`, false),
		regCommand("reg-ts-policy", `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services`, false),
		regCommand("reg-smb", `HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters`, false),
		regCommand("reg-office-policy", keyOfficePolicy, true),
		regCommand("reg-teamviewer", `HKLM\SOFTWARE\TeamViewer`, false),
		regCommand("reg-teamviewer-wow", `HKLM\SOFTWARE\WOW6432Node\TeamViewer`, false),
	}
	if elevated {
		cmds = append(cmds,
			Command{ID: "manage-bde-status", Name: "manage-bde", Args: []string{"-status"}},
			psCommand("ps-smb", "Get-SmbServerConfiguration -ErrorAction Stop | Select-Object EnableSMB1Protocol | ConvertTo-Json -Compress"))
	}
	return cmds
}

// winRun is the Windows collector's state.
type winRun struct {
	c      *collector
	out    map[string]output
	system bool // running as the local system (an RMM agent), not a person
}

func collectWindows(ctx context.Context, c *collector) {
	who := runAll(ctx, c.sys.Run, []Command{{ID: "whoami-groups", Name: "whoami", Args: []string{"/groups"}}})["whoami-groups"]
	w := &winRun{c: c}
	if who.ok() {
		c.elevated, w.system = tokenLevel(string(who.data))
	} else {
		c.elevated = false
		c.note("elevated", "whoami /groups failed (%v); the collector assumes it runs without administrator rights", who.err)
	}
	w.out = runAll(ctx, c.sys.Run, windowsCommands(c.elevated))
	c.dev.OS = "windows"
	w.release()
	w.programs()
	w.lastPatched()
	w.encryption()
	w.endpoint()
	w.firewall()
	w.screenLock()
	w.admins()
	w.laps()
	w.officeMacros()
	w.remoteDesktop()
	w.smb1()
}

// reg returns the parsed keys of a registry query, and whether the query
// ran. A key that does not exist (reg.exe exit code 1) reads as no keys.
func (w *winRun) reg(id string) ([]regKey, bool) {
	o := w.out[id]
	if o.ok() {
		return parseReg(string(o.data)), true
	}
	if o.exitCode() == 1 && !strings.Contains(strings.ToLower(o.err.Error()), "denied") {
		return nil, true
	}
	return nil, false
}

// regSource names a key in a fact's source.
func regSource(key string) string {
	key = strings.Replace(key, "HKEY_LOCAL_MACHINE", "HKLM", 1)
	key = strings.Replace(key, "HKEY_CURRENT_USER", "HKCU", 1)
	return "reg:" + key
}

func (w *winRun) release() {
	keys, _ := w.reg("reg-currentversion")
	k, ok := regFind(keys, `\Windows NT\CurrentVersion`)
	if !ok {
		w.c.note("os", "the Windows version could not be read from the registry (%v)", w.out["reg-currentversion"].err)
	} else {
		r := parseWindowsRelease(k)
		w.c.dev.OSName, w.c.dev.OSVersion, w.c.dev.Build = r.Name, r.Version, r.Build
		w.c.from("os", regSource(keyCurrentVersion))
		if r.Server {
			w.c.dev.Kind = audit.DeviceServer
			w.c.from("kind", regSource(keyCurrentVersion)+" InstallationType")
			return
		}
	}
	if o := w.out["ps-battery"]; o.ok() {
		if n := strings.TrimSpace(string(o.data)); n != "" && n != "0" {
			w.c.dev.Kind = audit.DeviceLaptop
		}
		w.c.from("kind", "Win32_Battery")
	}
}

// programs lists Add or Remove Programs: machine-wide 64- and 32-bit
// entries, and the current user's own installs.
func (w *winRun) programs() {
	seen := map[string]bool{}
	read := 0
	for _, id := range []string{"reg-uninstall", "reg-uninstall-wow", "reg-uninstall-user"} {
		keys, ok := w.reg(id)
		if !ok {
			continue
		}
		read++
		for _, p := range uninstallPrograms(keys) {
			k := strings.ToLower(p.Name + "\x00" + p.Version + "\x00" + p.Publisher)
			if seen[k] {
				continue
			}
			seen[k] = true
			s := audit.Software{Name: p.Name, Version: p.Version, Publisher: p.Publisher}
			if t, ok := matchRemoteTool(p.Name); ok {
				s.Category = audit.SoftwareRemoteAccess
				s.Unattended = w.unattended(t)
			}
			w.c.program(s, regSource(p.Key), 0)
		}
	}
	if read == 0 {
		w.c.gap("software", fmt.Sprintf("the installed programs could not be read from the registry (%v)", w.out["reg-uninstall"].err), "reg query Uninstall")
	}
}

// unattended says whether a remote tool takes connections with nobody at
// the PC, where Windows shows it without administrator rights.
func (w *winRun) unattended(t remoteTool) *bool {
	switch {
	case t.unattended:
		return boolPtr(true)
	case t.name == "TeamViewer":
		var keys []regKey
		for _, id := range []string{"reg-teamviewer", "reg-teamviewer-wow"} {
			k, _ := w.reg(id)
			keys = append(keys, k...)
		}
		if on, known := teamViewerAlwaysOnline(keys); known {
			return boolPtr(on)
		}
	case t.name == "AnyDesk":
		dir := w.c.sys.getenv("ProgramData")
		if dir == "" {
			dir = `C:\ProgramData`
		}
		if data, err := readString(w.c.sys.Files, windowsPath(dir+`\AnyDesk\service.conf`)); err == nil {
			return boolPtr(anyDeskPassword(data))
		}
	}
	return nil
}

// windowsPath turns C:\Dir\File into the path inside the system drive's
// fs.FS.
func windowsPath(p string) string {
	if len(p) >= 2 && p[1] == ':' {
		p = p[2:]
	}
	return strings.ReplaceAll(p, `\`, "/")
}

func (w *winRun) lastPatched() {
	o := w.out["ps-hotfix"]
	if !o.ok() {
		w.c.note("last_patched", "installed updates could not be listed (Get-HotFix: %v)", o.err)
		return
	}
	t, id, err := newestHotfix(o.data, w.c.sys.zone())
	if err != nil || t.IsZero() {
		w.c.note("last_patched", "Get-HotFix listed no update with an install date")
		return
	}
	w.c.dev.LastPatched = timePtr(t.UTC())
	w.c.from("last_patched", "Get-HotFix "+id)
}

// encryption reads BitLocker, which only an administrator may query.
func (w *winRun) encryption() {
	if !w.c.elevated {
		w.c.gap("devices.encryption", "disk encryption: reading BitLocker needs administrator rights; run triage collect as administrator to check it", "manage-bde -status")
		return
	}
	o := w.out["manage-bde-status"]
	vols := parseManageBDE(string(o.data))
	if !o.ok() || len(vols) == 0 {
		w.c.note("encrypted", "BitLocker status could not be read (manage-bde -status: %v)", o.err)
		return
	}
	sysDrive := strings.ToUpper(w.c.sys.getenv("SystemDrive"))
	if sysDrive == "" {
		sysDrive = "C:"
	}
	for _, v := range vols {
		if v.Volume == sysDrive {
			w.c.dev.Encrypted = boolPtr(v.encrypted())
			w.c.from("encrypted", "manage-bde -status "+v.Volume)
			continue
		}
		if !v.encrypted() {
			w.c.note("encrypted", "volume %s is not encrypted (%s, %s)", v.Volume, v.Conversion, v.Protection)
		}
	}
	if w.c.dev.Encrypted == nil {
		w.c.note("encrypted", "manage-bde -status did not list the system drive %s", sysDrive)
	}
}

// endpoint reads Security Center (workstations), which knows every
// registered anti-malware product, and Defender's own status (servers,
// which have no Security Center, and signature age).
func (w *winRun) endpoint() {
	def, defOK, _ := parseDefender(w.out["ps-defender"].data)
	defOK = defOK && w.out["ps-defender"].ok()
	sc, err := parseSecurityCenter(w.out["ps-securitycenter"].data)
	if w.out["ps-securitycenter"].ok() && err == nil && len(sc.AntiVirus) > 0 {
		var on, all []string
		defenderOn := false
		for _, p := range sc.AntiVirus {
			all = append(all, p.Name)
			enabled, current := productStateOn(p.ProductState)
			if !enabled {
				continue
			}
			on = append(on, p.Name)
			if strings.Contains(strings.ToLower(p.Name), "defender") {
				defenderOn = true
			} else if !current {
				w.c.note("signature_age_days", "Security Center reports the signatures of %s out of date", p.Name)
			}
		}
		w.c.dev.EndpointProtection = boolPtr(len(on) > 0)
		w.c.dev.AVProduct = strings.Join(on, ", ")
		if len(on) == 0 {
			w.c.dev.AVProduct = strings.Join(all, ", ")
		}
		w.c.from("endpoint_protection", "root/SecurityCenter2 AntiVirusProduct")
		if defenderOn && defOK {
			w.defenderAge(def)
		}
		return
	}
	if defOK {
		w.c.dev.EndpointProtection = boolPtr(def.AMServiceEnabled && def.AntivirusEnabled && def.RealTimeProtectionEnabled)
		w.c.dev.AVProduct = "Microsoft Defender Antivirus"
		w.c.from("endpoint_protection", "Get-MpComputerStatus")
		w.defenderAge(def)
		return
	}
	w.c.note("endpoint_protection", "neither Security Center nor Microsoft Defender answered, so endpoint protection is unknown")
}

func (w *winRun) defenderAge(d defenderStatus) {
	// 65535 is Defender's "never updated" marker, not an age.
	if d.AntivirusSignatureAge != nil && *d.AntivirusSignatureAge >= 0 && *d.AntivirusSignatureAge < 65535 {
		w.c.dev.SignatureAgeDays = intPtr(*d.AntivirusSignatureAge)
		w.c.from("signature_age_days", "Get-MpComputerStatus")
	}
}

// firewall: every Windows Firewall profile on, or another firewall that
// Security Center reports on.
func (w *winRun) firewall() {
	if sc, err := parseSecurityCenter(w.out["ps-securitycenter"].data); err == nil {
		for _, p := range sc.Firewall {
			if on, _ := productStateOn(p.ProductState); on {
				w.c.dev.Firewall = boolPtr(true)
				w.c.from("firewall", "root/SecurityCenter2 FirewallProduct "+p.Name)
				return
			}
		}
	}
	o := w.out["ps-firewall"]
	allOn, off, ok := firewallProfilesOn(o.data)
	if !o.ok() || !ok {
		w.c.note("firewall", "the Windows Firewall profiles could not be read (Get-NetFirewallProfile: %v)", o.err)
		return
	}
	w.c.dev.Firewall = boolPtr(allOn)
	w.c.from("firewall", "Get-NetFirewallProfile")
	if !allOn {
		w.c.note("firewall", "Windows Firewall is off for the %s profile(s)", strings.Join(off, ", "))
	}
}

// screenLock combines the three ways Windows locks an idle PC: the
// machine inactivity limit, a password-protected screen saver (a setting
// of the signed-in user) and sleep with a password on wake.
func (w *winRun) screenLock() {
	var in screenLockInputs
	if keys, ok := w.reg("reg-policies-system"); ok {
		if k, found := regFind(keys, `\Policies\System`); found {
			in.InactivitySecs, _ = k.dword("InactivityTimeoutSecs")
		}
	}
	if w.system {
		w.c.gap("devices.screen_lock", "screen lock: the screen saver is a setting of the person signed in, and the collector ran as the system account; run triage collect as that person to check it", "reg query "+keyDesktop)
		return
	}
	user, okUser := w.reg("reg-desktop")
	policy, _ := w.reg("reg-desktop-policy")
	if okUser {
		uk, _ := regFind(user, `\Control Panel\Desktop`)
		pk, _ := regFind(policy, `\Control Panel\Desktop`)
		in.SaverKnown = true
		in.Saver, in.SaverSecs = screenSaver(uk, pk)
	}
	ac, _, okSleep := powercfgCurrent(string(w.out["powercfg-sleep"].data))
	lockAC, _, okLock := powercfgCurrent(string(w.out["powercfg-consolelock"].data))
	if w.out["powercfg-sleep"].ok() && okSleep {
		in.SleepSecs = ac
		in.WakeLock = okLock && lockAC == 1
		in.SleepKnown = ac == 0 || (w.out["powercfg-consolelock"].ok() && okLock)
	}
	secs, ok := in.seconds()
	if !ok {
		w.c.note("screen_lock_seconds", "the screen-saver or power settings could not be read, so when the screen locks is unknown")
		return
	}
	w.c.dev.ScreenLockSeconds = intPtr(secs)
	w.c.from("screen_lock_seconds", "reg:"+keyPolicySystem+" InactivityTimeoutSecs, reg:"+keyDesktop+", powercfg STANDBYIDLE CONSOLELOCK")
}

func (w *winRun) admins() {
	o := w.out["net-localgroup-administrators"]
	members, ok := parseNetLocalGroup(string(o.data))
	if !o.ok() || !ok {
		w.c.note("local_admins", "the local Administrators group could not be listed (net localgroup administrators: %v)", o.err)
		return
	}
	w.c.dev.LocalAdmins = members
	w.c.from("local_admins", "net localgroup administrators")
}

func (w *winRun) laps() {
	csp, ok1 := w.reg("reg-laps-csp")
	gpo, ok2 := w.reg("reg-laps-gpo")
	legacy, ok3 := w.reg("reg-laps-legacy")
	if !ok1 || !ok2 || !ok3 {
		w.c.note("laps", "the LAPS policy keys could not all be read")
		return
	}
	on, how := lapsPolicy(csp, gpo, legacy)
	w.c.dev.LAPS = boolPtr(on)
	if on {
		w.c.from("laps", how)
	} else {
		w.c.from("laps", "no LAPS policy in reg:HKLM\\SOFTWARE\\Microsoft\\Policies\\LAPS, HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\LAPS or AdmPwd")
	}
}

// officeMacros reports the Office 16 (2016 to Microsoft 365) policy that
// blocks macros in files from the internet. Office policies are per
// user, so they are read only when the collector runs as a person.
func (w *winRun) officeMacros() {
	if !w.officeInstalled() {
		return
	}
	const name = "office.macros_blocked_from_internet"
	if w.system {
		w.c.gap(name, "Office macro policy: it is a setting of the person signed in, and the collector ran as the system account; run triage collect as that person to check it", "reg query "+keyOfficePolicy)
		return
	}
	keys, ok := w.reg("reg-office-policy")
	if !ok {
		w.c.note(name, "the Office policy key could not be read (%v)", w.out["reg-office-policy"].err)
		return
	}
	apps := officeMacroPolicy(keys)
	var missing []string
	for _, app := range sortedKeys(apps) {
		if !apps[app] {
			missing = append(missing, app)
		}
	}
	text := "policy blocks macros from the internet in Word, Excel and PowerPoint"
	if len(missing) > 0 {
		text = "no policy blocks macros from the internet in " + strings.Join(missing, ", ")
	}
	w.c.setBool(name, len(missing) == 0, text, regSource(keyOfficePolicy))
}

func (w *winRun) officeInstalled() bool {
	for _, f := range w.c.programs {
		n := strings.ToLower(f.Software.Name)
		for _, p := range []string{"microsoft office", "microsoft 365", "office 16 click-to-run"} {
			if strings.HasPrefix(n, p) {
				return true
			}
		}
	}
	return false
}

// remoteDesktop notes whether Remote Desktop is on and requires Network
// Level Authentication; facts.json has no field for it yet.
func (w *winRun) remoteDesktop() {
	ts, ok1 := w.reg("reg-ts")
	tcp, _ := w.reg("reg-rdp-tcp")
	pol, _ := w.reg("reg-ts-policy")
	st := parseRDP(ts, tcp, pol)
	if !ok1 || !st.Known {
		return
	}
	switch {
	case !st.Enabled:
		w.c.note("rdp", "Remote Desktop is off")
	case st.NLA:
		w.c.note("rdp", "Remote Desktop is on, with Network Level Authentication")
	default:
		w.c.note("rdp", "Remote Desktop is on WITHOUT Network Level Authentication")
	}
}

// smb1 notes whether the SMBv1 server is on; facts.json has no field for
// it yet.
func (w *winRun) smb1() {
	if o := w.out["ps-smb"]; o.ok() {
		if rows, err := jsonList[smbConfig](o.data); err == nil && len(rows) == 1 {
			w.c.note("smb1", "SMBv1 server %s (Get-SmbServerConfiguration)", onOff(rows[0].EnableSMB1Protocol))
			return
		}
	}
	keys, _ := w.reg("reg-smb")
	if on, known := smb1Server(keys); known {
		w.c.note("smb1", "SMBv1 server %s (registry SMB1 value)", onOff(on))
		return
	}
	if !w.c.elevated {
		w.c.note("smb1", "SMBv1 server state needs administrator rights to confirm (no SMB1 registry value is set)")
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
