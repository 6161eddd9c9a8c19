package importer

import (
	"io"
	"strings"

	"triage/internal/audit"
)

// InventoryCSV reads Triage's device-inventory CSV: a plain list of
// devices for IT providers whose RMM or asset register exports something
// no other importer reads. The columns and values are documented in
// docs/device-inventory-csv.md; only name is required. Unknown columns are
// dropped; a value outside a column's accepted words is an error naming
// the line and column, never a guess.
type InventoryCSV struct{}

// Name implements Importer.
func (InventoryCSV) Name() string { return "device_inventory_csv" }

// invColumns are the columns read besides name, as the header spells them
// (case and surrounding spaces do not matter).
var invColumns = []string{"kind", "os", "os_name", "os_version", "build", "last_seen",
	"encrypted", "av_status", "av_product", "firewall", "local_admins", "owner", "managed",
	"in_inventory", "holds_patient_data"}

// Detect implements Importer: a header with name and at least two of the
// other columns, so that an unrelated list with a "name" column is not
// taken for an inventory.
func (InventoryCSV) Detect(_ string, head []byte) bool {
	h := csvHeader(head)
	if !oneOf(h, "name") {
		return false
	}
	n := 0
	for _, c := range invColumns {
		if oneOf(h, c) {
			n++
		}
	}
	return n >= 2
}

// Import implements Importer.
func (InventoryCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	return csvFacts(name, data, []string{"name"}, "a device inventory needs a name column (see docs/device-inventory-csv.md)", func(row csvRow) (audit.Fact, error) {
		d, err := invDevice(row)
		return audit.Fact{Kind: audit.FactDevice, Source: audit.Source{Line: row.line}, Device: d}, err
	})
}

// invDevice reads one row.
func invDevice(row csvRow) (*audit.Device, error) {
	d := &audit.Device{
		Name:      row.get("name"),
		OSName:    row.get("os_name"),
		OSVersion: row.get("os_version"),
		Build:     row.get("build"),
		AVProduct: row.get("av_product"),
		Owner:     row.get("owner"),
	}
	if d.Name == "" {
		return nil, row.errorf("name", "is empty; every device needs its name")
	}
	var err error
	if d.OS, err = invWord(row, "os", invOSes); err != nil {
		return nil, err
	}
	if d.Kind, err = invWord(row, "kind", invKinds); err != nil {
		return nil, err
	}
	if d.Kind == "" {
		d.Kind = invDefaultKind(d)
	}
	if err := invBools(row, d); err != nil {
		return nil, err
	}
	if d.EndpointProtection, err = invAV(row); err != nil {
		return nil, err
	}
	seen, ok := devTime(row.get("last_seen"), devISOLayouts)
	if !ok {
		return nil, row.errorf("last_seen", "%q is not a date Triage can read; write 2024-05-01 or 2024-05-01 08:55 (day-first and month-first dates are refused because they read differently in Australia and the US)", row.get("last_seen"))
	}
	d.LastSeen = seen
	d.LocalAdmins = invList(row.get("local_admins"))
	invWindowsRelease(d)
	return d, nil
}

// invKinds and invOSes are the accepted words of the kind and os columns
// and what each means. Common names for the same thing are accepted.
var (
	invKinds = map[string]string{
		"workstation": audit.DeviceWorkstation, "desktop": audit.DeviceWorkstation, "pc": audit.DeviceWorkstation,
		"laptop": audit.DeviceLaptop, "notebook": audit.DeviceLaptop,
		"server": audit.DeviceServer,
		"mobile": audit.DeviceMobile, "phone": audit.DeviceMobile, "tablet": audit.DeviceMobile,
		"network": audit.DeviceNetwork,
		"other":   audit.DeviceOther,
	}
	invOSes = map[string]string{
		"windows": "windows",
		"macos":   "macos", "mac": "macos", "osx": "macos", "os x": "macos",
		"linux": "linux",
		"ios":   "ios", "ipados": "ios",
		"android": "android",
		"other":   "other",
	}
)

// invWord reads a column of fixed words; empty gives "".
func invWord(row csvRow, col string, words map[string]string) (string, error) {
	v := row.get(col)
	if v == "" {
		return "", nil
	}
	if w, ok := words[strings.ToLower(v)]; ok {
		return w, nil
	}
	return "", row.errorf(col, "%q is not one of %s", v, invWordList(words))
}

// invWordList lists the words that mean themselves, for messages.
func invWordList(words map[string]string) string {
	var out []string
	for _, w := range []string{"workstation", "laptop", "server", "mobile", "network", "windows", "macos", "linux", "ios", "android", "other"} {
		if words[w] == w {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}

// invDefaultKind is the kind of a row that gives none: a phone for iOS and
// Android, a server for a server OS, else "other" (so an unlisted laptop
// is not silently judged as a desktop).
func invDefaultKind(d *audit.Device) string {
	switch {
	case d.OS == "ios" || d.OS == "android":
		return audit.DeviceMobile
	case devContainsFold(d.OSName, "server"):
		return audit.DeviceServer
	}
	return audit.DeviceOther
}

// invBools reads the yes/no columns.
func invBools(row csvRow, d *audit.Device) error {
	for _, b := range []struct {
		col string
		dst **bool
	}{
		{"encrypted", &d.Encrypted},
		{"firewall", &d.Firewall},
		{"managed", &d.Managed},
		{"in_inventory", &d.InInventory},
	} {
		v, ok := devBool(row.get(b.col))
		if !ok {
			return row.errorf(b.col, "%q is not yes, no, true, false, 1 or 0 (leave it empty when unknown)", row.get(b.col))
		}
		*b.dst = v
	}
	v, ok := devBool(row.get("holds_patient_data"))
	if !ok {
		return row.errorf("holds_patient_data", "%q is not yes, no, true, false, 1 or 0", row.get("holds_patient_data"))
	}
	d.HoldsPatientData = v != nil && *v
	return nil
}

// invAV reads av_status: whether anti-malware protection is running. Out
// of date counts as not protected, as Windows Security Center counts it.
func invAV(row csvRow) (*bool, error) {
	v := row.get("av_status")
	switch strings.ToLower(v) {
	case "on", "active", "enabled", "ok", "good", "protected", "yes", "true", "1":
		return devPtr(true), nil
	case "off", "disabled", "inactive", "none", "not installed", "outdated", "out of date", "expired", "poor", "no", "false", "0":
		return devPtr(false), nil
	case "", "unknown", "n/a":
		return nil, nil
	}
	return nil, row.errorf("av_status", "%q is not on or off (see docs/device-inventory-csv.md for the words accepted)", v)
}

// invList splits a semicolon-separated cell, dropping empty entries.
func invList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// invWindowsRelease names a Windows release from its build where the row
// left the name or version out.
func invWindowsRelease(d *audit.Device) {
	if d.OS != "windows" || d.Build == "" || (d.OSName != "" && d.OSVersion != "") {
		return
	}
	n, v := devWindowsRelease(d.Build, d.Kind == audit.DeviceServer || devContainsFold(d.OSName, "server"))
	if d.OSName == "" {
		d.OSName = n
	}
	if d.OSVersion == "" {
		d.OSVersion = v
	}
}
