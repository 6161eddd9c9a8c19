package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// Intune's device list, in the three forms a practice or its IT provider
// can hand over:
//
//   - IntuneDevicesCSV: the "All devices › Export" CSV (the
//     DevicesWithInventory report), with today's column names or the older
//     "Azure AD Device ID" ones. Columns are found by name and every column
//     the controls do not need (serial numbers, IMEI, phone numbers, Wi-Fi
//     addresses, storage) is dropped.
//   - IntuneDevicesZIP: the ZIP the export API returns, holding one such
//     CSV. Its facts say "export.zip:inner.csv" as their file.
//   - IntuneManagedDevicesJSON: Graph deviceManagement/managedDevices
//     responses: one page, a list of pages, a bare list of devices or one
//     device, in camelCase (Graph) or PascalCase (PowerShell SDK).
//
// Every device is marked Managed (it is in Intune) unless Intune only sees
// it through Exchange ActiveSync, which manages mail on the phone and
// nothing else. The OS version Intune reports for Windows
// ("10.0.19045.5011") is the build; the release it belongs to (Windows 10
// 22H2) is read from the build number.
//
// The helpers after the importers (OS names, Windows releases, laptop
// models, yes/no cells, dates) are shared with the osquery and
// device-inventory importers.

// IntuneDevicesCSV reads Intune's "All devices" export CSV.
type IntuneDevicesCSV struct{}

// Name implements Importer.
func (IntuneDevicesCSV) Name() string { return "intune_devices_csv" }

// intuneMarkers are columns only Intune's export has; one is needed besides
// the device name and OS columns, so that another tool's device list with
// similar words is not taken for it. Microsoft warns that the default
// columns change, hence several.
var intuneMarkers = []string{"managed by", "compliance", "last check-in",
	"microsoft entra device id", "azure ad device id", "intune registered", "primary user upn"}

// intuneHeader reports whether normalised header names are Intune's.
func intuneHeader(h []string) bool {
	if !hasColumns(h, "device name", "os", "os version") {
		return false
	}
	for _, m := range intuneMarkers {
		if oneOf(h, m) {
			return true
		}
	}
	return false
}

// Detect implements Importer: a CSV header with Intune's column names.
func (IntuneDevicesCSV) Detect(_ string, head []byte) bool {
	return intuneHeader(csvHeader(head))
}

// Import implements Importer.
func (IntuneDevicesCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	return intuneCSVFacts(name, data)
}

// intuneCSVFacts reads a whole export; name is what errors and sources call
// it (for a CSV inside a ZIP, "export.zip:inner.csv").
func intuneCSVFacts(name string, data []byte) ([]audit.Fact, error) {
	return csvFacts(name, data, []string{"Device name"}, "export the list again from Intune (Devices › All devices › Export)", func(row csvRow) (audit.Fact, error) {
		rec, err := intuneCSVRecord(row)
		if err != nil {
			return audit.Fact{}, err
		}
		return audit.Fact{Kind: audit.FactDevice, Source: audit.Source{Line: row.line}, Device: intuneDevice(rec)}, nil
	})
}

// intuneRecord is what Triage keeps of one Intune device, whichever form
// it came in.
type intuneRecord struct {
	name, os, osVersion, sku  string
	model, chassis, managedBy string
	owner                     string
	encrypted                 *bool
	lastSeen                  *time.Time
}

// intuneCSVRecord reads one row of the export.
func intuneCSVRecord(row csvRow) (intuneRecord, error) {
	rec := intuneRecord{
		name:      row.get("Device name"),
		os:        row.get("OS"),
		osVersion: row.get("OS version"),
		sku:       row.get("SkuFamily"),
		model:     row.get("Model"),
		managedBy: row.get("Managed by"),
		owner:     row.get("Primary user UPN"),
	}
	if rec.owner == "" {
		rec.owner = row.get("Primary user email address")
	}
	if rec.name == "" {
		return rec, row.errorf("Device name", "is empty; every Intune device has a name")
	}
	enc, ok := devBool(row.get("Encrypted"))
	if !ok {
		return rec, row.errorf("Encrypted", "%q is not Yes, No, True or False", row.get("Encrypted"))
	}
	rec.encrypted = enc
	seen, ok := devTime(row.get("Last check-in"), devISOLayouts, devUSLayouts)
	if !ok {
		return rec, row.errorf("Last check-in", "%q is not a date Triage can read (expected 2024-05-01 08:55:12 or 5/1/2024 8:55:12 AM)", row.get("Last check-in"))
	}
	rec.lastSeen = seen
	return rec, nil
}

