package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/importer"
)

// scenario is one machine made of fixtures: command output in dirs (the
// first directory with a fixture wins, so variants override a base), and
// a file tree under root.
type scenario struct {
	name     string // golden files: testdata/<os dir>/<name>.facts.golden and .notes.golden
	os       string
	host     string
	dirs     []string
	root     string
	env      map[string]string
	elevated bool
}

func (s scenario) osDir() string {
	if s.os == Darwin {
		return "darwin"
	}
	return s.os
}

func scenarios() []scenario {
	winEnv := map[string]string{"ProgramData": `C:\ProgramData`, "SystemDrive": "C:"}
	ubuntu := []string{"testdata/linux/ubuntu-laptop"}
	rocky := []string{"testdata/linux/rocky-server"}
	return []scenario{
		{name: "workstation-user", os: Windows, host: "RECEPTION-01.harbourside.local", dirs: []string{"testdata/windows"}, root: "testdata/windows/files", env: winEnv},
		{name: "server-admin", os: Windows, host: "BP-SERVER", dirs: []string{"testdata/windows/server-admin", "testdata/windows"}, root: "testdata/windows/files", env: winEnv},
		{name: "workstation-rmm-system", os: Windows, host: "RECEPTION-01", dirs: []string{"testdata/windows/rmm-system", "testdata/windows"}, root: "testdata/windows/files", env: winEnv},
		{name: "macbook-user", os: Darwin, host: "Dr-Chens-MacBook-Air.local", dirs: []string{"testdata/darwin"}, root: "testdata/darwin/root"},
		{name: "macbook-sudo", os: Darwin, host: "Dr-Chens-MacBook-Air.local", dirs: []string{"testdata/darwin"}, root: "testdata/darwin/root", elevated: true},
		{name: "ubuntu-laptop-user", os: Linux, host: "consult-3", dirs: ubuntu, root: "testdata/linux/ubuntu-laptop/root",
			env: map[string]string{"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}},
		{name: "ubuntu-laptop-sudo", os: Linux, host: "consult-3", dirs: ubuntu, root: "testdata/linux/ubuntu-laptop/root", elevated: true},
		{name: "rocky-server-root", os: Linux, host: "pms-linux.harbourside.local", dirs: rocky, root: "testdata/linux/rocky-server/root", elevated: true},
		{name: "rocky-server-user", os: Linux, host: "pms-linux", dirs: rocky, root: "testdata/linux/rocky-server/root"},
	}
}

func (s scenario) system() (System, *fakeRunner) {
	r := &fakeRunner{dirs: s.dirs}
	if s.os != Linux {
		r.missing = regNotFound
	}
	return System{
		OS: s.os, Hostname: s.host, Elevated: s.elevated, Run: r,
		Files:  fixedTimeFS{os.DirFS(s.root), testNow.Add(-50 * time.Hour)},
		Getenv: env(s.env), Now: testNow, Zone: testZone,
	}, r
}

// writeFacts renders facts the way `triage collect` writes them.
func writeFacts(t *testing.T, facts []audit.Fact) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := importer.WriteFacts(&buf, facts); err != nil {
		t.Fatalf("WriteFacts refused the collector's facts: %v", err)
	}
	return buf.Bytes()
}

func TestScenarios(t *testing.T) {
	for _, s := range scenarios() {
		t.Run(s.name, func(t *testing.T) {
			sys, _ := s.system()
			res, err := Collect(context.Background(), sys)
			if err != nil {
				t.Fatal(err)
			}
			base := filepath.Join("testdata", s.osDir(), s.name)
			golden(t, base+".facts.golden", writeFacts(t, res.Facts))
			goldenJSON(t, base+".notes.golden", res.Notes)
		})
	}
}

// collectScenario runs one scenario by name.
func collectScenario(t *testing.T, name string) (Result, *fakeRunner) {
	t.Helper()
	for _, s := range scenarios() {
		if s.name == name {
			sys, r := s.system()
			res, err := Collect(context.Background(), sys)
			if err != nil {
				t.Fatal(err)
			}
			return res, r
		}
	}
	t.Fatalf("no scenario %q", name)
	return Result{}, nil
}

func device(t *testing.T, res Result) *audit.Device {
	t.Helper()
	if len(res.Facts) == 0 || res.Facts[0].Device == nil {
		t.Fatal("the first fact is not the device")
	}
	return res.Facts[0].Device
}

func gapReasons(res Result) []string {
	var out []string
	for _, f := range res.Facts {
		if f.Gap != nil {
			out = append(out, f.Gap.Topic+": "+f.Gap.Reason)
		}
	}
	return out
}

func software(res Result, name string) *audit.Software {
	for _, f := range res.Facts {
		if f.Software != nil && f.Software.Name == name {
			return f.Software
		}
	}
	return nil
}

func setting(res Result, name string) *audit.Setting {
	for _, f := range res.Facts {
		if f.Setting != nil && f.Setting.Name == name {
			return f.Setting
		}
	}
	return nil
}

// The goldens hold everything; these spell out the decisions that matter.

func TestWindowsWorkstationUser(t *testing.T) {
	res, r := collectScenario(t, "workstation-user")
	d := device(t, res)
	switch {
	case res.Host != "RECEPTION-01" || d.Name != "RECEPTION-01":
		t.Errorf("host %q, device %q: the DNS suffix should be dropped", res.Host, d.Name)
	case d.OSName != "Windows 11 Pro" || d.Build != "10.0.22631.4460" || d.OSVersion != "23H2":
		t.Errorf("release %q %q %q: build 22631 is Windows 11 whatever ProductName says", d.OSName, d.OSVersion, d.Build)
	case d.Kind != audit.DeviceLaptop:
		t.Errorf("kind %q, want laptop (Win32_Battery count 1)", d.Kind)
	case d.Encrypted != nil:
		t.Error("BitLocker was reported without administrator rights")
	case r.ranCommand("manage-bde-status"):
		t.Error("manage-bde ran without administrator rights")
	case d.ScreenLockSeconds == nil || *d.ScreenLockSeconds != 1800:
		t.Errorf("screen lock %v, want 1800 (no screen saver; sleeps after 30 minutes on mains and asks for the password)", d.ScreenLockSeconds)
	case d.LAPS == nil || *d.LAPS:
		t.Errorf("LAPS %v, want false (no policy)", d.LAPS)
	case d.EndpointProtection == nil || !*d.EndpointProtection || d.AVProduct != "Windows Defender" || d.SignatureAgeDays == nil || *d.SignatureAgeDays != 1:
		t.Errorf("endpoint %v %q %v", d.EndpointProtection, d.AVProduct, d.SignatureAgeDays)
	case strings.Join(d.LocalAdmins, "|") != `Administrator|HARBOURSIDE\Domain Admins|HARBOURSIDE\hsmith`:
		t.Errorf("local admins %q", d.LocalAdmins)
	}
	if g := gapReasons(res); len(g) != 1 || !strings.Contains(g[0], "disk encryption: reading BitLocker needs administrator rights") {
		t.Errorf("gaps %q, want the BitLocker one", g)
	}
	if s := setting(res, "office.macros_blocked_from_internet"); s == nil || *s.Bool || s.System != "RECEPTION-01" || !strings.Contains(s.Text, "powerpoint") {
		t.Errorf("office macro setting %+v: PowerPoint has no policy", s)
	}
	for name, want := range map[string]*bool{"TeamViewer": boolPtr(true), "AnyDesk": boolPtr(false), "ScreenConnect Client (a1b2c3d4e5f60718)": boolPtr(true)} {
		s := software(res, name)
		if s == nil || s.Category != audit.SoftwareRemoteAccess || s.Unattended == nil || *s.Unattended != *want {
			t.Errorf("%s: %+v, want remote access, unattended %v", name, s, *want)
		}
	}
	for _, hidden := range []string{"Intel(R) Management Engine Components", "Security Update for Microsoft Visual C++ 2015-2022 Redistributable (x64)"} {
		if software(res, hidden) != nil {
			t.Errorf("%s is hidden from Add or Remove Programs and should not be listed", hidden)
		}
	}
}

func TestWindowsServerAdmin(t *testing.T) {
	res, _ := collectScenario(t, "server-admin")
	d := device(t, res)
	switch {
	case d.Kind != audit.DeviceServer || d.OSName != "Windows Server 2019 Standard" || d.Build != "10.0.17763.6671":
		t.Errorf("server %q %q %q", d.Kind, d.OSName, d.Build)
	case d.Encrypted == nil || *d.Encrypted:
		t.Errorf("encrypted %v, want false: C: is encrypted but protection is suspended", d.Encrypted)
	case d.Firewall == nil || *d.Firewall:
		t.Errorf("firewall %v, want false (Public profile off)", d.Firewall)
	case d.LAPS == nil || !*d.LAPS:
		t.Errorf("LAPS %v, want true (group policy backs up to AD)", d.LAPS)
	case d.ScreenLockSeconds == nil || *d.ScreenLockSeconds != 600:
		t.Errorf("screen lock %v, want 600", d.ScreenLockSeconds)
	case d.EndpointProtection == nil || !*d.EndpointProtection || d.SignatureAgeDays == nil || *d.SignatureAgeDays != 12:
		t.Errorf("Defender on a server without Security Center: %v %v", d.EndpointProtection, d.SignatureAgeDays)
	case len(gapReasons(res)) != 0:
		t.Errorf("gaps %q, want none with administrator rights", gapReasons(res))
	case setting(res, "office.macros_blocked_from_internet") != nil:
		t.Error("an Office setting without Office installed")
	}
	notes := notesText(res)
	for _, want := range []string{"Remote Desktop is on WITHOUT Network Level Authentication", "SMBv1 server on", "volume D: is not encrypted"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestWindowsRMMSystem(t *testing.T) {
	res, _ := collectScenario(t, "workstation-rmm-system")
	d := device(t, res)
	if d.Encrypted == nil || !*d.Encrypted {
		t.Errorf("encrypted %v: the system account may read BitLocker", d.Encrypted)
	}
	if d.ScreenLockSeconds != nil {
		t.Error("the system account's screen saver was reported as the user's")
	}
	if setting(res, "office.macros_blocked_from_internet") != nil {
		t.Error("the system account's Office policy was reported as the user's")
	}
	var topics []string
	for _, f := range res.Facts {
		if f.Gap != nil {
			topics = append(topics, f.Gap.Topic)
		}
	}
	if strings.Join(topics, ",") != "devices.screen_lock,office.macros_blocked_from_internet" {
		t.Errorf("gap topics %q", topics)
	}
}

func TestMacOS(t *testing.T) {
	res, _ := collectScenario(t, "macbook-user")
	d := device(t, res)
	switch {
	case d.Name != "Dr-Chens-MacBook-Air" || d.Kind != audit.DeviceLaptop || d.OS != "macos" || d.OSName != "macOS 26.1":
		t.Errorf("device %q %q %q %q", d.Name, d.Kind, d.OS, d.OSName)
	case d.Encrypted == nil || !*d.Encrypted || d.Firewall == nil || *d.Firewall:
		t.Errorf("FileVault %v, firewall %v", d.Encrypted, d.Firewall)
	case d.ScreenLockSeconds == nil || *d.ScreenLockSeconds != 900:
		t.Errorf("screen lock %v, want 900 (display sleeps at 10 minutes, then 300 s delay)", d.ScreenLockSeconds)
	case d.LastPatched == nil || !d.LastPatched.Equal(time.Date(2026, 11, 4, 22, 10, 5, 0, time.UTC)):
		t.Errorf("last patched %v, want the macOS 26.1 install, not XProtect", d.LastPatched)
	case strings.Join(d.LocalAdmins, "|") != "drchen|itadmin":
		t.Errorf("admins %q", d.LocalAdmins)
	case d.AVProduct != "CrowdStrike Falcon":
		t.Errorf("AV %q", d.AVProduct)
	}
	if z := software(res, "zoom.us"); z == nil || z.Version != "6.2.11 (43613)" {
		t.Errorf("zoom (binary Info.plist, via plutil): %+v", z)
	}
	sudo, _ := collectScenario(t, "macbook-sudo")
	if device(t, sudo).ScreenLockSeconds != nil || len(gapReasons(sudo)) != 1 {
		t.Errorf("run with sudo: screen lock %v, gaps %q", device(t, sudo).ScreenLockSeconds, gapReasons(sudo))
	}
}

func TestLinuxFixtures(t *testing.T) {
	res, r := collectScenario(t, "ubuntu-laptop-user")
	d := device(t, res)
	switch {
	case d.Kind != audit.DeviceLaptop || d.OSName != "Ubuntu 24.04.1 LTS" || d.OSVersion != "24.04":
		t.Errorf("device %q %q %q", d.Kind, d.OSName, d.OSVersion)
	case d.Encrypted == nil || !*d.Encrypted:
		t.Errorf("encrypted %v: the root LV sits on LUKS", d.Encrypted)
	case d.Firewall == nil || !*d.Firewall:
		t.Errorf("firewall %v: ufw is enabled", d.Firewall)
	case d.ScreenLockSeconds == nil || *d.ScreenLockSeconds != 300:
		t.Errorf("screen lock %v", d.ScreenLockSeconds)
	case d.LastPatched == nil || !d.LastPatched.Equal(time.Date(2026, 11, 24, 21, 12, 5, 0, time.UTC)):
		t.Errorf("last patched %v: the vlc install on the 28th is not patching", d.LastPatched)
	case d.EndpointProtection == nil || !*d.EndpointProtection || d.SignatureAgeDays == nil || *d.SignatureAgeDays != 2:
		t.Errorf("ClamAV %v %v", d.EndpointProtection, d.SignatureAgeDays)
	case strings.Join(d.LocalAdmins, ",") != "alice":
		t.Errorf("admins %q", d.LocalAdmins)
	}
	if r.ranCommand("nft-list-ruleset") {
		t.Error("nft ran without root")
	}
	if a := software(res, "anydesk"); a == nil || a.Unattended == nil || !*a.Unattended {
		t.Errorf("anydesk %+v: service.conf holds a password", a)
	}
	for _, name := range []string{"libvncserver1", "tigervnc-viewer"} {
		if s := software(res, name); s == nil || s.Category != "" {
			t.Errorf("%s: %+v; a library or a viewer is not a remote-access tool", name, s)
		}
	}
	if software(res, "zoom") != nil {
		t.Error("a removed package (config files only) was listed")
	}
	if s := software(res, "TeamViewer"); s != nil {
		t.Error("TeamViewer listed twice: as the teamviewer package and by its /opt directory")
	}
	if n := notesText(res); !strings.Contains(n, "PasswordAuthentication yes") || !strings.Contains(n, "3 package(s) with a security update waiting (package lists of 2026-11-28)") {
		t.Errorf("notes:\n%s", n)
	}

	srv, _ := collectScenario(t, "rocky-server-root")
	d = device(t, srv)
	switch {
	case d.Kind != audit.DeviceServer || d.Name != "pms-linux":
		t.Errorf("server %q %q", d.Kind, d.Name)
	case d.Firewall == nil || *d.Firewall:
		t.Errorf("firewall %v: the input chain accepts everything", d.Firewall)
	case d.Encrypted == nil || *d.Encrypted:
		t.Errorf("encrypted %v", d.Encrypted)
	case d.AVProduct != "CrowdStrike Falcon" || d.EndpointProtection == nil || !*d.EndpointProtection:
		t.Errorf("endpoint %q %v", d.AVProduct, d.EndpointProtection)
	}
	if n := notesText(srv); !strings.Contains(n, "PermitRootLogin yes (from sshd -T)") || !strings.Contains(n, "3 package(s) with a security update waiting (dnf") {
		t.Errorf("notes:\n%s", n)
	}

	user, _ := collectScenario(t, "rocky-server-user")
	if device(t, user).Firewall != nil || !strings.Contains(strings.Join(gapReasons(user), ";"), "firewall: reading the firewall rules needs administrator rights") {
		t.Errorf("without root: firewall %v, gaps %q", device(t, user).Firewall, gapReasons(user))
	}
}

func notesText(res Result) string {
	var b strings.Builder
	for _, n := range res.Notes {
		b.WriteString(n.Topic + ": " + n.Text + "\n")
	}
	return b.String()
}

// TestLinuxForReal runs the Linux collector on this machine, as whoever
// runs the tests and as if without root, and checks that the result is
// valid evidence within the time budget.
func TestLinuxForReal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the real run needs Linux")
	}
	for _, asRoot := range []bool{true, false} {
		sys := Local(time.Now())
		if !asRoot {
			sys.Elevated = false
		} else if !sys.Elevated {
			continue // not root: the second pass covers it
		}
		start := time.Now()
		res, err := Collect(context.Background(), sys)
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("collection took %s; the budget is 30 s", took)
		}
		data := writeFacts(t, res.Facts)
		path := filepath.Join(t.TempDir(), "host.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		facts, err := importer.ReadFactsFile(path)
		if err != nil {
			t.Fatalf("the facts do not read back: %v", err)
		}
		d := device(t, Result{Facts: facts})
		if d.OS != "linux" || d.Name == "" || d.LastSeen == nil {
			t.Errorf("device %+v", d)
		}
		if d.OSName == "" {
			t.Errorf("no distribution name; notes: %s", notesText(res))
		}
		t.Logf("elevated=%v: %d facts, gaps %q", sys.Elevated, len(facts), gapReasons(res))
	}
}

// TestOutputHasOnlyDocumentedFields walks every JSON key path in the
// facts.json of every run (the real Linux machine and every fixture
// machine) and fails on a path docs/collector.md does not list for that
// platform; and on a documented path that no run produced, so the table
// stays true both ways.
func TestOutputHasOnlyDocumentedFields(t *testing.T) {
	doc := documentedFields(t)
	produced := map[string]map[string]bool{Linux: {}, Windows: {}, Darwin: {}}
	check := func(osName, run string, res Result) {
		var v any
		if err := json.Unmarshal(writeFacts(t, res.Facts), &v); err != nil {
			t.Fatal(err)
		}
		top := v.(map[string]any)
		for k := range top {
			if k != "schema_version" && k != "facts" {
				t.Errorf("%s: top-level key %q is not in the facts.json envelope", run, k)
			}
		}
		for _, f := range top["facts"].([]any) {
			for _, p := range keyPaths("", f) {
				produced[osName][p] = true
				if !doc[osName][p] {
					t.Errorf("%s: %s is written but docs/collector.md does not list it for %s", run, p, osName)
				}
			}
		}
	}
	for _, s := range scenarios() {
		sys, _ := s.system()
		res, err := Collect(context.Background(), sys)
		if err != nil {
			t.Fatal(err)
		}
		check(s.os, s.name, res)
	}
	if runtime.GOOS == "linux" {
		res, err := Collect(context.Background(), Local(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		check(Linux, "this machine", res)
	}
	for osName, paths := range doc {
		for p := range paths {
			if !produced[osName][p] {
				t.Errorf("docs/collector.md lists %s for %s, but no run wrote it; add a fixture that does, or drop it from the table", p, osName)
			}
		}
	}
}

// keyPaths lists the dotted key paths in a JSON value; lists add nothing
// to the path (device.local_admins is one path however many members).
func keyPaths(prefix string, v any) []string {
	switch x := v.(type) {
	case map[string]any:
		var out []string
		for k, child := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			if sub := keyPaths(p, child); len(sub) > 0 {
				out = append(out, sub...)
			} else {
				out = append(out, p)
			}
		}
		sort.Strings(out)
		return out
	case []any:
		var out []string
		for _, child := range x {
			out = append(out, keyPaths(prefix, child)...)
		}
		if len(out) == 0 && prefix != "" {
			return []string{prefix}
		}
		return out
	}
	if prefix == "" {
		return nil
	}
	return []string{prefix}
}

// documentedFields reads the table between the fields markers of
// docs/collector.md: | `path` | linux | windows | macos | ... | with "yes"
// where the platform's collector may write the field.
func documentedFields(t *testing.T) map[string]map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "collector.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "<!-- fields:start -->")
	end := strings.Index(text, "<!-- fields:end -->")
	if start < 0 || end < start {
		t.Fatal("docs/collector.md has no <!-- fields:start --> ... <!-- fields:end --> table")
	}
	out := map[string]map[string]bool{Linux: {}, Windows: {}, Darwin: {}}
	cols := []string{Linux, Windows, Darwin}
	for _, line := range strings.Split(text[start:end], "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`") {
			continue
		}
		path := strings.Trim(strings.TrimSpace(cells[0]), "`")
		for i, osName := range cols {
			switch strings.TrimSpace(cells[i+1]) {
			case "yes":
				out[osName][path] = true
			case "—", "":
			default:
				t.Fatalf("docs/collector.md: %s: %q should be yes or —", path, cells[i+1])
			}
		}
	}
	if len(out[Linux]) == 0 {
		t.Fatal("docs/collector.md: the fields table is empty")
	}
	return out
}
