package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func TestOsqueryDetect(t *testing.T) {
	logData := devFixture(t, "osquery/osqueryd.results.log")
	first := logData[:bytes.IndexByte(logData, '\n')]
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"results log", string(logData), true},
		{"head cut inside the first snapshot", string(first[:120]), true},
		{"event record", `{"name":"q","hostIdentifier":"h","calendarTime":"Mon May  2 22:27:32 2016 UTC","unixTime":"1462228052","columns":{"name":"x"},"action":"added"}`, true},
		{"batch record", `{"diffResults":{"added":[],"removed":[]},"name":"q","hostIdentifier":"h","unixTime":1}`, true},
		{"documented hostname key", `{"name":"q","hostname":"h","columns":{},"action":"added"}`, true},
		{"osqueryi output", string(devFixture(t, "osquery/RECEPTION-02.json")), true},
		{"osqueryi with hostname column", string(devFixture(t, "osquery/nas-packages.json")), true},
		{"UTF-16 osqueryi output", string(devUTF16LE(devFixture(t, "osquery/RECEPTION-02.json"))), true},
		{"osqueryi with numbers", `[{"drive_letter":"C:","protection_status":1}]`, true},
		{"osqueryi of a table not read", `[{"pid":"4","name":"System","path":""}]`, false},
		{"osqueryi row with nested value", `[{"drive_letter":"C:","protection_status":{"x":1}}]`, false},
		{"osquery status log", `{"hostIdentifier":"h","calendarTime":"Mon May  2 22:27:32 2016 UTC","unixTime":"1462228052","severity":"0","filename":"x.cpp","line":"12","message":"started","version":"5.12.1"}`, false},
		{"Graph users list", `[{"id":"1","displayName":"A","userPrincipalName":"a@b.c"}]`, false},
		{"Graph managedDevices", string(devFixture(t, "intune/managedDevices-pages.json")), false},
		{"facts.json", `{"schema_version": 1, "facts": []}`, false},
		{"Intune CSV", string(devFixture(t, "intune/DevicesWithInventory.csv")), false},
		{"empty list", `[]`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		if got := (OsqueryJSON{}).Detect("x", []byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOsqueryTableOf(t *testing.T) {
	cols := func(names string) map[string]string {
		m := map[string]string{}
		for _, n := range strings.Fields(names) {
			m[n] = ""
		}
		return m
	}
	tests := []struct {
		cols, want string
	}{
		{"name version major minor patch build platform platform_like codename arch install_date revision", osqOSVersion},
		{"name version platform build", osqOSVersion},
		{"hostname uuid cpu_type cpu_brand physical_memory hardware_vendor hardware_model computer_name", osqSystemInfo},
		{"chassis_types smbios_tag", osqChassisInfo},
		{"device_id drive_letter persistent_volume_id conversion_status protection_status encryption_method version", osqBitLocker},
		{"firewall autoupdate antivirus antispyware internet_settings", osqSecurityCenter},
		{"type name state state_timestamp remediation_path signatures_up_to_date", osqSecurityProducts},
		{"name version source size arch revision status maintainer section priority", osqDebPackages},
		{"name version install_location install_source language publisher uninstall_string install_date identifying_number", osqPrograms},
		{"name version publisher", osqPrograms},
		{"hostname name version publisher", osqPrograms},
		{"uid gid uid_signed gid_signed username description directory shell type uuid", osqUsers},
		{"uid gid", osqUserGroups},
		{"gid gid_signed groupname group_sid comment", osqGroups},
		{"username groupname", osqMembership},
		{"pid name path", ""},
		{"name version", ""},
		{"name version bundle_identifier", ""},
	}
	for _, tt := range tests {
		if got := osqTableOf(cols(tt.cols)); got != tt.want {
			t.Errorf("osqTableOf(%s) = %q, want %q", tt.cols, got, tt.want)
		}
	}
}

// osqSoftwareWant is a short form of a software fact for comparisons.
type osqSoftwareWant struct {
	Device, Name, Version, Publisher, Category string
	Unattended                                 *bool
}

func osqSoftwareOf(facts []audit.Fact) []osqSoftwareWant {
	var out []osqSoftwareWant
	for _, f := range facts {
		if s := f.Software; s != nil {
			out = append(out, osqSoftwareWant{s.Device, s.Name, s.Version, s.Publisher, s.Category, s.Unattended})
		}
	}
	return out
}

// osqCommon are the programs every Windows fixture host has.
func osqCommon(device string) []osqSoftwareWant {
	return []osqSoftwareWant{
		{device, "Microsoft Edge", "130.0.2849.68", "Microsoft Corporation", "", nil},
		{device, "Google Chrome", "130.0.6723.92", "Google LLC", "", nil},
		{device, "Adobe Acrobat Reader (64-bit)", "24.003.20180", "Adobe", "", nil},
		{device, "Microsoft 365 Apps for business - en-us", "16.0.18129.20116", "Microsoft Corporation", "", nil},
	}
}

func TestOsqueryResultsLog(t *testing.T) {
	facts := devImport(t, OsqueryJSON{}, "osqueryd.results.log", devFixture(t, "osquery/osqueryd.results.log"))
	devices := devByName(facts)
	wantDevices := []audit.Fact{
		{Kind: audit.FactDevice, Source: audit.Source{Line: 20, Path: "host 4C4C4544-0051-3510-8052-B4C04F4E3732"}, Device: &audit.Device{
			Name: "WSMC-SRV01", Kind: "server", OS: "windows", OSName: "Windows Server 2016 Standard", OSVersion: "1607", Build: "10.0.14393.7428",
			LastSeen: devT(t, "2024-11-04T22:00:30Z"), Encrypted: devYes, LocalAdmins: []string{"Administrator", "bpservice"}}},
		{Kind: audit.FactDevice, Source: audit.Source{Line: 9, Path: "host CONSULT-01.wattlestreet.local"}, Device: &audit.Device{
			Name: "CONSULT-01", Kind: "workstation", OS: "windows", OSName: "Windows 11 Pro", OSVersion: "23H2", Build: "10.0.22631.4317",
			LastSeen: devT(t, "2024-11-05T00:02:00Z"), Encrypted: devYes, EndpointProtection: devYes, Firewall: devYes,
			LocalAdmins: []string{"Administrator", "wlaps-admin"}}},
		{Kind: audit.FactDevice, Source: audit.Source{Line: 24, Path: "host LAPTOP-DRSMITH"}, Device: &audit.Device{
			Name: "LAPTOP-DRSMITH", Kind: "laptop", OS: "windows", OSName: "Windows 11 Pro", OSVersion: "23H2", Build: "10.0.22631.4317",
			LastSeen: devT(t, "2024-11-03T22:00:00Z"), Encrypted: devNo, EndpointProtection: devYes, AVProduct: "Windows Defender", Firewall: devNo}},
		{Kind: audit.FactDevice, Source: audit.Source{Line: 1, Path: "host RECEPTION-01"}, Device: &audit.Device{
			Name: "RECEPTION-01", Kind: "workstation", OS: "windows", OSName: "Windows 10 Pro", OSVersion: "22H2", Build: "10.0.19045.5011",
			LastSeen: devT(t, "2024-11-04T22:00:20Z"), Encrypted: devYes, EndpointProtection: devYes, AVProduct: "Windows Defender", Firewall: devYes,
			LocalAdmins: []string{"Administrator", "reception"}}},
	}
	if len(devices) != len(wantDevices) {
		t.Errorf("%d devices, want %d", len(devices), len(wantDevices))
	}
	for _, w := range wantDevices {
		w.Source.File = "osqueryd.results.log"
		w.Source.SHA256 = sha256Hex(devFixture(t, "osquery/osqueryd.results.log"))
		if diff := cmp.Diff(w, devices[w.Device.Name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", w.Device.Name, diff)
		}
	}
	var want []osqSoftwareWant
	want = append(want, []osqSoftwareWant{
		{"WSMC-SRV01", "Microsoft SQL Server 2014 (64-bit)", "", "Microsoft Corporation", "", nil},
		{"WSMC-SRV01", "SQL Server 2014 Database Engine Services", "12.3.6024.0", "Microsoft Corporation", "", nil},
		{"WSMC-SRV01", "Best Practice Premier Server", "1.13.1.1152", "Best Practice Software", "", nil},
		{"WSMC-SRV01", "TeamViewer Host", "15.58.4", "TeamViewer", "remote_access", devYes},
		{"WSMC-SRV01", "ScreenConnect Client (4f2a9c1b7d3e6a80)", "24.2.10.8991", "ScreenConnect Software", "remote_access", devYes},
		{"WSMC-SRV01", "Veeam Agent for Microsoft Windows", "6.2.0.121", "Veeam Software Group GmbH", "", nil},
	}...)
	// CONSULT-01's AnyDesk was added and later removed.
	want = append(want, osqCommon("CONSULT-01")...)
	want = append(want, osqSoftwareWant{"CONSULT-01", "Best Practice Premier Workstation", "1.13.1.1152", "Best Practice Software", "", nil})
	want = append(want, osqCommon("LAPTOP-DRSMITH")...)
	want = append(want, osqSoftwareWant{"LAPTOP-DRSMITH", "Splashtop Streamer", "3.7.2.0", "Splashtop Inc.", "remote_access", devYes})
	// RECEPTION-01 lists Chrome twice; it is kept once.
	want = append(want, osqCommon("RECEPTION-01")...)
	want = append(want, osqSoftwareWant{"RECEPTION-01", "TeamViewer", "15.59.3", "TeamViewer", "remote_access", nil})
	if diff := cmp.Diff(want, osqSoftwareOf(facts)); diff != "" {
		t.Errorf("software (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		if f.Software != nil && (f.Source.Line == 0 || !strings.HasPrefix(f.Source.Path, "pack_triage_programs")) {
			t.Errorf("%s on %s: source %+v", f.Software.Name, f.Software.Device, f.Source)
		}
	}
}

func TestOsqueryShellOutput(t *testing.T) {
	facts := devImport(t, OsqueryJSON{}, "RECEPTION-02.json", devFixture(t, "osquery/RECEPTION-02.json"))
	want := &audit.Device{Name: "RECEPTION-02", Kind: "workstation", OS: "windows", OSName: "Windows 10 Pro", OSVersion: "22H2", Build: "10.0.19045.5011"}
	if diff := cmp.Diff(want, facts[0].Device); diff != "" {
		t.Errorf("device (-want +got):\n%s", diff)
	}
	sw := append(osqCommon("RECEPTION-02"), osqSoftwareWant{"RECEPTION-02", "Best Practice Premier Workstation", "1.13.1.1152", "Best Practice Software", "", nil})
	if diff := cmp.Diff(sw, osqSoftwareOf(facts)); diff != "" {
		t.Errorf("software (-want +got):\n%s", diff)
	}
	// The second list starts on line 17; its first row on line 18.
	if s := facts[1].Source; s.Line != 18 || s.Path != "$2[0]" {
		t.Errorf("first program's source %+v, want line 18 path $2[0]", s)
	}

	facts = devImport(t, OsqueryJSON{}, "nas-packages.json", devFixture(t, "osquery/nas-packages.json"))
	wantNAS := &audit.Device{Name: "wsmc-nas", Kind: "server", OS: "linux", OSName: "Ubuntu", OSVersion: "22.04.4 LTS (Jammy Jellyfish)"}
	if diff := cmp.Diff(wantNAS, facts[0].Device); diff != "" {
		t.Errorf("NAS (-want +got):\n%s", diff)
	}
	swNAS := []osqSoftwareWant{
		{"wsmc-nas", "openssh-server", "1:8.9p1-3ubuntu0.10", "Ubuntu Developers", "", nil},
		{"wsmc-nas", "rustdesk", "1.3.1", "rustdesk", "remote_access", nil},
		{"wsmc-nas", "samba", "2:4.15.13+dfsg-0ubuntu1.6", "Ubuntu Developers", "", nil},
	}
	if diff := cmp.Diff(swNAS, osqSoftwareOf(facts)); diff != "" {
		t.Errorf("NAS software (-want +got):\n%s", diff)
	}
}

func TestOsqueryCases(t *testing.T) {
	rec := func(host, name, body string) string {
		return `{"name":"` + name + `","hostIdentifier":"` + host + `","calendarTime":"Mon Nov  4 22:00:00 2024 UTC","unixTime":"1730757600",` + body + "}\n"
	}
	bl := func(letter, status string) string {
		return `{"drive_letter":"` + letter + `","protection_status":"` + status + `"}`
	}
	tests := []struct {
		name string
		data string
		want *audit.Device
	}{
		{"a later snapshot replaces an earlier one",
			rec("h", "os", `"snapshot":[{"name":"Microsoft Windows 10 Pro","version":"10.0.19045","build":"19045","platform":"windows"}],"action":"snapshot"`) +
				rec("h", "os", `"snapshot":[{"name":"Microsoft Windows 11 Pro","version":"10.0.22631","build":"22631","platform":"windows"}],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "workstation", OS: "windows", OSName: "Windows 11 Pro", OSVersion: "23H2", Build: "10.0.22631", LastSeen: devT(t, "2024-11-04T22:00:00Z")}},
		{"a volume without protection",
			rec("h", "bl", `"snapshot":[`+bl("C:", "1")+`,`+bl("E:", "0")+`],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z"), Encrypted: devNo}},
		{"protection unknown",
			rec("h", "bl", `"snapshot":[`+bl("C:", "1")+`,`+bl("D:", "2")+`],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z")}},
		{"volumes without letters count when no volume has one",
			rec("h", "bl", `"snapshot":[`+bl("", "1")+`],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z"), Encrypted: devYes}},
		{"snoozed antivirus, unmonitored firewall",
			rec("h", "wsc", `"snapshot":[{"firewall":"Not Monitored","antivirus":"Snoozed","autoupdate":"Good"}],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z"), EndpointProtection: devNo}},
		{"third-party antivirus on, Defender off",
			rec("h", "sp", `"snapshot":[{"type":"Antivirus","name":"Windows Defender","state":"Off","signatures_up_to_date":"1"},{"type":"Antivirus","name":"Sophos Intercept X","state":"On","signatures_up_to_date":"1"},{"type":"Firewall","name":"Windows Firewall","state":"Off","signatures_up_to_date":""}],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z"), EndpointProtection: devYes, AVProduct: "Sophos Intercept X", Firewall: devNo}},
		{"localised Administrators group by gid, user not listed",
			rec("h", "u", `"snapshot":[{"uid":"500","username":"Administrator","gid":"513"},{"uid":"1001","username":"anna","gid":"513"}],"action":"snapshot"`) +
				rec("h", "ug", `"snapshot":[{"uid":"500","gid":"544"},{"uid":"1001","gid":"545"},{"uid":"1002","gid":"544"}],"action":"snapshot"`) +
				rec("h", "g", `"snapshot":[{"gid":"544","groupname":"Administratoren"}],"action":"snapshot"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z"), LocalAdmins: []string{"Administrator"}}},
		{"removed row that was never added",
			rec("h", "p", `"columns":{"name":"x","version":"1","publisher":"p"},"action":"removed"`),
			&audit.Device{Name: "h", Kind: "other", LastSeen: devT(t, "2024-11-04T22:00:00Z")}},
		{"macOS laptop by model",
			rec("mbp.local", "o", `"snapshot":[{"name":"macOS","version":"14.4.1","major":"14","build":"23E224","platform":"darwin"}],"action":"snapshot"`) +
				rec("mbp.local", "s", `"snapshot":[{"hostname":"mbp.local","computer_name":"Reception MacBook","hardware_model":"MacBookAir10,1"}],"action":"snapshot"`),
			&audit.Device{Name: "Reception MacBook", Kind: "laptop", OS: "macos", OSName: "macOS", OSVersion: "14.4.1", Build: "23E224", LastSeen: devT(t, "2024-11-04T22:00:00Z")}},
		{"IP address as host, calendarTime only",
			`{"name":"q","hostIdentifier":"10.0.0.5","calendarTime":"Tue Nov  5 01:02:03 2024 UTC","snapshot":[],"action":"snapshot"}` + "\n",
			&audit.Device{Name: "10.0.0.5", Kind: "other", LastSeen: devT(t, "2024-11-05T01:02:03Z")}},
	}
	for _, tt := range tests {
		facts := devImport(t, OsqueryJSON{}, "t.log", []byte(tt.data))
		if len(facts) == 0 || facts[0].Device == nil {
			t.Fatalf("%s: facts %v", tt.name, facts)
		}
		if diff := cmp.Diff(tt.want, facts[0].Device); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestOsqueryShellHosts(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"no hostname: file name", `[{"name":"a","version":"1","publisher":"p"}]`, []string{"GP-ROOM1"}},
		{"one hostname names every row", "[{\"hostname\":\"pc9\",\"computer_name\":\"PC9\"}]\n[{\"name\":\"a\",\"version\":\"1\",\"publisher\":\"p\"}]", []string{"PC9"}},
		{"several hostnames", `[{"hostname":"a","name":"x","version":"1","publisher":"p"},{"hostname":"b","name":"x","version":"1","publisher":"p"},{"name":"y","version":"1","publisher":"p"}]`, []string{"GP-ROOM1", "a", "b"}},
	}
	for _, tt := range tests {
		facts := devImport(t, OsqueryJSON{}, "evidence/GP-ROOM1.json", []byte(tt.data))
		var got []string
		for _, f := range facts {
			if f.Device != nil {
				got = append(got, f.Device.Name)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: devices (-want +got):\n%s", tt.name, diff)
		}
	} // An empty result says nothing: no facts, and no error.
	if facts, err := (OsqueryJSON{}).Import("GP-ROOM1.json", strings.NewReader("[\n\n]\n")); err != nil || len(facts) != 0 {
		t.Errorf("empty result: facts %v, err %v", facts, err)
	}
}

func TestOsqueryErrors(t *testing.T) {
	good := `{"name":"q","hostIdentifier":"h","unixTime":"1730757600","snapshot":[],"action":"snapshot"}`
	tests := []struct {
		name, data, want string
	}{
		{"truncated line", good + "\n" + good[:40] + "\n" + good + "\n", "o.log:2: this line is not a complete JSON object"},
		{"truncated last line", good + "\n" + good[:60], "o.log:2: this line is not a complete JSON object"},
		{"bad unixTime", good + "\n" + strings.Replace(good, `"1730757600"`, `"soon"`, 1), `o.log:2: unixTime "soon" is not a time`},
		{"unixTime out of range", strings.Replace(good, `"1730757600"`, `99999999999999`, 1), `o.log:1: unixTime 99999999999999 is not a time`},
		{"bad calendarTime", `{"name":"q","hostIdentifier":"h","calendarTime":"2024-11-04","snapshot":[]}`, `o.log:1: calendarTime "2024-11-04" is not a time`},
		{"no host", `{"name":"q","snapshot":[]}`, "o.log:1: the record has no hostIdentifier"},
		{"no query name", `{"hostIdentifier":"h","snapshot":[]}`, "o.log:1: the record has no query name"},
		{"unknown action", `{"name":"q","hostIdentifier":"h","columns":{"a":"b"},"action":"changed"}`, `o.log:1: action "changed" is not added or removed`},
		{"nested value", `{"name":"q","hostIdentifier":"h","snapshot":[{"a":{"b":"c"}}]}`, `o.log:1: q:snapshot[0]: column "a" holds a nested value`},
		{"wrong type", `{"name":"q","hostIdentifier":"h","snapshot":"rows"}`, "o.log:1: snapshot is a JSON string"},
		{"status log line", good + "\n" + `{"hostIdentifier":"h","name":"q","severity":"0","message":"m"}`, "o.log:2: the record has no snapshot, columns or diffResults"},
		{"not JSON", "hello\n", "o.log:1: this line is not a complete JSON object"},
		{"only blank lines", "\n\n", "o.log: the file is empty"},
		{"shell: truncated", "[\n  {\"name\": \"a\",\n", "o.log:3: the file ends before the JSON is complete"},
		{"shell: not a row", "[\n  \"a\"\n]", "o.log:2: $[0] is not a row object"},
		{"shell: nested", "[\n  {\"drive_letter\": [\"C:\"]}\n]", `o.log:2: $[0]: column "drive_letter" holds a nested value`},
		{"shell: object after list", "[]\n{\"a\": 1}", "o.log:2: expected a JSON list of rows here"},
		{"shell: syntax", "[{\"a\": 1,,}]", "o.log:1: not valid JSON"},
	}
	for _, tt := range tests {
		if got := devImportErr(t, OsqueryJSON{}, "o.log", []byte(tt.data)); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

func FuzzOsquery(f *testing.F) {
	f.Add(devFixture(f, "osquery/osqueryd.results.log"))
	f.Add(devFixture(f, "osquery/RECEPTION-02.json"))
	f.Add(devFixture(f, "osquery/nas-packages.json"))
	f.Add([]byte(`{"name":"q","hostIdentifier":"h","unixTime":1,"diffResults":{"added":[{"username":"a","groupname":"Administrators"}],"removed":[]},"decorations":{"hostname":"x.y"}}`))
	f.Add([]byte(`{"name":"q","hostname":"h","calendarTime":"Mon May  2 22:27:32 2016 UTC","columns":{"drive_letter":"C:","protection_status":"0"},"action":"removed"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		(OsqueryJSON{}).Detect("f.json", data)
		facts, err := OsqueryJSON{}.Import("f.json", bytes.NewReader(data))
		devFuzzCheck(t, "f.json", facts, err)
	})
}