// intuneDevice maps a record to a device fact's payload.
func intuneDevice(rec intuneRecord) *audit.Device {
	os := devOS(rec.os)
	chassis := intuneChassisKinds[strings.ToLower(rec.chassis)]
	server := chassis == audit.DeviceServer ||
		(os == "windows" && (devContainsFold(rec.os, "server") || devContainsFold(rec.sku, "server")))
	d := &audit.Device{
		Name:      rec.name,
		Kind:      devKind(os, server, chassis, rec.model),
		OS:        os,
		OSName:    rec.os,
		OSVersion: rec.osVersion,
		LastSeen:  rec.lastSeen,
		Encrypted: rec.encrypted,
		Managed:   intuneManaged(rec.managedBy),
		Owner:     rec.owner,
	}
	if os == "windows" {
		d.Build, d.OSVersion = rec.osVersion, ""
		if n, v := devWindowsRelease(rec.osVersion, server); n != "" {
			d.OSName, d.OSVersion = n, v
		}
	}
	return d
}

// intuneChassisKinds maps Graph's chassisType to a device kind.
var intuneChassisKinds = map[string]string{
	"laptop":           audit.DeviceLaptop,
	"desktop":          audit.DeviceWorkstation,
	"worksworkstation": audit.DeviceWorkstation,
	"enterpriseserver": audit.DeviceServer,
	"phone":            audit.DeviceMobile,
	"tablet":           audit.DeviceMobile,
	"mobileother":      audit.DeviceMobile,
	"mobileunknown":    audit.DeviceMobile,
}

// intuneManaged says a device is managed unless Exchange ActiveSync is all
// Intune has of it: such a phone only syncs mail and takes no policy.
func intuneManaged(agent string) *bool {
	switch strings.ToLower(strings.TrimSpace(agent)) {
	case "eas", "exchange activesync", "exchangeactivesync":
		return devPtr(false)
	}
	return devPtr(true)
}

func devContainsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func devPtr[T any](v T) *T { return &v }

// ---- the export API's ZIP

// IntuneDevicesZIP reads the ZIP that Intune's export API
// (deviceManagement/reports/exportJobs) returns: one CSV inside, the same
// as IntuneDevicesCSV reads.
type IntuneDevicesZIP struct{}

// Name implements Importer.
func (IntuneDevicesZIP) Name() string { return "intune_devices_zip" }

// intuneZIPLimit bounds both the ZIP and the CSV once uncompressed. A
// practice's device export is a few hundred kilobytes; the bound stops a
// damaged or hostile file (a zip bomb) from filling memory.
const intuneZIPLimit = 100 << 20

var zipMagic = []byte("PK\x03\x04")

// Detect implements Importer: a ZIP whose first entry starts with Intune's
// CSV header. Only the start of the entry is inflated, at most 16 KB.
func (IntuneDevicesZIP) Detect(_ string, head []byte) bool {
	if !bytes.HasPrefix(head, zipMagic) || len(head) < 30 {
		return false
	}
	method := binary.LittleEndian.Uint16(head[8:])
	start := 30 + int(binary.LittleEndian.Uint16(head[26:])) + int(binary.LittleEndian.Uint16(head[28:]))
	if start > len(head) {
		return false
	}
	var src io.Reader = bytes.NewReader(head[start:])
	switch method {
	case zip.Store:
	case zip.Deflate:
		src = flate.NewReader(src)
	default:
		return false
	}
	// The head may end mid-stream: what inflated before that is enough.
	text, _ := io.ReadAll(io.LimitReader(src, 16<<10))
	return intuneHeader(csvHeader(text))
}

// Import implements Importer.
func (IntuneDevicesZIP) Import(name string, r io.Reader) ([]audit.Fact, error) {
	return intuneZIPFacts(name, r, intuneZIPLimit)
}

