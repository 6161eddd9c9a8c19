package collect

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// The Linux collector reads system files where it can (they need no
// rights and cost no process) and runs a command only where there is no
// file: the RPM database and dnf's security advisories, service states,
// the firewall rules (root only) and the desktop's screen-lock settings.

// linuxDirs are where Linux commands are looked up.
var linuxDirs = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// linuxAV are endpoint-protection products for Linux: the package that
// installs them and the service that runs them.
var linuxAV = []struct{ pkg, product, unit string }{
	{"clamav-daemon", "ClamAV", "clamav-daemon"},
	{"clamd", "ClamAV", "clamd@scan"},
	{"falcon-sensor", "CrowdStrike Falcon", "falcon-sensor"},
	{"sentinelagent", "SentinelOne", "sentinelone"},
	{"mdatp", "Microsoft Defender for Endpoint", "mdatp"},
	{"eea", "ESET Endpoint Antivirus", "eea"},
	{"ds-agent", "Trend Micro Deep Security Agent", "ds_agent"},
}

// linuxRemotePaths find remote-access tools installed without a package.
var linuxRemotePaths = []struct{ pattern, name string }{
	{"/opt/teamviewer", "TeamViewer"},
	{"/usr/bin/anydesk", "AnyDesk"},
	{"/usr/bin/rustdesk", "RustDesk"},
	{"/opt/splashtop-streamer", "Splashtop Streamer"},
	{"/opt/screenconnect-*", "ScreenConnect"},
	{"/opt/connectwisecontrol-*", "ScreenConnect"},
	{"/usr/NX/bin/nxserver", "NoMachine"},
}

// linuxFacts is what the Linux collector found on the way, for the
// decisions that need several sources.
type linuxFacts struct {
	dpkg, rpm bool
	packages  []pkg
	desktop   bool
}

func collectLinux(ctx context.Context, c *collector) {
	var lf linuxFacts
	lf.dpkg = exists(c.sys.Files, "/var/lib/dpkg/status")
	lf.rpm = !lf.dpkg && c.commandInstalled("rpm")
	lf.desktop = len(glob(c.sys.Files, "/usr/share/xsessions/*.desktop"))+len(glob(c.sys.Files, "/usr/share/wayland-sessions/*.desktop")) > 0
	out := runAll(ctx, c.sys.Run, c.linuxCommands(lf))

	c.dev.OS = "linux"
	c.linuxRelease()
	c.linuxKind(lf)
	c.linuxPackages(&lf, out)
	c.linuxLastPatched(lf)
	c.linuxPending(lf, out)
	c.linuxEncryption()
	c.linuxFirewall(out)
	c.linuxEndpoint(lf, out)
	c.linuxScreenLock(lf, out)
	c.linuxAdmins()
	c.linuxSSH(out)
}

// linuxCommands lists the commands worth running on this machine.
func (c *collector) linuxCommands(lf linuxFacts) []Command {
	var cmds []Command
	if lf.rpm {
		// dnf reads every repository's metadata, which takes seconds; it
		// gets longer than other commands.
		cmds = append(cmds,
			Command{ID: "rpm-qa", Name: "rpm", Args: []string{"-qa", "--qf", `%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n`}},
			Command{ID: "dnf-updateinfo-security", Name: "dnf", Args: []string{"-q", "--cacheonly", "updateinfo", "list", "--security"}, Timeout: 20 * time.Second})
	}
	cmds = append(cmds, Command{ID: "systemctl-is-active", Name: "systemctl", Args: append([]string{"is-active"}, systemctlUnits()...)})
	if c.elevated {
		cmds = append(cmds,
			Command{ID: "nft-list-ruleset", Name: "nft", Args: []string{"list", "ruleset"}},
			Command{ID: "iptables-S", Name: "iptables", Args: []string{"-S"}},
			Command{ID: "sshd-T", Name: "sshd", Args: []string{"-T"}})
	}
	if lf.desktop && !c.elevated && c.inDesktopSession() {
		cmds = append(cmds,
			Command{ID: "gsettings-lock-enabled", Name: "gsettings", Args: []string{"get", "org.gnome.desktop.screensaver", "lock-enabled"}},
			Command{ID: "gsettings-lock-delay", Name: "gsettings", Args: []string{"get", "org.gnome.desktop.screensaver", "lock-delay"}},
			Command{ID: "gsettings-idle-delay", Name: "gsettings", Args: []string{"get", "org.gnome.desktop.session", "idle-delay"}})
	}
	return cmds
}

