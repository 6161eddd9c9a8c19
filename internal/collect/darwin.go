package collect

import (
	"context"
	"path"
	"strings"

	"triage/internal/audit"
)

// The macOS collector runs the tools every Mac has (sw_vers, fdesetup,
// socketfilterfw, sysadminctl, defaults, pmset, dscl) and reads
// application bundles' Info.plist files. None of it needs administrator
// rights.

// darwinDirs are where macOS commands are looked up.
var darwinDirs = []string{"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/libexec/ApplicationFirewall"}

const installHistory = "/Library/Receipts/InstallHistory.plist"

// macSaverDefault is the screen saver's start time when the user never
// changed it: macOS writes idleTime only once it is set, and starts the
// screen saver after 20 minutes until then.
const macSaverDefault = 1200

// macAV are endpoint-protection products for macOS, by application name.
// Their state is not readable without administrator rights, so only the
// product is recorded.
var macAV = []struct{ app, product string }{
	{"Falcon", "CrowdStrike Falcon"},
	{"SentinelOne Extensions", "SentinelOne"},
	{"Microsoft Defender", "Microsoft Defender for Endpoint"},
	{"Sophos Endpoint", "Sophos Endpoint"},
	{"ESET Endpoint Security", "ESET Endpoint Security"},
	{"ESET Endpoint Antivirus", "ESET Endpoint Antivirus"},
	{"Malwarebytes", "Malwarebytes"},
	{"Bitdefender Endpoint Security Tools", "Bitdefender Endpoint Security Tools"},
	{"Norton 360", "Norton 360"},
}

func darwinCommands(needHistory bool) []Command {
	cmds := []Command{
		{ID: "sw_vers", Name: "sw_vers"},
		{ID: "fdesetup-status", Name: "fdesetup", Args: []string{"status"}},
		{ID: "socketfilterfw-globalstate", Name: "socketfilterfw", Args: []string{"--getglobalstate"}},
		{ID: "sysadminctl-screenlock", Name: "sysadminctl", Args: []string{"-screenLock", "status"}, Stderr: true},
		{ID: "defaults-screensaver-idletime", Name: "defaults", Args: []string{"-currentHost", "read", "com.apple.screensaver", "idleTime"}},
		{ID: "pmset-g", Name: "pmset", Args: []string{"-g"}},
		{ID: "pmset-g-batt", Name: "pmset", Args: []string{"-g", "batt"}},
		{ID: "dscl-admin", Name: "dscl", Args: []string{".", "-read", "/Groups/admin", "GroupMembership"}},
	}
	if needHistory {
		cmds = append(cmds, Command{ID: "softwareupdate-history", Name: "softwareupdate", Args: []string{"--history"}})
	}
	return cmds
}

func collectDarwin(ctx context.Context, c *collector) {
	history, histErr := readFile(c.sys.Files, installHistory)
	out := runAll(ctx, c.sys.Run, darwinCommands(histErr != nil))
	c.dev.OS = "macos"
	c.darwinRelease(out)
	c.darwinKind(out)
	c.darwinLastPatched(history, histErr, out)
	c.darwinFileVault(out)
	c.darwinFirewall(out)
	c.darwinScreenLock(out)
	c.darwinAdmins(out)
	c.darwinApps(ctx)
}

func (c *collector) darwinRelease(out map[string]output) {
	o := out["sw_vers"]
	r := parseSwVers(string(o.data))
	if !o.ok() || r.Version == "" {
		c.note("os", "sw_vers did not answer (%v)", o.err)
		return
	}
	c.dev.OSName = strings.TrimSpace(r.Name + " " + r.Version)
	c.dev.OSVersion, c.dev.Build = r.Version, r.Build
	c.from("os", "sw_vers")
}

// darwinKind: Macs with a built-in battery are laptops; the rest are
// desktops. macOS Server is no longer a separate system.
func (c *collector) darwinKind(out map[string]output) {
	if o := out["pmset-g-batt"]; o.ok() {
		if pmsetBattery(string(o.data)) {
			c.dev.Kind = audit.DeviceLaptop
		}
		c.from("kind", "pmset -g batt")
	}
}

func (c *collector) darwinLastPatched(history []byte, histErr error, out map[string]output) {
	if histErr == nil {
		v, err := parsePlist(history)
		if err == nil {
			if t, name := newestMacOSInstall(v); !t.IsZero() {
				c.dev.LastPatched = timePtr(t.UTC())
				c.from("last_patched", installHistory+" "+name)
				return
			}
		}
	}
	o := out["softwareupdate-history"]
	if o.ok() {
		if t, name := newestSoftwareUpdate(string(o.data), c.sys.zone()); !t.IsZero() {
			c.dev.LastPatched = timePtr(t.UTC())
			c.from("last_patched", "softwareupdate --history "+name)
			return
		}
	}
	c.note("last_patched", "no macOS update is recorded in the install history")
}