// intuneZIPFacts reads the ZIP, refusing anything larger than limit bytes,
// packed or unpacked.
func intuneZIPFacts(name string, r io.Reader, limit int64) ([]audit.Fact, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	tooBig := func(what string) error {
		size := fmt.Sprintf("%d MB", limit>>20)
		if limit < 1<<20 {
			size = fmt.Sprintf("%d KB", limit>>10)
		}
		return audit.Invalid(name, 0, "%s is larger than %s; an Intune device export is far smaller, so this is not one (or it is damaged)", what, size)
	}
	if int64(len(data)) > limit {
		return nil, tooBig("the ZIP file")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, audit.Invalid(name, 0, "not a readable ZIP file (%v); download the export again", err)
	}
	f, err := intuneZIPEntry(name, zr)
	if err != nil {
		return nil, err
	}
	inner := name + ":" + f.Name
	// The declared size is checked first so an obvious bomb is refused
	// without inflating anything; the bounded read catches a lying header.
	if f.UncompressedSize64 > uint64(limit) {
		return nil, tooBig("the CSV inside (" + f.Name + ")")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, audit.Invalid(inner, 0, "cannot open it inside the ZIP (%v); download the export again", err)
	}
	defer rc.Close()
	text, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, audit.Invalid(inner, 0, "the ZIP is damaged (%v); download the export again", err)
	}
	if int64(len(text)) > limit {
		return nil, tooBig("the CSV inside (" + f.Name + ")")
	}
	if !intuneHeader(csvHeader(text)) {
		return nil, audit.Invalid(inner, 1, "this is not an Intune device export (no Device name, OS, OS version and Managed by or Compliance columns)")
	}
	facts, err := intuneCSVFacts(inner, text)
	if err != nil {
		return nil, err
	}
	for i := range facts {
		facts[i].Source.File = inner
	}
	return facts, nil
}

// intuneZIPEntry finds the one CSV in the ZIP. Folders and other files are
// passed over; two CSVs are refused, since one of them would be left out
// without anyone knowing.
func intuneZIPEntry(name string, zr *zip.Reader) (*zip.File, error) {
	var found *zip.File
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(f.Name), ".csv") {
			continue
		}
		if found != nil {
			return nil, audit.Invalid(name, 0, "the ZIP holds more than one CSV (%s and %s); an Intune export holds one, so import them as separate files", found.Name, f.Name)
		}
		found = f
	}
	if found == nil {
		return nil, audit.Invalid(name, 0, "the ZIP holds no CSV file; an Intune export holds one")
	}
	return found, nil
}

// ---- Graph deviceManagement/managedDevices

// IntuneManagedDevicesJSON reads Graph deviceManagement/managedDevices
// responses saved from Graph Explorer, a script or the PowerShell SDK.
type IntuneManagedDevicesJSON struct{}

// Name implements Importer.
func (IntuneManagedDevicesJSON) Name() string { return "intune_managed_devices_json" }

const intuneGraphWhat = `a Graph deviceManagement/managedDevices response: {"@odata.context": ..., "value": [...]}, a list of such pages, or a list of devices`

// Detect implements Importer: @odata.context names managedDevices, or the
// first device (in a page, a list or alone) has deviceName and a field only
// managed devices have. The head may end inside the first device; the
// fields seen by then decide.
func (IntuneManagedDevicesJSON) Detect(_ string, head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(decodeText(head)))
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('[') {
		if tok, err = dec.Token(); err != nil {
			return false
		}
	}
	return tok == json.Delim('{') && intuneSniff(dec, true)
}

// intuneSniff reads the members of an object whose brace has been read;
// page says it may be a response page rather than a device.
func intuneSniff(dec *json.Decoder, page bool) bool {
	keys := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err != nil || tok == json.Delim('}') {
			break
		}
		key, _ := tok.(string)
		lk := strings.ToLower(key)
		if tok, err = dec.Token(); err != nil {
			break
		}
		switch {
		case page && lk == "@odata.context":
			s, _ := tok.(string)
			return intuneGraphContext(s)
		case page && lk == "value" && tok == json.Delim('['):
			if tok, err = dec.Token(); err != nil || tok != json.Delim('{') {
				return false
			}
			return intuneSniff(dec, false)
		}
		keys[lk] = true
		if !skipNested(dec, tok) {
			break
		}
	}
	return keys["devicename"] && (keys["operatingsystem"] || keys["manageddeviceownertype"] ||
		keys["compliancestate"] || keys["lastsyncdatetime"])
}

// intuneGraphContext reports whether an @odata.context names managed
// devices: .../$metadata#deviceManagement/managedDevices, with or without
// a select list or /$entity.
func intuneGraphContext(ctx string) bool {
	return strings.Contains(strings.ToLower(ctx), "$metadata#devicemanagement/manageddevices")
}