func avUnits() []string {
	var out []string
	for _, a := range linuxAV {
		out = append(out, a.unit)
	}
	return out
}

// commandInstalled looks for a command in the system directories.
func (c *collector) commandInstalled(name string) bool {
	for _, d := range linuxDirs {
		if exists(c.sys.Files, path.Join(d, name)) {
			return true
		}
	}
	return false
}

func (c *collector) inDesktopSession() bool {
	return c.sys.getenv("DISPLAY") != "" || c.sys.getenv("WAYLAND_DISPLAY") != "" || c.sys.getenv("XDG_CURRENT_DESKTOP") != ""
}

// linuxRelease reads the distribution from os-release and the kernel.
func (c *collector) linuxRelease() {
	where := "/etc/os-release"
	data, err := readString(c.sys.Files, where)
	if err != nil {
		where = "/usr/lib/os-release"
		data, err = readString(c.sys.Files, where)
	}
	if err == nil {
		rel := parseOSRelease(data)
		c.dev.OSName = rel["PRETTY_NAME"]
		if c.dev.OSName == "" {
			c.dev.OSName = strings.TrimSpace(rel["NAME"] + " " + rel["VERSION"])
		}
		c.dev.OSVersion = rel["VERSION_ID"]
		c.from("os", where)
	} else {
		c.note("os", "the distribution could not be read from /etc/os-release: %v", err)
	}
	if k, err := readString(c.sys.Files, "/proc/sys/kernel/osrelease"); err == nil && k != "" {
		c.note("kernel", "kernel %s (uname -r)", k)
	}
}

// linuxKind: a battery makes a laptop; no graphical desktop installed
// makes a server (practice Linux boxes without a desktop are the PMS,
// file or backup server, or an appliance); otherwise a workstation.
func (c *collector) linuxKind(lf linuxFacts) {
	switch {
	case c.linuxBattery():
		c.dev.Kind = audit.DeviceLaptop
		c.from("kind", "/sys/class/power_supply")
	case !lf.desktop:
		c.dev.Kind = audit.DeviceServer
		c.from("kind", "no desktop session in /usr/share/xsessions or /usr/share/wayland-sessions")
	default:
		c.dev.Kind = audit.DeviceWorkstation
		c.from("kind", "a desktop session in /usr/share/xsessions or /usr/share/wayland-sessions")
	}
}

// linuxBattery looks for a system battery; a wireless mouse's battery has
// scope "Device".
func (c *collector) linuxBattery() bool {
	for _, p := range glob(c.sys.Files, "/sys/class/power_supply/*") {
		typ, _ := readString(c.sys.Files, p+"/type")
		scope, _ := readString(c.sys.Files, p+"/scope")
		if typ == "Battery" && scope != "Device" {
			return true
		}
	}
	return false
}

