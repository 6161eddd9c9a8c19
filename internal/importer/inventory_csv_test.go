package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func TestInventoryCSVDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"fixture", string(devFixture(t, "inventory/devices.csv")), true},
		{"name and two columns, any case", "Name, OS ,Last_Seen\nPC,windows,2024-05-01\n", true},
		{"UTF-16", string(devUTF16LE([]byte("name,kind,encrypted\r\nPC,laptop,no\r\n"))), true},
		{"name and one column", "name,kind\nPC,laptop\n", false},
		{"no name column", "device,kind,os,encrypted\nPC,laptop,windows,no\n", false},
		{"Intune export", string(devFixture(t, "intune/DevicesWithInventory.csv")), false},
		{"Google Workspace users", "First Name [Required],Last Name [Required],Email Address [Required]\n", false},
		{"osquery output", string(devFixture(t, "osquery/RECEPTION-02.json")), false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := (InventoryCSV{}).Detect("x", []byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInventoryCSVImport(t *testing.T) {
	facts := devImport(t, InventoryCSV{}, "devices.csv", devFixture(t, "inventory/devices.csv"))
	def := "Microsoft Defender"
	win := func(name, kind, osName, ver, build, seen string) *audit.Device {
		return &audit.Device{Name: name, Kind: kind, OS: "windows", OSName: osName, OSVersion: ver, Build: build, LastSeen: devT(t, seen),
			Encrypted: devYes, EndpointProtection: devYes, AVProduct: def, Firewall: devYes, Managed: devYes, InInventory: devYes,
			LocalAdmins: []string{"Administrator"}}
	}
	r1 := win("RECEPTION-01", "workstation", "Windows 10 Pro", "22H2", "10.0.19045.5011", "2024-11-04T21:47:00Z")
	r1.LocalAdmins, r1.Owner = []string{"Administrator", "reception"}, "Front desk"
	r2 := win("RECEPTION-02", "workstation", "Windows 10", "22H2", "10.0.19045.5011", "2024-11-04T00:00:00Z")
	r2.Owner = "Front desk"
	c1 := win("CONSULT-01", "workstation", "Windows 11 Pro", "23H2", "10.0.22631.4317", "2024-11-04T13:15:09Z")
	c1.LocalAdmins, c1.Owner = []string{"Administrator", `WATTLE\Domain Admins`}, "Dr Anika Patel"
	c2 := win("CONSULT-02", "workstation", "Windows 11 Pro", "23H2", "10.0.22631.4317", "2024-11-04T00:00:00Z")
	c2.Owner = "Dr Liam O'Connor"
	c3 := win("CONSULT-03", "workstation", "Windows 11 Pro", "23H2", "10.0.22631.4169", "2024-10-02T00:00:00Z")
	c3.Owner, c3.EndpointProtection = "Dr Grace Chen", devNo
	srv := win("WSMC-SRV01", "server", "Windows Server 2016 Standard", "1607", "10.0.14393.7428", "2024-11-05T06:00:00Z")
	srv.LocalAdmins, srv.Managed, srv.HoldsPatientData = []string{"Administrator", "bpservice"}, devNo, true
	lap := win("LAPTOP-DRSMITH", "laptop", "Windows 11 Pro", "23H2", "10.0.22631.4317", "2024-11-01T00:00:00Z")
	lap.LocalAdmins, lap.Owner, lap.Encrypted, lap.Firewall, lap.InInventory = []string{"Administrator", "drsmith"}, "Dr Oliver Smith", devNo, devNo, devNo
	want := []*audit.Device{r1, r2, c1, c2, c3, srv, lap,
		{Name: "Karen's iPhone", Kind: "mobile", OS: "ios", OSName: "iOS", OSVersion: "17.6.1", LastSeen: devT(t, "2024-11-05T00:00:00Z"),
			Encrypted: devYes, Owner: "Karen Walsh", Managed: devYes, InInventory: devYes},
		{Name: "WSMC-NAS", Kind: "server", OS: "linux", OSName: "Ubuntu", OSVersion: "22.04.4 LTS", LastSeen: devT(t, "2024-11-05T00:00:00Z"),
			Encrypted: devNo, InInventory: devYes, HoldsPatientData: true},
		{Name: "RECEPTION-PRINTER", Kind: "other", InInventory: devYes},
		{Name: "GW-01", Kind: "network", OS: "other", OSName: "Fortinet FortiOS", OSVersion: "7.2.8", Firewall: devYes, InInventory: devYes},
	}
	if len(facts) != len(want) {
		t.Fatalf("%d facts, want %d", len(facts), len(want))
	}
	for i, f := range facts {
		if diff := cmp.Diff(want[i], f.Device); diff != "" {
			t.Errorf("row %d (-want +got):\n%s", i+2, diff)
		}
		if f.Source.Line != i+2 || f.Source.File != "devices.csv" {
			t.Errorf("row %d: source %+v", i+2, f.Source)
		}
	}
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Comms cupboard") {
		t.Error("the unknown location column was kept")
	}
}

func TestInventoryCSVRows(t *testing.T) {
	const header = "name,kind,os,os_name,build"
	tests := []struct {
		name, row string
		want      *audit.Device
	}{
		{"only a name", "PC,,,,", &audit.Device{Name: "PC", Kind: "other"}},
		{"server OS without kind", "S,,windows,Windows Server 2022 Standard,10.0.20348.2762",
			&audit.Device{Name: "S", Kind: "server", OS: "windows", OSName: "Windows Server 2022 Standard", OSVersion: "21H2", Build: "10.0.20348.2762"}},
		{"Android without kind", "P,,Android,,", &audit.Device{Name: "P", Kind: "mobile", OS: "android"}},
		{"synonyms", "M,Notebook,OS X,,", &audit.Device{Name: "M", Kind: "laptop", OS: "macos"}},
		{"tablet", "T,tablet,ipados,,", &audit.Device{Name: "T", Kind: "mobile", OS: "ios"}},
	}
	for _, tt := range tests {
		facts := devImport(t, InventoryCSV{}, "i.csv", []byte(header+"\n"+tt.row+"\n"))
		if diff := cmp.Diff(tt.want, facts[0].Device); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestInventoryCSVErrors(t *testing.T) {
	const header = "name,kind,os,last_seen,encrypted,av_status,firewall,managed,in_inventory,holds_patient_data\n"
	tests := []struct {
		name, data, want string
	}{
		{"unknown kind", header + "PC,laptop,windows,,,,,,,\nPC2,desk,windows,,,,,,,\n", `i.csv:3: column "kind": "desk" is not one of workstation, laptop, server, mobile, network, other`},
		{"unknown os", header + "PC,laptop,win10,,,,,,,\n", `i.csv:2: column "os": "win10" is not one of windows, macos, linux, ios, android, other`},
		{"day-first date", header + "PC,laptop,windows,05/11/2024,,,,,,\n", `i.csv:2: column "last_seen": "05/11/2024" is not a date`},
		{"bad encrypted", header + "PC,laptop,windows,,maybe,,,,,\n", `i.csv:2: column "encrypted": "maybe" is not yes, no`},
		{"bad av_status", header + "PC,laptop,windows,,,green,,,,\n", `i.csv:2: column "av_status": "green" is not on or off`},
		{"bad firewall", header + "PC,laptop,windows,,,,2,,,\n", `i.csv:2: column "firewall": "2" is not yes, no`},
		{"bad managed", header + "PC,laptop,windows,,,,,sometimes,,\n", `i.csv:2: column "managed"`},
		{"bad in_inventory", header + "PC,laptop,windows,,,,,,x,\n", `i.csv:2: column "in_inventory"`},
		{"bad holds_patient_data", header + "PC,laptop,windows,,,,,,,lots\n", `i.csv:2: column "holds_patient_data"`},
		{"empty name", header + ",laptop,windows,,,,,,,\n", `i.csv:2: column "name": is empty`},
		{"wrong field count", header + "PC,laptop\n", "i.csv:2: this row has 2 cells but the header has 10 columns"},
		{"no name column", "device,kind,os\nPC,laptop,windows\n", `i.csv:1: column "name" is missing`},
		{"empty", "", "i.csv: the file is empty"},
	}
	for _, tt := range tests {
		if got := devImportErr(t, InventoryCSV{}, "i.csv", []byte(tt.data)); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

// TestDeviceFixturesDetectedOnce runs every device fixture past all the
// device importers: exactly one may claim each.
func TestDeviceFixturesDetectedOnce(t *testing.T) {
	for _, path := range []string{
		"intune/DevicesWithInventory.csv", "intune/devices-azuread-era.csv", "intune/managedDevices-pages.json",
		"osquery/osqueryd.results.log", "osquery/RECEPTION-02.json", "osquery/nas-packages.json",
		"inventory/devices.csv",
	} {
		data := devFixture(t, path)
		var claimed []string
		for _, imp := range devImporters() {
			if imp.Detect(path, data[:min(len(data), HeadSize)]) {
				claimed = append(claimed, imp.Name())
			}
		}
		if len(claimed) != 1 {
			t.Errorf("%s is claimed by %v", path, claimed)
		}
	}
}

func FuzzInventoryCSV(f *testing.F) {
	f.Add(devFixture(f, "inventory/devices.csv"))
	f.Add([]byte("name,kind,os,build,last_seen\nPC,,windows,10.0.14393.1,2024-05-01T08:55:00+14:00\n"))
	f.Add([]byte("\xEF\xBB\xBFName,Local_Admins,AV_Status\n\"a\nb\",x;;y,Out Of Date\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		(InventoryCSV{}).Detect("f.csv", data)
		facts, err := InventoryCSV{}.Import("f.csv", bytes.NewReader(data))
		devFuzzCheck(t, "f.csv", facts, err)
	})
}