// intuneNoNextPage is the gap reason when the saved response says more
// pages exist.
const intuneNoNextPage = "the Intune device list was saved without all its pages (the last page has @odata.nextLink); save every page, or use the All devices export"

// Import implements Importer.
func (IntuneManagedDevicesJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	doc := newDevDoc(name, decodeText(data))
	vals, err := doc.values(intuneGraphWhat)
	if err != nil {
		return nil, err
	}
	if len(vals) > 1 {
		return nil, doc.errorf(vals[1].off, "unexpected data after the end of the JSON; the file should hold %s", intuneGraphWhat)
	}
	items, more, err := intuneGraphItems(doc, vals[0])
	if err != nil {
		return nil, err
	}
	facts := []audit.Fact{}
	for _, it := range items {
		rec, err := intuneGraphRecord(doc, it)
		if err != nil {
			return nil, err
		}
		facts = append(facts, audit.Fact{Kind: audit.FactDevice,
			Source: audit.Source{Line: doc.line(it.off), Path: it.path}, Device: intuneDevice(rec)})
	}
	if more != nil {
		facts = append(facts, audit.Fact{Kind: audit.FactGap,
			Source: audit.Source{Line: doc.line(more.off), Path: more.path},
			Gap:    &audit.Gap{Topic: "devices", Reason: intuneNoNextPage}})
	}
	return facts, nil
}

// intuneGraphItems returns the devices in the document and, when the last
// page links to a next page that is not in the file, that link.
func intuneGraphItems(doc *devDoc, root devVal) (items []devVal, more *devVal, err error) {
	var pages []devVal
	switch root.kind() {
	case '{':
		if _, ok := devMemberFold(root, "value"); !ok {
			// One device, as GET managedDevices/{id} returns it.
			return []devVal{root}, nil, nil
		}
		pages = []devVal{root}
	case '[':
		for _, el := range root.elements() {
			if _, ok := devMemberFold(el, "value"); ok {
				pages = append(pages, el)
			} else {
				items = append(items, el)
			}
		}
		if len(pages) > 0 && len(items) > 0 {
			return nil, nil, doc.errorf(root.off, "the list mixes response pages and devices; save either the pages or the devices")
		}
	default:
		return nil, nil, doc.errorf(root.off, "expected %s", intuneGraphWhat)
	}
	for i, p := range pages {
		if ctx, ok := devMemberFold(p, "@odata.context"); ok {
			if s, _ := ctx.val.scalarText(); !intuneGraphContext(s) {
				return nil, nil, doc.errorf(ctx.val.off, "%s is %q: this is not a deviceManagement/managedDevices response", ctx.val.path, s)
			}
		}
		v, _ := devMemberFold(p, "value")
		if v.val.kind() != '[' {
			return nil, nil, doc.errorf(v.val.off, "%s must be a list of devices", v.val.path)
		}
		items = append(items, v.val.elements()...)
		if next, ok := devMemberFold(p, "@odata.nextLink"); ok && i == len(pages)-1 {
			if s, _ := next.val.scalarText(); s != "" {
				more = &next.val
			}
		}
	}
	return items, more, nil
}

// devMemberFold finds an object member by name, ignoring case (the
// PowerShell SDK writes PascalCase).
func devMemberFold(v devVal, key string) (devMember, bool) {
	for _, m := range v.members() {
		if strings.EqualFold(m.key, key) {
			return m, true
		}
	}
	return devMember{}, false
}

// intuneGraphDevice holds the managedDevice fields Triage reads. Field
// names match case-insensitively, so PascalCase works too.
type intuneGraphDevice struct {
	DeviceName        string   `json:"deviceName"`
	OperatingSystem   string   `json:"operatingSystem"`
	OSVersion         string   `json:"osVersion"`
	IsEncrypted       *bool    `json:"isEncrypted"`
	LastSyncDateTime  string   `json:"lastSyncDateTime"`
	UserPrincipalName string   `json:"userPrincipalName"`
	EmailAddress      string   `json:"emailAddress"`
	Model             string   `json:"model"`
	SkuFamily         string   `json:"skuFamily"`
	ChassisType       devLoose `json:"chassisType"`
	ManagementAgent   devLoose `json:"managementAgent"`
}