// linuxPackages lists installed packages and marks remote-access tools.
func (c *collector) linuxPackages(lf *linuxFacts, out map[string]output) {
	var where string
	switch {
	case lf.dpkg:
		where = "/var/lib/dpkg/status"
		f, err := c.sys.Files.Open(fsPath(where))
		if err != nil {
			c.gap("software", "the package list "+where+" could not be read: "+err.Error(), where)
			return
		}
		lf.packages, err = parseDpkgStatus(f)
		f.Close()
		if err != nil {
			c.gap("software", "the package list "+where+" could not be read: "+err.Error(), where)
			return
		}
	case lf.rpm:
		o := out["rpm-qa"]
		where = o.cmd.String()
		if !o.ok() {
			c.gap("software", fmt.Sprintf("the package list could not be read (%v)", o.err), where)
			return
		}
		lf.packages = parseRPMList(string(o.data))
	default:
		c.note("software", "no dpkg or rpm package database was found, so installed packages are not listed")
	}
	for _, p := range lf.packages {
		s := audit.Software{Name: p.Name, Version: p.Version, Publisher: p.Vendor}
		if t, ok := matchRemoteTool(p.Name); ok {
			s.Category = audit.SoftwareRemoteAccess
			s.Unattended = c.linuxUnattended(t)
		}
		c.program(s, where, p.Line)
	}
	for _, r := range linuxRemotePaths {
		found := glob(c.sys.Files, r.pattern)
		t, _ := matchRemoteTool(r.name)
		if len(found) == 0 || c.hasRemoteTool(t.name) {
			continue
		}
		c.program(audit.Software{Name: r.name, Category: audit.SoftwareRemoteAccess, Unattended: c.linuxUnattended(t)}, found[0], 0)
	}
}

// hasRemoteTool reports whether a program of this remote-access product
// is listed already (a package found before its install directory).
func (c *collector) hasRemoteTool(name string) bool {
	for _, f := range c.programs {
		if t, ok := matchRemoteTool(f.Software.Name); ok && t.name == name {
			return true
		}
	}
	return false
}

// linuxUnattended says whether a remote tool takes connections with nobody
// at the machine, where that can be read: AnyDesk keeps the hash of its
// unattended-access password in its service configuration.
func (c *collector) linuxUnattended(t remoteTool) *bool {
	if t.unattended {
		return boolPtr(true)
	}
	if t.name == "AnyDesk" {
		if data, err := readString(c.sys.Files, "/etc/anydesk/service.conf"); err == nil {
			return boolPtr(anyDeskPassword(data))
		}
	}
	return nil
}

