package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

// Helpers shared by the device importer tests (Intune, osquery, inventory).

// devImporters are the importers these tests put in a registry together,
// so that each fixture is seen to be recognised by one of them only.
func devImporters() []Importer {
	return []Importer{IntuneDevicesCSV{}, IntuneDevicesZIP{}, IntuneManagedDevicesJSON{}, OsqueryJSON{}, InventoryCSV{}, FactsJSON{}}
}

func devFixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// devImport imports data through a registry, which detects the format
// (it must be want's) and validates every fact, and returns the facts.
func devImport(t testing.TB, want Importer, name string, data []byte) []audit.Fact {
	t.Helper()
	reg := NewRegistry(devImporters()...)
	if got := reg.Detect(name, data[:min(len(data), HeadSize)]); got == nil || got.Name() != want.Name() {
		t.Fatalf("%s: detected as %v, want %s", name, got, want.Name())
	}
	res, err := reg.ImportBytes(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res.Facts
}

// devImportErr imports data that must fail: nil facts and an EInvalid
// error naming the file, whose text is returned.
func devImportErr(t *testing.T, imp Importer, name string, data []byte) string {
	t.Helper()
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err == nil {
		t.Fatalf("%s: no error; facts %v", name, facts)
	}
	if facts != nil {
		t.Errorf("%s: facts %v returned with the error", name, facts)
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid || !strings.HasPrefix(e.File, name) {
		t.Errorf("%s: error %#v is not an EInvalid *audit.Error naming the file", name, err)
	}
	return err.Error()
}

func devT(t testing.TB, s string) *time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

var (
	devYes = devPtr(true)
	devNo  = devPtr(false)
)

// devByName returns the device facts by device name.
func devByName(facts []audit.Fact) map[string]audit.Fact {
	out := map[string]audit.Fact{}
	for _, f := range facts {
		if f.Device != nil {
			out[f.Device.Name] = f
		}
	}
	return out
}

// devFuzzCheck is what every fuzz target asserts: an error is a located
// EInvalid with no facts; facts are valid and can be written as JSON.
func devFuzzCheck(t *testing.T, name string, facts []audit.Fact, err error) {
	t.Helper()
	if err != nil {
		var e *audit.Error
		if !errors.As(err, &e) || e.Code != audit.EInvalid || !strings.HasPrefix(e.File, name) || e.Line < 0 {
			t.Fatalf("bad error %#v", err)
		}
		if facts != nil {
			t.Fatalf("facts returned with an error: %v", facts)
		}
		return
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Fatalf("facts[%d] is invalid: %v", i, err)
		}
	}
	if err := WriteFacts(&bytes.Buffer{}, facts); err != nil {
		t.Fatalf("cannot write the facts: %v", err)
	}
}

// ---- Intune CSV

const intuneTestHeader = `Device ID,Device name,Last check-in,OS,OS version,Encrypted,Managed by,Model,Primary user UPN,SkuFamily`

func TestIntuneDevicesCSVDetect(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"current columns", devFixture(t, "intune/DevicesWithInventory.csv"), true},
		{"Azure AD era columns with BOM", devFixture(t, "intune/devices-azuread-era.csv"), true},
		{"UTF-16 from PowerShell", devUTF16LE(devFixture(t, "intune/DevicesWithInventory.csv")), true},
		{"header only", []byte(intuneTestHeader + "\r\n"), true},
		{"portal list without inventory columns", []byte("Device name,Managed by,Ownership,Compliance,OS,OS version,Last check-in,Primary user UPN\n"), true},
		{"no Intune-only column", []byte("Device name,OS,OS version,Model\n"), false},
		{"device inventory CSV", devFixture(t, "inventory/devices.csv"), false},
		{"Entra users CSV", []byte("userPrincipalName,displayName,id,userType,accountEnabled\n"), false},
		{"Graph JSON", devFixture(t, "intune/managedDevices-pages.json"), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := (IntuneDevicesCSV{}).Detect("x", tt.head[:min(len(tt.head), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// devUTF16LE encodes ASCII/UTF-8 text as UTF-16LE with a BOM, as
// PowerShell 5.1 writes it.
func devUTF16LE(b []byte) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range string(bytes.TrimPrefix(b, utf8BOM)) {
		if r > 0xFFFF {
			r = '?'
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// intuneWant is what both CSV fixtures and the Graph fixture say about
// the practice's devices (Graph has no "unknown" for isEncrypted).
func intuneWant(t *testing.T) map[string]*audit.Device {
	const d = "@wattlestreetmc.com.au"
	win := func(name, kind, build, osName, ver, seen, owner string, enc *bool) *audit.Device {
		return &audit.Device{Name: name, Kind: kind, OS: "windows", OSName: osName, OSVersion: ver, Build: build,
			LastSeen: devT(t, seen), Encrypted: enc, Managed: devYes, Owner: owner}
	}
	return map[string]*audit.Device{
		"RECEPTION-01":   win("RECEPTION-01", "workstation", "10.0.19045.5011", "Windows 10", "22H2", "2024-11-04T21:47:12.483Z", "reception"+d, devYes),
		"RECEPTION-02":   win("RECEPTION-02", "workstation", "10.0.19045.5011", "Windows 10", "22H2", "2024-11-04T22:03:41.1Z", "reception"+d, devYes),
		"CONSULT-01":     win("CONSULT-01", "workstation", "10.0.22631.4317", "Windows 11", "23H2", "2024-11-05T00:15:09Z", "dr.patel"+d, devYes),
		"CONSULT-02":     win("CONSULT-02", "workstation", "10.0.22631.4317", "Windows 11", "23H2", "2024-11-04T23:58:30Z", "dr.oconnor"+d, devYes),
		"CONSULT-03":     win("CONSULT-03", "workstation", "10.0.22631.4169", "Windows 11", "23H2", "2024-10-02T06:11:54Z", "dr.chen"+d, devYes),
		"LAPTOP-DRSMITH": win("LAPTOP-DRSMITH", "laptop", "10.0.22631.4317", "Windows 11", "23H2", "2024-11-01T09:30:00Z", "dr.smith"+d, devNo),
		"Karen's iPhone": {Name: "Karen's iPhone", Kind: "mobile", OS: "ios", OSName: "iOS", OSVersion: "17.6.1",
			LastSeen: devT(t, "2024-11-05T01:02:33Z"), Encrypted: devYes, Managed: devYes, Owner: "practice.manager" + d},
		"Android_2f9c1e": {Name: "Android_2f9c1e", Kind: "mobile", OS: "android", OSName: "Android", OSVersion: "14",
			LastSeen: devT(t, "2024-11-03T05:40:00Z"), Managed: devNo, Owner: "nurse.jones" + d},
	}
}

func TestIntuneDevicesCSVImport(t *testing.T) {
	for _, tt := range []struct {
		file      string
		truncated bool // US dates carry no fraction of a second
	}{
		{"intune/DevicesWithInventory.csv", false},
		{"intune/devices-azuread-era.csv", true},
	} {
		facts := devImport(t, IntuneDevicesCSV{}, filepath.Base(tt.file), devFixture(t, tt.file))
		want := intuneWant(t)
		if len(facts) != len(want) {
			t.Fatalf("%s: %d facts, want %d", tt.file, len(facts), len(want))
		}
		for i, f := range facts {
			w, ok := want[f.Device.Name]
			if !ok {
				t.Errorf("%s: unexpected device %q", tt.file, f.Device.Name)
				continue
			}
			if tt.truncated {
				s := w.LastSeen.Truncate(time.Second)
				w.LastSeen = &s
			}
			if f.Source.Line != i+2 || f.Source.File != filepath.Base(tt.file) {
				t.Errorf("%s: %s source %+v, want line %d", tt.file, f.Device.Name, f.Source, i+2)
			}
			if diff := cmp.Diff(w, f.Device); diff != "" {
				t.Errorf("%s: %s (-want +got):\n%s", tt.file, f.Device.Name, diff)
			}
		}
	}
}

func TestIntuneDevicesCSVRows(t *testing.T) {
	tests := []struct {
		name string
		row  string
		want *audit.Device
	}{
		{"server by SKU", `1,SRV,2024-05-01 00:00:00,Windows,10.0.14393.7428,Yes,MDE,PowerEdge T340,,ServerStandard`,
			&audit.Device{Name: "SRV", Kind: "server", OS: "windows", OSName: "Windows Server 2016", OSVersion: "1607", Build: "10.0.14393.7428",
				LastSeen: devT(t, "2024-05-01T00:00:00Z"), Encrypted: devYes, Managed: devYes}},
		{"unknown build keeps the OS name", `1,PC,,Windows,10.0.99999.1,,Intune,,,`,
			&audit.Device{Name: "PC", Kind: "workstation", OS: "windows", OSName: "Windows", Build: "10.0.99999.1", Managed: devYes}},
		{"MacBook", `1,Mac,5/1/2024 8:55 AM,macOS,14.4.1,True,Intune,MacBook Air,,`,
			&audit.Device{Name: "Mac", Kind: "laptop", OS: "macos", OSName: "macOS", OSVersion: "14.4.1",
				LastSeen: devT(t, "2024-05-01T08:55:00Z"), Encrypted: devYes, Managed: devYes}},
		{"never checked in", `1,X,1/1/0001 12:00:00 AM,Windows,,Unknown,Intune,,,`,
			&audit.Device{Name: "X", Kind: "workstation", OS: "windows", OSName: "Windows", Managed: devYes}},
		{"unknown OS", `1,Chromebook,,ChromeOS,120,,Intune,,,`,
			&audit.Device{Name: "Chromebook", Kind: "other", OS: "other", OSName: "ChromeOS", OSVersion: "120", Managed: devYes}},
		{"iPad", `1,iPad,,iPadOS,17.5,Yes,Intune,iPad Air,,`,
			&audit.Device{Name: "iPad", Kind: "mobile", OS: "ios", OSName: "iPadOS", OSVersion: "17.5", Encrypted: devYes, Managed: devYes}},
	}
	for _, tt := range tests {
		facts := devImport(t, IntuneDevicesCSV{}, "e.csv", []byte(intuneTestHeader+"\n"+tt.row+"\n"))
		if len(facts) != 1 {
			t.Fatalf("%s: %d facts", tt.name, len(facts))
		}
		if diff := cmp.Diff(tt.want, facts[0].Device); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestIntuneDevicesCSVDropsColumns(t *testing.T) {
	facts := devImport(t, IntuneDevicesCSV{}, "d.csv", devFixture(t, "intune/DevicesWithInventory.csv"))
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"350000000000001", "+61 400", "5CG1230ABC", "F2LXK0ABCDEF", "Front Desk", "a7e10000"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("facts keep %q, which the controls do not need", secret)
		}
	}
}

func TestIntuneDevicesCSVErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty device name", intuneTestHeader + "\n1,,,Windows,,,Intune,,,\n", `e.csv:2: column "Device name": is empty`},
		{"bad date", intuneTestHeader + "\n1,PC,31/12/2024 10:00,Windows,,,Intune,,,\n", `e.csv:2: column "Last check-in": "31/12/2024 10:00" is not a date`},
		{"bad encrypted", intuneTestHeader + "\n1,PC,,Windows,,Maybe,Intune,,,\n", `e.csv:2: column "Encrypted": "Maybe" is not Yes, No`},
		{"wrong field count", intuneTestHeader + "\n1,PC,,Windows,,,Intune,,,\n2,PC2,,Windows\n", `e.csv:3: this row has 4 cells but the header has 10 columns`},
		{"bad quoting", intuneTestHeader + "\n1,\"PC,,Windows,,,Intune,,,\n", `e.csv:2: not a valid CSV file`},
		{"empty file", "", `e.csv: the file is empty`},
	}
	for _, tt := range tests {
		if got := devImportErr(t, IntuneDevicesCSV{}, "e.csv", []byte(tt.data)); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

// ---- Intune ZIP

// devZip builds a ZIP of the named files, in order.
func devZip(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIntuneDevicesZIP(t *testing.T) {
	csvData := string(devFixture(t, "intune/DevicesWithInventory.csv"))
	data := devZip(t, [2]string{"DevicesWithInventory_0f4a1c2e.csv", csvData})
	facts := devImport(t, IntuneDevicesZIP{}, "export.zip", data)
	direct := devImport(t, IntuneDevicesCSV{}, "x.csv", []byte(csvData))
	if len(facts) != len(direct) {
		t.Fatalf("%d facts from the ZIP, %d from the CSV", len(facts), len(direct))
	}
	for i := range facts {
		if want := "export.zip:DevicesWithInventory_0f4a1c2e.csv"; facts[i].Source.File != want || facts[i].Source.Line != direct[i].Source.Line {
			t.Errorf("fact %d source %+v, want file %s line %d", i, facts[i].Source, want, direct[i].Source.Line)
		}
		if diff := cmp.Diff(direct[i].Device, facts[i].Device); diff != "" {
			t.Errorf("fact %d differs from the CSV's (-csv +zip):\n%s", i, diff)
		}
	}
	// A stored (uncompressed) entry and a folder before the CSV are fine.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "report.csv", Method: zip.Store})
	w.Write([]byte(csvData))
	zw.Close()
	if got := devImport(t, IntuneDevicesZIP{}, "stored.zip", buf.Bytes()); len(got) != len(direct) {
		t.Errorf("stored ZIP gave %d facts", len(got))
	}
}

func TestIntuneDevicesZIPDetect(t *testing.T) {
	csvData := string(devFixture(t, "intune/DevicesWithInventory.csv"))
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"export", devZip(t, [2]string{"a.csv", csvData}), true},
		{"another CSV inside", devZip(t, [2]string{"a.csv", "name,kind,os\nPC,laptop,windows\n"}), false},
		{"not a ZIP", []byte(csvData), false},
		{"magic only", []byte("PK\x03\x04"), false},
		{"bad header lengths", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xFF}, 40)...), false},
	}
	for _, tt := range tests {
		if got := (IntuneDevicesZIP{}).Detect("x.zip", tt.data[:min(len(tt.data), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIntuneDevicesZIPErrors(t *testing.T) {
	csvData := string(devFixture(t, "intune/DevicesWithInventory.csv"))
	// A header that declares a 200 GB CSV around a few bytes of data.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "DevicesWithInventory.csv", Method: zip.Store,
		CompressedSize64: uint64(len(csvData)), UncompressedSize64: 200 << 30, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(csvData))
	zw.Close()
	badCSV := strings.Replace(csvData, `"RECEPTION-02","2023-02-14 01:40:55.0000000","2024-11-04 22:03:41.1000000"`, `"RECEPTION-02","2023-02-14 01:40:55.0000000","yesterday"`, 1)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"declared size too large", bomb.Bytes(), "e.zip: the CSV inside (DevicesWithInventory.csv) is larger than 100 MB"},
		{"two CSVs", devZip(t, [2]string{"a.csv", csvData}, [2]string{"b.csv", csvData}), "more than one CSV (a.csv and b.csv)"},
		{"no CSV", devZip(t, [2]string{"readme.txt", "hi"}), "holds no CSV"},
		{"not Intune inside", devZip(t, [2]string{"a.csv", "name,kind\nPC,laptop\n"}), "e.zip:a.csv:1: this is not an Intune device export"},
		{"error inside names the inner file", devZip(t, [2]string{"a.csv", badCSV}), `e.zip:a.csv:3: column "Last check-in": "yesterday"`},
		{"truncated", devZip(t, [2]string{"a.csv", csvData})[:200], "e.zip: not a readable ZIP file"},
	}
	for _, tt := range tests {
		if got := devImportErr(t, IntuneDevicesZIP{}, "e.zip", tt.data); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

// TestIntuneDevicesZIPBomb inflates a real bomb (a few KB that expand to
// far more than the limit) and checks the bounded read stops it.
func TestIntuneDevicesZIPBomb(t *testing.T) {
	header := intuneTestHeader + "\n"
	big := header + strings.Repeat("1,PC,,Windows,,,Intune,,,\n", (1<<20)/25) // about 1 MB
	data := devZip(t, [2]string{"a.csv", big})
	if len(data) > 64<<10 {
		t.Fatalf("test ZIP is %d bytes; it should compress well", len(data))
	}
	// Under a limit below its size it is refused before anything is
	// inflated...
	if _, err := intuneZIPFacts("b.zip", bytes.NewReader(data), 512<<10); err == nil || !strings.Contains(err.Error(), "larger than 512 KB") {
		t.Errorf("1 MB CSV under a 512 KB limit: %v", err)
	}
	// ...and when the header lies about the size, reading stops at the
	// declared size (archive/zip refuses more), behind the importer's own
	// bounded read.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "a.csv", Method: zip.Deflate})
	w.Write([]byte(big))
	zw.Close()
	lying := bytes.Clone(buf.Bytes())
	// Patch the central directory's uncompressed size (offset 24 in the
	// entry) down to 10 bytes.
	cd := bytes.LastIndex(lying, []byte("PK\x01\x02"))
	lying[cd+24], lying[cd+25], lying[cd+26], lying[cd+27] = 10, 0, 0, 0
	if facts, err := (IntuneDevicesZIP{}).Import("l.zip", bytes.NewReader(lying)); err == nil || facts != nil {
		t.Errorf("ZIP lying about its size: facts %d, err %v", len(facts), err)
	}
}

// ---- Graph managedDevices

func TestIntuneManagedDevicesJSONDetect(t *testing.T) {
	pages := devFixture(t, "intune/managedDevices-pages.json")
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"list of pages", string(pages), true},
		{"head cut inside the first device", string(pages[:600]), true},
		{"one page", `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices(deviceName,isEncrypted)", "value": []}`, true},
		{"bare list", `[{"id": "1", "deviceName": "PC", "operatingSystem": "Windows"}]`, true},
		{"page without context", `{"value": [{"deviceName": "PC", "complianceState": "compliant"}]}`, true},
		{"PowerShell SDK", `[{"DeviceName": "PC", "OperatingSystem": "Windows", "IsEncrypted": true}]`, true},
		{"one device", `{"deviceName": "PC", "managedDeviceOwnerType": "company"}`, true},
		{"users page", `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [{"userPrincipalName": "a@b.c"}]}`, false},
		{"users list", `[{"userPrincipalName": "a@b.c", "displayName": "A"}]`, false},
		{"Entra devices", `[{"displayName": "PC", "operatingSystem": "Windows", "deviceId": "x"}]`, false},
		{"osquery", string(devFixture(t, "osquery/RECEPTION-02.json")), false},
		{"facts.json", `{"schema_version": 1, "facts": []}`, false},
	}
	for _, tt := range tests {
		if got := (IntuneManagedDevicesJSON{}).Detect("x", []byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIntuneManagedDevicesJSONImport(t *testing.T) {
	facts := devImport(t, IntuneManagedDevicesJSON{}, "md.json", devFixture(t, "intune/managedDevices-pages.json"))
	want := intuneWant(t)
	// Graph says false where the CSV leaves it empty, and has whole seconds.
	want["Android_2f9c1e"].Encrypted = devNo
	if len(facts) != len(want) {
		t.Fatalf("%d facts, want %d (no gap: the last page has no nextLink)", len(facts), len(want))
	}
	for i, f := range facts {
		w := want[f.Device.Name]
		s := w.LastSeen.Truncate(time.Second)
		w.LastSeen = &s
		if diff := cmp.Diff(w, f.Device); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Device.Name, diff)
		}
		page, item := 0, i
		if i >= 5 {
			page, item = 1, i-5
		}
		if want := fmt.Sprintf("$[%d].value[%d]", page, item); f.Source.Path != want || f.Source.Line == 0 {
			t.Errorf("%s: source %+v, want path %s", f.Device.Name, f.Source, want)
		}
	}
}

func TestIntuneManagedDevicesJSONShapes(t *testing.T) {
	const ctx = `"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices"`
	pc := &audit.Device{Name: "PC", Kind: "laptop", OS: "windows", OSName: "Windows 11", OSVersion: "23H2", Build: "10.0.22631.4317",
		LastSeen: devT(t, "2024-05-01T08:55:00Z"), Encrypted: devYes, Managed: devYes, Owner: "a@b.c"}
	tests := []struct {
		name string
		data string
		want []*audit.Device
		gap  bool
	}{
		{"one device", `{"deviceName": "PC", "operatingSystem": "Windows", "osVersion": "10.0.22631.4317", "isEncrypted": true, "lastSyncDateTime": "2024-05-01T08:55:00Z", "userPrincipalName": "a@b.c", "model": "Surface Laptop 5", "managedDeviceOwnerType": "company"}`,
			[]*audit.Device{pc}, false},
		{"PowerShell 5.1", `[{"DeviceName": "PC", "OperatingSystem": "Windows", "OsVersion": "10.0.22631.4317", "IsEncrypted": true, "LastSyncDateTime": "\/Date(1714553700000)\/", "UserPrincipalName": "a@b.c", "ChassisType": 2, "Model": "Latitude 7440", "ManagementAgent": 5}]`,
			[]*audit.Device{pc}, false},
		{"chassis type", `{"value": [{"deviceName": "PC", "operatingSystem": "Windows", "osVersion": "10.0.22631.4317", "isEncrypted": true, "lastSyncDateTime": "2024-05-01T08:55:00.0000000Z", "emailAddress": "a@b.c", "chassisType": "laptop"}]}`,
			[]*audit.Device{pc}, false},
		{"more pages not saved", `{` + ctx + `, "@odata.nextLink": "https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$skiptoken=x", "value": [{"deviceName": "PC", "operatingSystem": "Windows", "osVersion": "10.0.22631.4317", "isEncrypted": true, "lastSyncDateTime": "2024-05-01T08:55:00Z", "userPrincipalName": "a@b.c", "chassisType": "laptop"}]}`,
			[]*audit.Device{pc}, true},
		{"empty page", `{` + ctx + `, "value": []}`, nil, false},
		{"never synced, EAS only", `[{"deviceName": "Phone", "operatingSystem": "Android", "lastSyncDateTime": "0001-01-01T00:00:00Z", "isEncrypted": null, "managementAgent": "eas"}]`,
			[]*audit.Device{{Name: "Phone", Kind: "mobile", OS: "android", OSName: "Android", Managed: devNo}}, false},
	}
	for _, tt := range tests {
		facts := devImport(t, IntuneManagedDevicesJSON{}, "md.json", []byte(tt.data))
		var got []*audit.Device
		gap := false
		for _, f := range facts {
			if f.Gap != nil {
				gap = f.Gap.Topic == "devices" && f.Source.Path == "$.@odata.nextLink"
				continue
			}
			got = append(got, f.Device)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if gap != tt.gap {
			t.Errorf("%s: gap %v, want %v", tt.name, gap, tt.gap)
		}
	}
}

func TestIntuneManagedDevicesJSONErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"truncated", "[\n{\"deviceName\": \"PC\",\n", "g.json:3: the file ends before the JSON is complete"},
		{"bad date", "[\n{\"deviceName\": \"PC\", \"operatingSystem\": \"Windows\",\n \"lastSyncDateTime\": \"yesterday\"}]", `g.json:2: $[0].lastSyncDateTime "yesterday" is not a date-time`},
		{"wrong type", "[{\"deviceName\": \"PC\", \"operatingSystem\": \"Windows\",\n \"isEncrypted\": \"yes\"}]", "g.json:2: $[0].isEncrypted is a JSON string; expected true or false"},
		{"no name", `[{"deviceName": "", "operatingSystem": "Windows"}]`, "$[0].deviceName is missing or empty"},
		{"other resource", `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": []}`, `not a deviceManagement/managedDevices response`},
		{"value not a list", `{"value": {}}`, "$.value must be a list of devices"},
		{"mixed", `[{"value": []}, {"deviceName": "PC"}]`, "mixes response pages and devices"},
		{"not a device", `[1, 2]`, "$[0]: expected a device object"},
		{"trailing data", `{"deviceName": "PC"} {}`, "unexpected data after the end of the JSON"},
		{"scalar", `"PC"`, "expected a Graph deviceManagement/managedDevices response"},
		{"empty", ``, "the file is empty"},
	}
	for _, tt := range tests {
		if got := devImportErr(t, IntuneManagedDevicesJSON{}, "g.json", []byte(tt.data)); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, got, tt.want)
		}
	}
}

// ---- shared helpers

func TestDevWindowsRelease(t *testing.T) {
	tests := []struct {
		build     string
		server    bool
		name, ver string
	}{
		{"10.0.19045.5011", false, "Windows 10", "22H2"},
		{"10.0.22631", false, "Windows 11", "23H2"},
		{"22000", false, "Windows 11", "21H2"},
		{"10.0.14393.7428", true, "Windows Server 2016", "1607"},
		{"10.0.20348.2762", true, "Windows Server 2022", "21H2"},
		{"10.0.20348.2762", false, "", ""},
		{"6.3.9600", true, "Windows Server 2012 R2", ""},
		{"", false, "", ""},
		{"10.0.x", false, "", ""},
		{"-5", false, "", ""},
	}
	for _, tt := range tests {
		if n, v := devWindowsRelease(tt.build, tt.server); n != tt.name || v != tt.ver {
			t.Errorf("devWindowsRelease(%q, %v) = %q, %q; want %q, %q", tt.build, tt.server, n, v, tt.name, tt.ver)
		}
	}
}

func TestDevKind(t *testing.T) {
	tests := []struct {
		os      string
		server  bool
		chassis string
		model   string
		want    string
	}{
		{"windows", false, "", "OptiPlex 7080", "workstation"},
		{"windows", false, "", "Latitude 5420", "laptop"},
		{"windows", false, "", "HP EliteBook 840 G8", "laptop"},
		{"windows", false, "", "Surface Pro 9", "laptop"},
		{"windows", false, "", "Virtual Machine", "workstation"},
		{"windows", true, "", "PowerEdge T340", "server"},
		{"windows", false, "server", "", "server"},
		{"macos", false, "", "MacBookPro18,3", "laptop"},
		{"macos", false, "", "iMac21,1", "workstation"},
		{"ios", false, "", "iPhone 13", "mobile"},
		{"android", false, "", "SM-S911B", "mobile"},
		{"other", false, "", "", "other"},
		{"", false, "", "", "other"},
	}
	for _, tt := range tests {
		if got := devKind(tt.os, tt.server, tt.chassis, tt.model); got != tt.want {
			t.Errorf("devKind(%q, %v, %q, %q) = %q, want %q", tt.os, tt.server, tt.chassis, tt.model, got, tt.want)
		}
	}
}

func TestDevTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for nil
		ok   bool
	}{
		{"2024-11-04 21:47:12.4830000", "2024-11-04T21:47:12.483Z", true},
		{"2024-11-04T21:47:12+11:00", "2024-11-04T10:47:12Z", true},
		{"2024-11-04", "2024-11-04T00:00:00Z", true},
		{"11/4/2024 9:47:12 PM", "2024-11-04T21:47:12Z", true},
		{"1/1/0001 12:00:00 AM", "", true},
		{"", "", true},
		{"9999-12-31T23:59:59-23:00", "", false},
		{"31/12/2024", "", false},
		{"yesterday", "", false},
	}
	for _, tt := range tests {
		got, ok := devTime(tt.in, devISOLayouts, devUSLayouts)
		gs := ""
		if got != nil {
			gs = got.Format(time.RFC3339Nano)
		}
		if gs != tt.want || ok != tt.ok {
			t.Errorf("devTime(%q) = %q, %v; want %q, %v", tt.in, gs, ok, tt.want, tt.ok)
		}
	}
}