func (c *collector) darwinFileVault(out map[string]output) {
	o := out["fdesetup-status"]
	on, known := fileVault(string(o.data))
	if !o.ok() || !known {
		c.note("encrypted", "FileVault status could not be read (fdesetup status: %v)", o.err)
		return
	}
	c.dev.Encrypted = boolPtr(on)
	c.from("encrypted", "fdesetup status")
}

func (c *collector) darwinFirewall(out map[string]output) {
	o := out["socketfilterfw-globalstate"]
	on, known := appFirewall(string(o.data))
	if !o.ok() || !known {
		c.note("firewall", "the application firewall's state could not be read (%v)", o.err)
		return
	}
	c.dev.Firewall = boolPtr(on)
	c.from("firewall", "socketfilterfw --getglobalstate")
}

// darwinScreenLock reads the signed-in person's lock settings; run as
// root, they would be root's.
func (c *collector) darwinScreenLock(out map[string]output) {
	if c.elevated {
		c.gap("devices.screen_lock", "screen lock: it is a setting of the person signed in; run triage collect as that person, without sudo, to check it", "sysadminctl -screenLock status")
		return
	}
	lock := out["sysadminctl-screenlock"]
	on, delay, known := sysadminScreenLock(string(lock.data))
	display, okDisplay := pmsetValue(string(out["pmset-g"].data), "displaysleep")
	if !known || !okDisplay {
		c.note("screen_lock_seconds", "the screen-lock settings could not be read (sysadminctl -screenLock status, pmset -g)")
		return
	}
	saver := macSaverDefault
	if o := out["defaults-screensaver-idletime"]; o.ok() {
		if n, ok := regNumber(strings.TrimSpace(string(o.data))); ok {
			saver = int(n)
		}
	}
	c.dev.ScreenLockSeconds = intPtr(macLockSeconds(on, delay, saver, display))
	c.from("screen_lock_seconds", "sysadminctl -screenLock status, defaults -currentHost read com.apple.screensaver idleTime, pmset -g displaysleep")
}

// darwinAdmins lists the admin group. root is the system's built-in
// administrator, always a member, and not an everyday account.
func (c *collector) darwinAdmins(out map[string]output) {
	o := out["dscl-admin"]
	members, ok := dsclMembers(string(o.data))
	if !o.ok() || !ok {
		c.note("local_admins", "the admin group could not be read (dscl: %v)", o.err)
		return
	}
	var admins []string
	for _, m := range members {
		if m != "root" {
			admins = append(admins, m)
		}
	}
	if len(admins) > 0 {
		c.dev.LocalAdmins = admins
		c.from("local_admins", "dscl . -read /Groups/admin GroupMembership")
	}
}

// darwinApps lists application bundles in /Applications (and its
// Utilities folder). Info.plist files in Apple's binary format are
// converted with plutil.
func (c *collector) darwinApps(ctx context.Context) {
	bundles := append(glob(c.sys.Files, "/Applications/*.app"), glob(c.sys.Files, "/Applications/Utilities/*.app")...)
	var convert []Command
	plists := map[string][]byte{}
	for _, b := range bundles {
		p := b + "/Contents/Info.plist"
		data, err := readFile(c.sys.Files, p)
		if err != nil {
			continue
		}
		if isBinaryPlist(data) {
			convert = append(convert, Command{ID: "plutil:" + p, Name: "plutil", Args: []string{"-convert", "xml1", "-o", "-", p}})
			continue
		}
		plists[p] = data
	}
	for id, o := range runAll(ctx, c.sys.Run, convert) {
		if o.ok() {
			plists[strings.TrimPrefix(id, "plutil:")] = o.data
		}
	}
	for _, b := range bundles {
		p := b + "/Contents/Info.plist"
		data, ok := plists[p]
		if !ok {
			continue
		}
		v, err := parsePlist(data)
		if err != nil {
			continue
		}
		app := parseInfoPlist(v, path.Base(b))
		s := audit.Software{Name: app.Name, Version: app.Version}
		if t, ok := matchRemoteTool(app.Name); ok {
			s.Category = audit.SoftwareRemoteAccess
			if t.unattended {
				s.Unattended = boolPtr(true)
			}
		}
		c.program(s, p, 0)
		for _, a := range macAV {
			if app.Name == a.app && c.dev.AVProduct == "" {
				c.dev.AVProduct = a.product
				c.from("av_product", b)
			}
		}
	}
	if len(bundles) == 0 {
		c.note("software", "no application was found in /Applications")
	}
}
