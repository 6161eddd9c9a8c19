package collect

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every parser runs on captured or constructed output (testdata/*/) and
// its result is compared with a golden file beside the fixtures.

func fixture(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type parserCase struct {
	golden string // under testdata/
	parse  func(t *testing.T) any
}

func runParserCases(t *testing.T, cases []parserCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			goldenJSON(t, filepath.Join("testdata", c.golden), c.parse(t))
		})
	}
}

func TestLinuxParsers(t *testing.T) {
	const u, r = "linux/ubuntu-laptop/", "linux/rocky-server/"
	newest := func(t *testing.T, path string, fn func(string) (time.Time, bool)) any {
		var best time.Time
		for _, line := range strings.Split(fixture(t, path), "\n") {
			if tm, ok := fn(line); ok && tm.After(best) {
				best = tm
			}
		}
		return best
	}
	runParserCases(t, []parserCase{
		{"linux/os-release-ubuntu.golden", func(t *testing.T) any { return parseOSRelease(fixture(t, u+"root/etc/os-release")) }},
		{"linux/os-release-rocky.golden", func(t *testing.T) any { return parseOSRelease(fixture(t, r+"root/etc/os-release")) }},
		{"linux/dpkg-status.golden", func(t *testing.T) any {
			p, err := parseDpkgStatus(strings.NewReader(fixture(t, u+"root/var/lib/dpkg/status")))
			if err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{"linux/rpm-qa.golden", func(t *testing.T) any { return parseRPMList(fixture(t, r+"rpm-qa.txt")) }},
		{"linux/apt-history.golden", func(t *testing.T) any {
			h := &aptHistoryUpgrade{zone: testZone}
			for _, line := range strings.Split(fixture(t, u+"root/var/log/apt/history.log"), "\n") {
				h.line(line)
			}
			return h.newest
		}},
		{"linux/dpkg-log.golden", func(t *testing.T) any {
			return newest(t, u+"root/var/log/dpkg.log", func(l string) (time.Time, bool) { return dpkgLogUpgrade(l, testZone) })
		}},
		{"linux/dnf-rpm-log.golden", func(t *testing.T) any { return newest(t, r+"root/var/log/dnf.rpm.log", dnfLogUpgrade) }},
		{"linux/apt-security-lists.golden", func(t *testing.T) any {
			installed := map[string]pkg{}
			p, _ := parseDpkgStatus(strings.NewReader(fixture(t, u+"root/var/lib/dpkg/status")))
			for _, x := range p {
				installed[x.Name+":"+x.Arch] = x
			}
			pending := map[string]bool{}
			for _, f := range []string{"security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages", "security.ubuntu.com_ubuntu_dists_noble-security_universe_binary-amd64_Packages.lz4"} {
				var r io.Reader = strings.NewReader(fixture(t, u+"root/var/lib/apt/lists/"+f))
				if strings.HasSuffix(f, ".lz4") {
					r = newLZ4Reader(r)
				}
				if err := securityUpdates(r, installed, pending); err != nil {
					t.Fatal(err)
				}
			}
			return pending
		}},
		{"linux/dnf-updateinfo-security.golden", func(t *testing.T) any {
			return parseDnfSecurity(fixture(t, r+"dnf-updateinfo-security.txt"))
		}},
		{"linux/group-ubuntu.golden", func(t *testing.T) any {
			return groupMembers(fixture(t, u+"root/etc/group"), fixture(t, u+"root/etc/passwd"), "sudo", "wheel", "admin")
		}},
		{"linux/group-rocky.golden", func(t *testing.T) any {
			return groupMembers(fixture(t, r+"root/etc/group"), fixture(t, r+"root/etc/passwd"), "sudo", "wheel", "admin")
		}},
		{"linux/sshd-config.golden", func(t *testing.T) any {
			var c sshdConfig
			c.lines(fixture(t, u+"root/etc/ssh/sshd_config"), func(pattern string) []string {
				// The Include names 50-cloud-init.conf and 60-practice.conf,
				// read in order: the first value given wins.
				return []string{fixture(t, u+"root/etc/ssh/sshd_config.d/50-cloud-init.conf"), fixture(t, u+"root/etc/ssh/sshd_config.d/60-practice.conf")}
			})
			return c.settings()
		}},
		{"linux/sshd-T.golden", func(t *testing.T) any { return parseSSHDT(fixture(t, r+"sshd-T.txt")) }},
		{"linux/ufw-conf.golden", func(t *testing.T) any {
			on, ok := ufwEnabled(fixture(t, u+"root/etc/ufw/ufw.conf"))
			return map[string]bool{"enabled": on, "found": ok}
		}},
		{"linux/nft-list-ruleset.golden", func(t *testing.T) any {
			return map[string]bool{"filters": nftFilters(fixture(t, r+"nft-list-ruleset.txt"))}
		}},
		{"linux/iptables-S.golden", func(t *testing.T) any {
			return map[string]bool{"filters": iptablesFilters(fixture(t, "linux/iptables-S.txt"))}
		}},
		{"linux/mountinfo-ubuntu.golden", func(t *testing.T) any { m, _ := rootMount(fixture(t, u+"root/proc/self/mountinfo")); return m }},
		{"linux/mountinfo-rocky.golden", func(t *testing.T) any { m, _ := rootMount(fixture(t, r+"root/proc/self/mountinfo")); return m }},
		{"linux/gsettings.golden", func(t *testing.T) any {
			on, _ := parseGSettingsBool(fixture(t, u+"gsettings-lock-enabled.txt"))
			idle, _ := parseGSettingsUint(fixture(t, u+"gsettings-idle-delay.txt"))
			delay, _ := parseGSettingsUint(fixture(t, u+"gsettings-lock-delay.txt"))
			return map[string]any{"lock_enabled": on, "idle_delay": idle, "lock_delay": delay}
		}},
	})
}

func TestWindowsParsers(t *testing.T) {
	const s = "windows/server-admin/"
	reg := func(t *testing.T, path string) []regKey { return parseReg(fixture(t, path)) }
	release := func(path string) func(t *testing.T) any {
		return func(t *testing.T) any {
			k, ok := regFind(reg(t, path), `\Windows NT\CurrentVersion`)
			if !ok {
				t.Fatal("no CurrentVersion key")
			}
			return parseWindowsRelease(k)
		}
	}
	jsonFixture := func(t *testing.T, path string) []byte { return []byte(fixture(t, path)) }
	runParserCases(t, []parserCase{
		{"windows/reg-ts.golden", func(t *testing.T) any { return reg(t, "windows/reg-ts.txt") }},
		{"windows/release-workstation.golden", release("windows/reg-currentversion.txt")},
		{"windows/release-server.golden", release(s + "reg-currentversion.txt")},
		{"windows/uninstall-workstation.golden", func(t *testing.T) any {
			var all []program
			for _, f := range []string{"reg-uninstall.txt", "reg-uninstall-wow.txt", "reg-uninstall-user.txt"} {
				all = append(all, uninstallPrograms(reg(t, "windows/"+f))...)
			}
			return all
		}},
		{"windows/uninstall-server.golden", func(t *testing.T) any { return uninstallPrograms(reg(t, s+"reg-uninstall.txt")) }},
		{"windows/hotfix.golden", func(t *testing.T) any {
			tm, id, err := newestHotfix(jsonFixture(t, "windows/ps-hotfix.txt"), testZone)
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"newest": tm, "id": id}
		}},
		{"windows/securitycenter.golden", func(t *testing.T) any {
			sc, err := parseSecurityCenter(jsonFixture(t, "windows/ps-securitycenter.txt"))
			if err != nil {
				t.Fatal(err)
			}
			type decoded struct {
				Name             string
				On, UpToDate     bool
				ProductStateBits string
			}
			var out []decoded
			for _, p := range sc.AntiVirus {
				on, cur := productStateOn(p.ProductState)
				out = append(out, decoded{p.Name, on, cur, fmt.Sprintf("%#06x", p.ProductState)})
			}
			return out
		}},
		{"windows/defender-workstation.golden", func(t *testing.T) any {
			d, _, err := parseDefender(jsonFixture(t, "windows/ps-defender.txt"))
			if err != nil {
				t.Fatal(err)
			}
			return d
		}},
		{"windows/defender-server.golden", func(t *testing.T) any { d, _, _ := parseDefender(jsonFixture(t, s+"ps-defender.txt")); return d }},
		{"windows/firewall-workstation.golden", func(t *testing.T) any {
			on, off, ok := firewallProfilesOn(jsonFixture(t, "windows/ps-firewall.txt"))
			return map[string]any{"all_on": on, "off": off, "read": ok}
		}},
		{"windows/firewall-server.golden", func(t *testing.T) any {
			on, off, ok := firewallProfilesOn(jsonFixture(t, s+"ps-firewall.txt"))
			return map[string]any{"all_on": on, "off": off, "read": ok}
		}},
		{"windows/localgroup-workstation.golden", func(t *testing.T) any {
			m, _ := parseNetLocalGroup(fixture(t, "windows/net-localgroup-administrators.txt"))
			return m
		}},
		{"windows/localgroup-server.golden", func(t *testing.T) any {
			m, _ := parseNetLocalGroup(fixture(t, s+"net-localgroup-administrators.txt"))
			return m
		}},
		{"windows/whoami.golden", func(t *testing.T) any {
			out := map[string][2]bool{}
			for _, f := range []string{"windows/whoami-groups.txt", s + "whoami-groups.txt", "windows/rmm-system/whoami-groups.txt"} {
				e, sys := tokenLevel(fixture(t, f))
				out[f] = [2]bool{e, sys}
			}
			return out
		}},
		{"windows/manage-bde-server.golden", func(t *testing.T) any { return bdeWithVerdict(parseManageBDE(fixture(t, s+"manage-bde-status.txt"))) }},
		{"windows/manage-bde-workstation.golden", func(t *testing.T) any {
			return bdeWithVerdict(parseManageBDE(fixture(t, "windows/rmm-system/manage-bde-status.txt")))
		}},
		{"windows/powercfg.golden", func(t *testing.T) any {
			out := map[string][3]int64{}
			for _, f := range []string{"windows/powercfg-sleep.txt", "windows/powercfg-consolelock.txt", s + "powercfg-sleep.txt"} {
				ac, dc, ok := powercfgCurrent(fixture(t, f))
				read := int64(0)
				if ok {
					read = 1
				}
				out[f] = [3]int64{ac, dc, read}
			}
			return out
		}},
		{"windows/screensaver.golden", func(t *testing.T) any {
			out := map[string]any{}
			for _, f := range []string{"windows/reg-desktop.txt", s + "reg-desktop.txt"} {
				k, _ := regFind(reg(t, f), `\Control Panel\Desktop`)
				on, secs := screenSaver(k, regKey{})
				out[f] = map[string]any{"secure_saver": on, "seconds": secs}
			}
			return out
		}},
		{"windows/office-policy.golden", func(t *testing.T) any { return officeMacroPolicy(reg(t, "windows/reg-office-policy.txt")) }},
		{"windows/laps-server.golden", func(t *testing.T) any {
			on, how := lapsPolicy(nil, reg(t, s+"reg-laps-gpo.txt"), nil)
			return map[string]any{"on": on, "how": how}
		}},
		{"windows/rdp.golden", func(t *testing.T) any {
			return map[string]rdpState{
				"workstation": parseRDP(reg(t, "windows/reg-ts.txt"), reg(t, "windows/reg-rdp-tcp.txt"), nil),
				"server":      parseRDP(reg(t, s+"reg-ts.txt"), reg(t, s+"reg-rdp-tcp.txt"), nil),
			}
		}},
		{"windows/smb.golden", func(t *testing.T) any {
			on, known := smb1Server(reg(t, "windows/reg-smb.txt"))
			rows, err := jsonList[smbConfig](jsonFixture(t, s+"ps-smb.txt"))
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"registry_smb1_on": on, "registry_known": known, "server_config": rows}
		}},
		{"windows/anydesk.golden", func(t *testing.T) any {
			return map[string]bool{
				"windows service.conf (no password)": anyDeskPassword(fixture(t, "windows/files/ProgramData/AnyDesk/service.conf")),
				"linux service.conf (password set)":  anyDeskPassword(fixture(t, "linux/ubuntu-laptop/root/etc/anydesk/service.conf")),
			}
		}},
		{"windows/teamviewer.golden", func(t *testing.T) any {
			on, known := teamViewerAlwaysOnline(reg(t, "windows/reg-teamviewer-wow.txt"))
			return map[string]bool{"always_online": on, "known": known}
		}},
	})
}

func bdeWithVerdict(vols []bdeVolume) any {
	type v struct {
		bdeVolume
		Encrypted bool `json:"encrypted"`
	}
	var out []v
	for _, x := range vols {
		out = append(out, v{x, x.encrypted()})
	}
	return out
}

func TestDarwinParsers(t *testing.T) {
	const d = "darwin/"
	plist := func(t *testing.T, path string) plistValue {
		v, err := parsePlist([]byte(fixture(t, path)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	runParserCases(t, []parserCase{
		{"darwin/sw_vers.golden", func(t *testing.T) any { return parseSwVers(fixture(t, d+"sw_vers.txt")) }},
		{"darwin/fdesetup.golden", func(t *testing.T) any {
			on, known := fileVault(fixture(t, d+"fdesetup-status.txt"))
			return map[string]bool{"on": on, "known": known}
		}},
		{"darwin/socketfilterfw.golden", func(t *testing.T) any {
			on, known := appFirewall(fixture(t, d+"socketfilterfw-globalstate.txt"))
			return map[string]bool{"on": on, "known": known}
		}},
		{"darwin/sysadminctl.golden", func(t *testing.T) any {
			on, delay, known := sysadminScreenLock(fixture(t, d+"sysadminctl-screenlock.txt"))
			return map[string]any{"on": on, "delay": delay, "known": known}
		}},
		{"darwin/pmset.golden", func(t *testing.T) any {
			n, ok := pmsetValue(fixture(t, d+"pmset-g.txt"), "displaysleep")
			return map[string]any{"displaysleep": n, "read": ok, "battery": pmsetBattery(fixture(t, d+"pmset-g-batt.txt"))}
		}},
		{"darwin/dscl.golden", func(t *testing.T) any { m, _ := dsclMembers(fixture(t, d+"dscl-admin.txt")); return m }},
		{"darwin/install-history.golden", func(t *testing.T) any {
			tm, name := newestMacOSInstall(plist(t, d+"root/Library/Receipts/InstallHistory.plist"))
			return map[string]any{"newest": tm, "name": name}
		}},
		{"darwin/softwareupdate-history.golden", func(t *testing.T) any {
			tm, name := newestSoftwareUpdate(fixture(t, d+"softwareupdate-history.txt"), testZone)
			return map[string]any{"newest": tm, "name": name}
		}},
		{"darwin/info-plist.golden", func(t *testing.T) any {
			var out []macApp
			for _, app := range []string{"Falcon.app", "Google Chrome.app", "Microsoft Word.app", "Splashtop Streamer.app", "TeamViewer.app", "Utilities/Install Helper.app"} {
				out = append(out, parseInfoPlist(plist(t, d+"root/Applications/"+app+"/Contents/Info.plist"), filepath.Base(app)))
			}
			return append(out, parseInfoPlist(plist(t, d+"plutil__Applications_zoom.us.app_Contents_Info.plist.txt"), "zoom.us.app"))
		}},
	})
}

// Edge cases that fixtures do not show.

func TestProductState(t *testing.T) {
	for _, c := range []struct {
		state       int64
		on, current bool
	}{
		{0x061100, true, true},  // Defender, on, up to date
		{0x060100, false, true}, // Defender, passive beside another product
		{0x041000, true, true},  // third-party product on
		{0x041010, true, false}, // on, signatures out of date
		{0x040000, false, true}, // off
		{0x061110, true, false}, // snoozed counts as on, out of date
		{0x000000, false, true}, // nothing
		{0x1ff1100, true, true}, // high bits ignored
		{0x051000, true, true},  // another product family
		{0x041100, true, true},  // snoozed
		{0x040100, false, true}, // expired
		{0x062000, false, true}, // unknown state byte counts as off
		{0x060000 | 0x1010, true, false},
	} {
		on, cur := productStateOn(c.state)
		if on != c.on || cur != c.current {
			t.Errorf("productStateOn(%#x) = %v, %v; want %v, %v", c.state, on, cur, c.on, c.current)
		}
	}
}

func TestParseRegEdges(t *testing.T) {
	keys := parseReg("\r\nHKEY_LOCAL_MACHINE\\X\r\n    (Default)    REG_SZ    \r\n    Name With Spaces    REG_SZ    a  b\r\n    Empty    REG_SZ    \r\n    N    REG_DWORD    0xffffffff\r\n")
	if len(keys) != 1 || len(keys[0].Values) != 4 {
		t.Fatalf("keys = %+v", keys)
	}
	k := keys[0]
	if v, _ := k.value(""); v.Type != "REG_SZ" {
		t.Errorf("default value = %+v", v)
	}
	if got := k.str("name with spaces"); got != "a  b" {
		t.Errorf("name with spaces = %q", got)
	}
	if n, ok := k.dword("N"); !ok || n != 0xffffffff {
		t.Errorf("dword = %d, %v", n, ok)
	}
	if _, ok := regNumber("0xZZ"); ok {
		t.Error("0xZZ read as a number")
	}
}

func TestNetLocalGroupEdges(t *testing.T) {
	if _, ok := parseNetLocalGroup("System error 1376 has occurred.\r\n\r\nThe specified local group does not exist.\r\n"); ok {
		t.Error("an error message read as a member list")
	}
	// German output: the labels change, the layout does not.
	m, ok := parseNetLocalGroup("Aliasname     Administratoren\r\nBeschreibung  ...\r\n\r\nMitglieder\r\n\r\n-------------------------------------------------------------------------------\r\nAdministrator\r\nPRAXIS\\Domänen-Admins\r\nDer Befehl wurde erfolgreich ausgeführt.\r\n")
	if !ok || strings.Join(m, "|") != `Administrator|PRAXIS\Domänen-Admins` {
		t.Errorf("members = %q, %v", m, ok)
	}
}

func TestScreenLockSeconds(t *testing.T) {
	for _, c := range []struct {
		name string
		in   screenLockInputs
		want int
		ok   bool
	}{
		{"nothing set: never locks", screenLockInputs{SaverKnown: true, SleepKnown: true}, 0, true},
		{"sleep with password", screenLockInputs{SaverKnown: true, SleepKnown: true, SleepSecs: 1800, WakeLock: true}, 1800, true},
		{"sleep without password", screenLockInputs{SaverKnown: true, SleepKnown: true, SleepSecs: 600}, 0, true},
		{"shortest wins", screenLockInputs{InactivitySecs: 900, SaverKnown: true, Saver: true, SaverSecs: 600, SleepKnown: true, SleepSecs: 300, WakeLock: true}, 300, true},
		{"user settings unread", screenLockInputs{InactivitySecs: 900, SleepKnown: true}, 0, false},
		{"power settings unread", screenLockInputs{SaverKnown: true}, 0, false},
	} {
		got, ok := c.in.seconds()
		if got != c.want || ok != c.ok {
			t.Errorf("%s: seconds() = %d, %v; want %d, %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if got := macLockSeconds(true, 5, 0, 0); got != 0 {
		t.Errorf("mac, saver and display never: %d, want 0", got)
	}
	if got := macLockSeconds(false, 0, 300, 10); got != 0 {
		t.Errorf("mac, lock off: %d, want 0", got)
	}
}

func TestRemoteToolMatching(t *testing.T) {
	for name, want := range map[string]string{
		"TeamViewer":                          "TeamViewer",
		"TeamViewer Host":                     "TeamViewer",
		"ScreenConnect Client (a1b2c3d4e5f6)": "ScreenConnect",
		"connectwisecontrol-0a1b2c3d4e5f6a7b": "ScreenConnect",
		"Splashtop Streamer":                  "Splashtop Streamer",
		"x11vnc":                              "VNC server",
		"libvncserver1":                       "",
		"tigervnc-viewer":                     "",
		"RealVNC Viewer":                      "",
		"Google Chrome":                       "",
	} {
		got, ok := matchRemoteTool(name)
		if got.name != want || ok != (want != "") {
			t.Errorf("matchRemoteTool(%q) = %q, %v; want %q", name, got.name, ok, want)
		}
	}
}

func TestPlistErrors(t *testing.T) {
	if _, err := parsePlist([]byte("bplist00\x00")); err == nil {
		t.Error("binary plist accepted")
	}
	if _, err := parsePlist([]byte("<html></html>")); err == nil {
		t.Error("a file without <plist> accepted")
	}
	if _, err := parsePlist([]byte(`<plist><dict><key>a</key></dict></plist>`)); err == nil {
		t.Error("a key without a value accepted")
	}
}

func TestCompareDebVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int // sign
	}{
		{"1.0", "1.0", 0},
		{"1.0~rc1", "1.0", -1},
		{"1.0", "1.0-0", 0},
		{"1:1.0", "2.0", 1},
		{"2.36-9+deb12u10", "2.36-9+deb12u7", 1},
		{"1.5.4+dfsg2-5", "1.5.4+dfsg2-5+deb12u1", -1},
		{"0.9.14+dfsg-1build2", "0.9.14+dfsg-1ubuntu0.24.04.1", -1},
		{"1:9.6p1-3ubuntu13.5", "1:9.6p1-3ubuntu13.7", -1},
		{"1.0a", "1.0+", -1},
		{"1.0~~", "1.0~", -1},
		{"10", "9", 1},
		{"1.002", "1.2", 0},
	} {
		got := compareDebVersions(c.a, c.b)
		if (got < 0) != (c.want < 0) || (got > 0) != (c.want > 0) {
			t.Errorf("compareDebVersions(%q, %q) = %d, want sign %d", c.a, c.b, got, c.want)
		}
		if back := compareDebVersions(c.b, c.a); (back < 0) != (c.want > 0) {
			t.Errorf("compareDebVersions(%q, %q) = %d is not the opposite", c.b, c.a, back)
		}
	}
}

func TestLZ4Fixture(t *testing.T) {
	f, err := os.Open("testdata/linux/ubuntu-laptop/root/var/lib/apt/lists/security.ubuntu.com_ubuntu_dists_noble-security_universe_binary-amd64_Packages.lz4")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(newLZ4Reader(f))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "Package: clamav-daemon\n") || !strings.HasSuffix(string(data), "Package: padding-1500\nArchitecture: amd64\nVersion: 1.1500-1\nDescription: filler that makes the list span more than one 64 KB block\n\n") || len(data) < 128<<10 {
		t.Errorf("decoded %d bytes: %.60q ... %.60q", len(data), data, data[max(0, len(data)-60):])
	}
	if _, err := io.ReadAll(newLZ4Reader(strings.NewReader("not lz4 at all"))); err == nil {
		t.Error("non-LZ4 input accepted")
	}
	if _, err := io.ReadAll(newLZ4Reader(io.LimitReader(f, 0))); err != nil {
		t.Errorf("empty input: %v, want a clean end", err)
	}
}

// TestLZ4AgainstApt decompresses this machine's LZ4 apt lists and compares
// the result with apt's own decompressor, when both are there.
func TestLZ4AgainstApt(t *testing.T) {
	helper := "/usr/lib/apt/apt-helper"
	lists, _ := filepath.Glob("/var/lib/apt/lists/*.lz4")
	if _, err := os.Stat(helper); err != nil || len(lists) == 0 {
		t.Skip("no LZ4 apt lists or apt-helper on this machine")
	}
	for _, l := range lists {
		want, err := exec.Command(helper, "cat-file", l).Output()
		if err != nil {
			t.Skipf("apt-helper cat-file: %v", err)
		}
		f, err := os.Open(l)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(newLZ4Reader(f))
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: decoded %d bytes, apt-helper %d", l, len(got), len(want))
		}
	}
}