// devLoose is an enumeration that is a string in Graph but a number when
// PowerShell 5.1 converts an SDK object; numbers are read as unknown.
type devLoose string

func (l *devLoose) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*l = devLoose(s)
	}
	return nil
}

// intuneGraphRecord reads one managedDevice object.
func intuneGraphRecord(doc *devDoc, it devVal) (intuneRecord, error) {
	if it.kind() != '{' {
		return intuneRecord{}, doc.errorf(it.off, "%s: expected a device object", it.path)
	}
	var g intuneGraphDevice
	if err := json.Unmarshal(it.raw, &g); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return intuneRecord{}, doc.errorf(it.off+int(te.Offset), "%s.%s is a JSON %s; expected %s", it.path, te.Field, te.Value, devJSONType(te.Type.Kind().String()))
		}
		return intuneRecord{}, doc.errorf(it.off, "%s: %v", it.path, err)
	}
	if strings.TrimSpace(g.DeviceName) == "" {
		return intuneRecord{}, doc.errorf(it.off, "%s.deviceName is missing or empty; every managed device has a name", it.path)
	}
	seen, ok := devGraphTime(g.LastSyncDateTime)
	if !ok {
		return intuneRecord{}, doc.errorf(it.off, "%s.lastSyncDateTime %q is not a date-time like 2024-05-01T08:55:00Z", it.path, g.LastSyncDateTime)
	}
	owner := g.UserPrincipalName
	if owner == "" {
		owner = g.EmailAddress
	}
	return intuneRecord{
		name: strings.TrimSpace(g.DeviceName), os: g.OperatingSystem, osVersion: g.OSVersion,
		sku: g.SkuFamily, model: g.Model, chassis: string(g.ChassisType), managedBy: string(g.ManagementAgent),
		owner: owner, encrypted: g.IsEncrypted, lastSeen: seen,
	}, nil
}

func devJSONType(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool", "ptr":
		return "true or false"
	}
	return "a " + goKind
}

// devGraphTime reads a Graph date-time, or the /Date(ms)/ form PowerShell
// 5.1 writes. Empty, and Graph's 0001-01-01 for "never", give nil.
func devGraphTime(s string) (*time.Time, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "/Date(") && strings.HasSuffix(s, ")/") {
		ms := s[len("/Date(") : len(s)-2]
		if i := strings.IndexAny(ms[min(1, len(ms)):], "+-"); i >= 0 {
			ms = ms[:i+1] // the zone suffix does not change the instant
		}
		n, err := strconv.ParseInt(ms, 10, 64)
		if err != nil {
			return nil, false
		}
		return devTimeValue(time.UnixMilli(n))
	}
	return devTime(s, devISOLayouts)
}

// ---- helpers shared by the device importers

// devOS maps an operating system as tools write it to Triage's names;
// anything unknown is "other", nothing at all is "".
func devOS(s string) string {
	l := strings.ToLower(strings.TrimSpace(s))
	switch {
	case l == "":
		return ""
	case strings.HasPrefix(l, "windows"), strings.HasPrefix(l, "microsoft windows"):
		return "windows"
	case strings.HasPrefix(l, "ios"), strings.HasPrefix(l, "ipados"), l == "iphone", l == "ipad":
		return "ios"
	case strings.HasPrefix(l, "android"):
		return "android"
	case strings.HasPrefix(l, "mac"), l == "osx", l == "os x", l == "darwin":
		return "macos"
	case strings.Contains(l, "linux"), l == "ubuntu", l == "debian":
		return "linux"
	}
	return "other"
}

// devKind decides a device's kind: the chassis when a source states it,
// then the OS (phones and tablets, servers), then the model name.
func devKind(os string, server bool, chassis, model string) string {
	switch {
	case chassis != "":
		return chassis
	case os == "ios" || os == "android":
		return audit.DeviceMobile
	case server:
		return audit.DeviceServer
	case os == "" || os == "other":
		return audit.DeviceOther
	case devLaptopModel(model):
		return audit.DeviceLaptop
	}
	return audit.DeviceWorkstation
}