// ---- fuzzing

func FuzzIntuneCSV(f *testing.F) {
	f.Add(devFixture(f, "intune/DevicesWithInventory.csv"))
	f.Add(devFixture(f, "intune/devices-azuread-era.csv"))
	f.Add([]byte(intuneTestHeader + "\n1,PC,5/1/2024 8:55 AM,Windows,10.0.19045.5011,Yes,Intune,Latitude 5420,a@b.c,\n"))
	f.Add([]byte(intuneTestHeader + "\n1,\"P\nC\",,iOS,,,,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		(IntuneDevicesCSV{}).Detect("f.csv", data)
		facts, err := IntuneDevicesCSV{}.Import("f.csv", bytes.NewReader(data))
		devFuzzCheck(t, "f.csv", facts, err)
		// The same bytes inside a ZIP must read the same or fail the same.
		(IntuneDevicesZIP{}).Detect("f.zip", data)
		zfacts, zerr := IntuneDevicesZIP{}.Import("f.zip", bytes.NewReader(data))
		devFuzzCheck(t, "f.zip", zfacts, zerr)
	})
}

func FuzzIntuneGraphJSON(f *testing.F) {
	f.Add(devFixture(f, "intune/managedDevices-pages.json"))
	f.Add([]byte(`{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices", "@odata.nextLink": "x", "value": [{"deviceName": "PC", "operatingSystem": "Windows", "osVersion": "10.0.14393.1", "skuFamily": "Server", "lastSyncDateTime": "\/Date(-62135596800000)\/"}]}`))
	f.Add([]byte(`[{"DeviceName": "PC", "ChassisType": "laptop", "LastSyncDateTime": "/Date(1714553700000+1000)/", "IsEncrypted": false}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		(IntuneManagedDevicesJSON{}).Detect("f.json", data)
		facts, err := IntuneManagedDevicesJSON{}.Import("f.json", bytes.NewReader(data))
		devFuzzCheck(t, "f.json", facts, err)
	})
}