// anyDeskPassword reports whether AnyDesk's service.conf holds an
// unattended-access password.
func anyDeskPassword(conf string) bool {
	for _, line := range strings.Split(conf, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) == "ad.anynet.pwd_hash" && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// linuxLastPatched finds the newest package upgrade in the package
// manager's logs. The time apt last refreshed its lists
// (update-success-stamp) says nothing about what was installed, so it is
// not used.
func (c *collector) linuxLastPatched(lf linuxFacts) {
	var newest time.Time
	var where string
	consider := func(t time.Time, w string) {
		if t.After(newest) {
			newest, where = t, w
		}
	}
	zone := c.sys.zone()
	switch {
	case lf.dpkg:
		consider(c.newestInLog("/var/log/dpkg.log", func(name string) time.Time {
			return c.newestLine(name, func(l string) (time.Time, bool) { return dpkgLogUpgrade(l, zone) })
		}))
		consider(c.newestInLog("/var/log/apt/history.log", func(name string) time.Time {
			h := &aptHistoryUpgrade{zone: zone}
			_ = scanLines(c.sys.Files, name, func(line string) bool { h.line(line); return true })
			return h.newest
		}))
	case lf.rpm:
		consider(c.newestInLog("/var/log/dnf.rpm.log", func(name string) time.Time {
			return c.newestLine(name, dnfLogUpgrade)
		}))
	}
	if newest.IsZero() {
		c.note("last_patched", "no package upgrade is recorded in the package manager's logs, so when the machine was last patched is unknown")
		return
	}
	c.dev.LastPatched = timePtr(newest.UTC())
	c.from("last_patched", where)
}

// newestInLog returns what newest finds in a log, or else in its most
// recent rotation that has anything: older rotations hold older entries.
func (c *collector) newestInLog(base string, newest func(name string) time.Time) (time.Time, string) {
	for _, name := range rotated(c.sys.Files, base) {
		if t := newest(name); !t.IsZero() {
			return t, name
		}
	}
	return time.Time{}, ""
}

// newestLine returns the latest time pick finds on a log's lines.
func (c *collector) newestLine(name string, pick func(line string) (time.Time, bool)) time.Time {
	var best time.Time
	_ = scanLines(c.sys.Files, name, func(line string) bool {
		if t, ok := pick(line); ok && t.After(best) {
			best = t
		}
		return true
	})
	return best
}

// rotated lists a log and its rotations, newest first: name, name.1,
// name.2.gz, ...
func rotated(fsys fs.FS, name string) []string {
	out := []string{}
	if exists(fsys, name) {
		out = append(out, name)
	}
	var more []string
	for _, p := range glob(fsys, name+".*") {
		if rotationNumber(name, p) > 0 {
			more = append(more, p)
		}
	}
	sort.Slice(more, func(i, j int) bool { return rotationNumber(name, more[i]) < rotationNumber(name, more[j]) })
	return append(out, more...)
}

func rotationNumber(base, p string) int {
	s := strings.TrimSuffix(strings.TrimPrefix(p, base+"."), ".gz")
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// linuxPending reports security updates waiting, as the package
// manager's last downloaded lists know them. facts.json has no field for a
// count (missing_update_since needs the release date of the oldest one,
// which the lists do not give), so it is a note.
func (c *collector) linuxPending(lf linuxFacts, out map[string]output) {
	switch {
	case lf.dpkg:
		c.aptPending(lf)
	case lf.rpm:
		o := out["dnf-updateinfo-security"]
		if !o.ok() {
			c.note("pending_security_updates", "pending updates could not be listed (%s: %v)", o.cmd.Name, o.err)
			return
		}
		p := parseDnfSecurity(string(o.data))
		c.note("pending_security_updates", "%d package(s) with a security update waiting (dnf updateinfo, from the last downloaded metadata)", p.Security)
	}
}

// aptPending compares installed packages with the security suites' lists
// in /var/lib/apt/lists. Running apt for the same answer would cost more
// memory than the whole collector (apt maps its entire package cache).
func (c *collector) aptPending(lf linuxFacts) {
	installed := map[string]pkg{}
	for _, p := range lf.packages {
		installed[p.Name+":"+p.Arch] = p
	}
	pending := map[string]bool{}
	var read []string
	var newest time.Time
	for _, f := range glob(c.sys.Files, "/var/lib/apt/lists/*_Packages*") {
		if !strings.HasSuffix(aptSuite(path.Base(f)), "-security") {
			continue
		}
		err := c.readList(f, func(r io.Reader) error { return securityUpdates(r, installed, pending) })
		if err != nil {
			c.note("pending_security_updates", "%s could not be read: %v", f, err)
			continue
		}
		read = append(read, f)
		if st, err := fs.Stat(c.sys.Files, fsPath(f)); err == nil && st.ModTime().After(newest) {
			newest = st.ModTime()
		}
	}
	if len(read) == 0 {
		c.note("pending_security_updates", "no security suite's package list was found in /var/lib/apt/lists, so waiting security updates are not counted")
		return
	}
	c.note("pending_security_updates", "%d package(s) with a security update waiting (package lists of %s)", len(pending), newest.In(c.sys.zone()).Format("2006-01-02"))
}

// readList opens an apt list, plain, gzip or LZ4 as apt keeps them.
func (c *collector) readList(name string, fn func(io.Reader) error) error {
	f, err := c.sys.Files.Open(fsPath(name))
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	switch {
	case strings.HasSuffix(name, "_Packages"):
	case strings.HasSuffix(name, "_Packages.lz4"):
		r = newLZ4Reader(f)
	case strings.HasSuffix(name, "_Packages.gz"):
		z, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		defer z.Close()
		r = z
	default:
		return fmt.Errorf("compressed as %s, which the collector does not read", path.Ext(name))
	}
	// A list is streamed, never held whole; the cap only stops a runaway
	// decompression (security suites' lists are tens of MB at most).
	return fn(io.LimitReader(r, 128<<20))
}

// linuxEncryption follows the root file system's block device down
// through device-mapper layers (LVM, RAID) to see whether dm-crypt (LUKS)
// sits anywhere beneath it. Everything it reads in /proc and /sys is
// readable without root.
func (c *collector) linuxEncryption() {
	const where = "/proc/self/mountinfo, /sys/class/block"
	info, err := readString(c.sys.Files, "/proc/self/mountinfo")
	if err != nil {
		c.note("encrypted", "the root file system could not be found: %v", err)
		return
	}
	m, ok := rootMount(info)
	if !ok {
		c.note("encrypted", "the root file system is not in /proc/self/mountinfo")
		return
	}
	switch m.FSType {
	case "zfs":
		c.note("encrypted", "the root file system is ZFS (%s); ZFS native encryption is not read, so disk encryption is unknown", m.Source)
		return
	case "overlay", "tmpfs", "rootfs", "nfs", "nfs4", "cifs", "9p", "virtiofs":
		c.note("encrypted", "the root file system is %s, not a local disk, so disk encryption is unknown", m.FSType)
		return
	}
	name := c.blockName(m)
	if name == "" {
		c.note("encrypted", "the block device of the root file system (%s, %s) was not found in /sys/class/block", m.Source, m.Dev)
		return
	}
	c.dev.Encrypted = boolPtr(c.dmCrypt(name, 0))
	c.from("encrypted", where)
}

// blockName finds the root's block device in /sys/class/block, by device
// number, or by name when the file system reports an anonymous device
// (btrfs).
func (c *collector) blockName(m mount) string {
	if !strings.HasPrefix(m.Dev, "0:") {
		for _, p := range glob(c.sys.Files, "/sys/class/block/*") {
			if d, err := readString(c.sys.Files, p+"/dev"); err == nil && d == m.Dev {
				return path.Base(p)
			}
		}
	}
	if strings.HasPrefix(m.Source, "/dev/mapper/") {
		want := strings.TrimPrefix(m.Source, "/dev/mapper/")
		for _, p := range glob(c.sys.Files, "/sys/class/block/dm-*") {
			if n, err := readString(c.sys.Files, p+"/dm/name"); err == nil && n == want {
				return path.Base(p)
			}
		}
	}
	if strings.HasPrefix(m.Source, "/dev/") && exists(c.sys.Files, "/sys/class/block/"+path.Base(m.Source)) {
		return path.Base(m.Source)
	}
	return ""
}

// dmCrypt reports whether the device or anything under it is a dm-crypt
// mapping (device-mapper uuid "CRYPT-...").
func (c *collector) dmCrypt(name string, depth int) bool {
	if depth > 8 {
		return false
	}
	base := "/sys/class/block/" + name
	if uuid, err := readString(c.sys.Files, base+"/dm/uuid"); err == nil && strings.HasPrefix(uuid, "CRYPT-") {
		return true
	}
	for _, s := range glob(c.sys.Files, base+"/slaves/*") {
		if c.dmCrypt(path.Base(s), depth+1) {
			return true
		}
	}
	return false
}

// linuxFirewall decides whether a host firewall filters incoming traffic.
// ufw's switch and firewalld's service state are readable by anyone; the
// rules themselves (nftables, iptables) only by root.
func (c *collector) linuxFirewall(out map[string]output) {
	if data, err := readString(c.sys.Files, "/etc/ufw/ufw.conf"); err == nil {
		if on, ok := ufwEnabled(data); ok && on {
			c.dev.Firewall = boolPtr(true)
			c.from("firewall", "/etc/ufw/ufw.conf")
			return
		}
	}
	if unitActive(out["systemctl-is-active"], "firewalld") == "active" {
		c.dev.Firewall = boolPtr(true)
		c.from("firewall", "systemctl is-active firewalld")
		return
	}
	installed := c.commandInstalled("nft") || c.commandInstalled("iptables") || c.commandInstalled("ufw") || c.commandInstalled("firewall-cmd")
	if !installed {
		// Rules need a tool to load them; with none of them installed
		// there is no firewall.
		c.dev.Firewall = boolPtr(false)
		c.from("firewall", "no nft, iptables, ufw or firewalld installed")
		return
	}
	if !c.elevated {
		c.gap("devices.firewall", "firewall: reading the firewall rules needs administrator rights; run triage collect as root (sudo) to check it", "nft list ruleset")
		return
	}
	// Both, because iptables-legacy rules do not show in nft's ruleset.
	filters, read := false, false
	for _, r := range []struct {
		id      string
		filters func(string) bool
	}{{"nft-list-ruleset", nftFilters}, {"iptables-S", iptablesFilters}} {
		if o := out[r.id]; o.ok() {
			read = true
			filters = filters || r.filters(string(o.data))
			c.from("firewall", o.cmd.String())
		}
	}
	if !read {
		c.note("firewall", "the firewall rules could not be read (%v)", out["nft-list-ruleset"].err)
		return
	}
	c.dev.Firewall = boolPtr(filters)
}

// systemctlUnits are the services whose state the collector asks for in
// one `systemctl is-active` call.
func systemctlUnits() []string { return append([]string{"firewalld"}, avUnits()...) }

// unitActive returns the state `systemctl is-active` printed for unit:
// one line per unit, in the order of systemctlUnits.
func unitActive(o output, unit string) string {
	if o.missing() || o.data == nil {
		return ""
	}
	units := systemctlUnits()
	lines := strings.Split(strings.TrimSpace(string(o.data)), "\n")
	if len(lines) != len(units) {
		return ""
	}
	for i, u := range units {
		if u == unit {
			return strings.TrimSpace(lines[i])
		}
	}
	return ""
}

// linuxEndpoint looks for a known endpoint-protection product. Linux has
// no Security Center; with none of the known products installed the
// field stays unknown rather than "off", because an unlisted product may
// be running.
func (c *collector) linuxEndpoint(lf linuxFacts, out map[string]output) {
	for _, a := range linuxAV {
		if !hasPackage(lf.packages, a.pkg) {
			continue
		}
		c.dev.AVProduct = a.product
		c.from("av_product", packageSource(lf))
		switch unitActive(out["systemctl-is-active"], a.unit) {
		case "active":
			c.dev.EndpointProtection = boolPtr(true)
			c.from("endpoint_protection", "systemctl is-active "+a.unit)
		case "inactive", "failed":
			c.dev.EndpointProtection = boolPtr(false)
			c.from("endpoint_protection", "systemctl is-active "+a.unit)
		}
		if a.product == "ClamAV" {
			c.clamAVAge()
		}
		return
	}
	c.note("endpoint_protection", "no known endpoint-protection package (ClamAV, CrowdStrike, SentinelOne, Defender for Endpoint, ESET, Trend Micro) is installed")
}

func packageSource(lf linuxFacts) string {
	if lf.dpkg {
		return "/var/lib/dpkg/status"
	}
	return "rpm -qa"
}

func hasPackage(pkgs []pkg, name string) bool {
	for _, p := range pkgs {
		if p.Name == name {
			return true
		}
	}
	return false
}

// clamAVAge is the age of ClamAV's newest signature database.
func (c *collector) clamAVAge() {
	var newest time.Time
	for _, p := range glob(c.sys.Files, "/var/lib/clamav/*.c[lv]d") {
		if st, err := fs.Stat(c.sys.Files, fsPath(p)); err == nil && st.ModTime().After(newest) {
			newest = st.ModTime()
		}
	}
	if !newest.IsZero() {
		c.dev.SignatureAgeDays = intPtr(daysSince(newest, c.sys.Now))
		c.from("signature_age_days", "/var/lib/clamav")
	}
}

// linuxScreenLock reads GNOME's lock settings, which belong to the person
// signed in to the desktop: root's settings, or a run outside the desktop
// session, would describe nobody at the screen.
func (c *collector) linuxScreenLock(lf linuxFacts, out map[string]output) {
	if !lf.desktop {
		return // a server without a desktop has no screen to lock
	}
	if c.elevated || !c.inDesktopSession() {
		c.gap("devices.screen_lock", "screen lock: it is a setting of the person signed in to the desktop; run triage collect in their desktop session, without sudo, to check it", "gsettings")
		return
	}
	enabled, ok1 := parseGSettingsBool(string(out["gsettings-lock-enabled"].data))
	idle, ok2 := parseGSettingsUint(string(out["gsettings-idle-delay"].data))
	delay, ok3 := parseGSettingsUint(string(out["gsettings-lock-delay"].data))
	if !ok1 || !ok2 {
		c.note("screen_lock_seconds", "the desktop's screen-lock settings could not be read with gsettings (GNOME); other desktops are not read")
		return
	}
	if !ok3 {
		delay = 0
	}
	secs := 0 // never locks: lock switched off, or the screen never blanks
	if enabled && idle > 0 {
		secs = idle + delay
	}
	c.dev.ScreenLockSeconds = intPtr(secs)
	c.from("screen_lock_seconds", "gsettings org.gnome.desktop.screensaver lock-enabled, lock-delay; org.gnome.desktop.session idle-delay")
}

// linuxAdmins lists members of the groups that may use sudo. root itself
// is the system's built-in administrator, like Windows' Administrator,
// and is never listed in these groups.
func (c *collector) linuxAdmins() {
	group, err := readString(c.sys.Files, "/etc/group")
	if err != nil {
		c.note("local_admins", "/etc/group could not be read: %v", err)
		return
	}
	passwd, _ := readString(c.sys.Files, "/etc/passwd")
	admins := groupMembers(group, passwd, "sudo", "wheel", "admin")
	if len(admins) == 0 {
		c.note("local_admins", "the sudo, wheel and admin groups have no members; only root administers this machine (facts.json cannot record an empty list, so the local-administrator check skips it)")
		return
	}
	c.dev.LocalAdmins = admins
	c.from("local_admins", "/etc/group")
}

// linuxSSH reports the SSH server's password and root sign-in settings.
// facts.json has no fields for them yet, so they are notes. `sshd -T`
// (root) gives the effective values; otherwise the configuration files.
func (c *collector) linuxSSH(out map[string]output) {
	if !c.commandInstalled("sshd") {
		return
	}
	var s sshSettings
	where := "sshd -T"
	if o := out["sshd-T"]; o.ok() {
		s = parseSSHDT(string(o.data))
	} else {
		where = "/etc/ssh/sshd_config"
		data, err := readString(c.sys.Files, where)
		if err != nil {
			c.note("ssh", "the SSH server's settings could not be read: %v", err)
			return
		}
		var cfg sshdConfig
		cfg.lines(data, func(pattern string) []string {
			if !strings.HasPrefix(pattern, "/") {
				pattern = "/etc/ssh/" + pattern
			}
			var texts []string
			files := glob(c.sys.Files, pattern)
			sort.Strings(files)
			for _, f := range files {
				if t, err := readString(c.sys.Files, f); err == nil {
					texts = append(texts, t)
				}
			}
			return texts
		})
		s = cfg.settings()
	}
	c.note("ssh", "SSH server: PasswordAuthentication %s, PermitRootLogin %s (from %s)", s.PasswordAuthentication, s.PermitRootLogin, where)
}