// devLaptopWords are parts of laptop model names (lower case): the
// product lines of the makers practices buy from. "book" covers MacBook,
// EliteBook, ProBook, ZBook, ThinkBook, Surface Book, Galaxy Book and the
// like. A model not listed counts as a desktop, so a laptop is missed
// rather than a desktop taken for one.
var devLaptopWords = []string{
	"laptop", "notebook", "book", "latitude", "thinkpad", "ideapad", "yoga",
	"surface pro", "surface go", "xps 13", "xps 15", "xps 17", "x360", "spectre",
	"travelmate", "swift", "portege", "tecra", "dynabook", "toughbook",
}

func devLaptopModel(model string) bool {
	l := strings.ToLower(model)
	for _, w := range devLaptopWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// devWinRelease names the Windows releases of one build number.
type devWinRelease struct {
	client, clientVersion string
	server, serverVersion string
}

// devWindowsReleases maps build numbers to releases. Support dates are
// reference data's business; this only names the release so that a report
// can say "Windows 10 22H2" where Intune says 10.0.19045.5011.
var devWindowsReleases = map[int]devWinRelease{
	7601:  {"Windows 7", "SP1", "Windows Server 2008 R2", "SP1"},
	9200:  {"Windows 8", "", "Windows Server 2012", ""},
	9600:  {"Windows 8.1", "", "Windows Server 2012 R2", ""},
	10240: {"Windows 10", "1507", "", ""},
	10586: {"Windows 10", "1511", "", ""},
	14393: {"Windows 10", "1607", "Windows Server 2016", "1607"},
	15063: {"Windows 10", "1703", "", ""},
	16299: {"Windows 10", "1709", "", ""},
	17134: {"Windows 10", "1803", "", ""},
	17763: {"Windows 10", "1809", "Windows Server 2019", "1809"},
	18362: {"Windows 10", "1903", "", ""},
	18363: {"Windows 10", "1909", "", ""},
	19041: {"Windows 10", "2004", "", ""},
	19042: {"Windows 10", "20H2", "", ""},
	19043: {"Windows 10", "21H1", "", ""},
	19044: {"Windows 10", "21H2", "", ""},
	19045: {"Windows 10", "22H2", "", ""},
	20348: {"", "", "Windows Server 2022", "21H2"},
	22000: {"Windows 11", "21H2", "", ""},
	22621: {"Windows 11", "22H2", "", ""},
	22631: {"Windows 11", "23H2", "", ""},
	26100: {"Windows 11", "24H2", "Windows Server 2025", "24H2"},
	26200: {"Windows 11", "25H2", "", ""},
}

// devWindowsBuild reads the build number from "10.0.19045.5011",
// "6.3.9600" or "19045"; 0 when there is none.
func devWindowsBuild(s string) int {
	parts := strings.Split(strings.TrimSpace(s), ".")
	p := parts[0]
	if len(parts) >= 3 {
		p = parts[2]
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// devWindowsRelease names the release of a Windows build, "" when the
// build is unknown.
func devWindowsRelease(build string, server bool) (name, version string) {
	r, ok := devWindowsReleases[devWindowsBuild(build)]
	if !ok {
		return "", ""
	}
	if server {
		return r.server, r.serverVersion
	}
	return r.client, r.clientVersion
}

// devBool reads a yes/no cell. Empty, "unknown" and "n/a" give nil (the
// source does not say); ok is false for anything else unrecognised.
func devBool(s string) (v *bool, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "on":
		return devPtr(true), true
	case "no", "n", "false", "0", "off":
		return devPtr(false), true
	case "", "unknown", "n/a", "na", "-":
		return nil, true
	}
	return nil, false
}

// Date forms the device importers read. ISO forms without a zone are UTC,
// which is what Intune writes. US forms are month first, as Microsoft's
// admin centres write them; day-first dates are never guessed at.
var (
	devISOLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}
	devUSLayouts = []string{"1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 15:04:05",
		"1/2/2006 15:04", "1/2/2006"}
)

// devTime reads a date in any of the layouts. Empty gives nil; ok is false
// when nothing fits.
func devTime(s string, layouts ...[]string) (*time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	for _, ls := range layouts {
		for _, l := range ls {
			if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
				return devTimeValue(t)
			}
		}
	}
	return nil, false
}

// devTimeValue keeps a time that can be written back as JSON: year 0001
// (the "never" of Microsoft tools) is nil, and years past 9999 are refused.
func devTimeValue(t time.Time) (*time.Time, bool) {
	u := t.UTC()
	switch {
	case u.Year() <= 1:
		return nil, true
	case u.Year() > 9999:
		return nil, false
	}
	return &u, true
}
