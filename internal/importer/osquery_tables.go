package importer

import (
	"net"
	"sort"
	"strings"

	"triage/internal/audit"
)

// The osquery tables Triage reads, and how a host's rows become one device
// fact.

// The tables, as osqTableOf names them.
const (
	osqOSVersion        = "os_version"
	osqSystemInfo       = "system_info"
	osqChassisInfo      = "chassis_info"
	osqBitLocker        = "bitlocker_info"
	osqSecurityCenter   = "windows_security_center"
	osqSecurityProducts = "windows_security_products"
	osqDebPackages      = "deb_packages"
	osqPrograms         = "programs"
	osqUsers            = "users"
	osqUserGroups       = "user_groups"
	osqGroups           = "groups"
	osqMembership       = "users+groups" // a join naming user and group
)

// osqTableOf says which table a row (its lower-case column names) comes
// from, or "" for a table Triage does not read. Query names are free text,
// so the columns decide. The rules, tried in this order, each need the
// columns listed; a query may select fewer columns than the table has, so
// only the ones that tell the tables apart are needed:
//
//	users+groups               username and groupname (a join of users,
//	                           user_groups and groups)
//	os_version                 name, version, platform, and major or build
//	system_info                hostname, and computer_name, hardware_model,
//	                           cpu_brand or physical_memory
//	chassis_info               chassis_types
//	bitlocker_info             drive_letter and protection_status
//	windows_security_center    firewall and antivirus
//	windows_security_products  type, name, state, and signatures_up_to_date,
//	                           state_timestamp or remediation_path
//	deb_packages               name, version, and maintainer or revision
//	programs                   name, version, and publisher,
//	                           identifying_number, install_source,
//	                           install_location or uninstall_string
//	users                      username and uid
//	user_groups                uid and gid, without username or groupname
//	groups                     groupname and gid
func osqTableOf(cols map[string]string) string {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := cols[n]; !ok {
				return false
			}
		}
		return true
	}
	hasAny := func(names ...string) bool {
		for _, n := range names {
			if has(n) {
				return true
			}
		}
		return false
	}
	switch {
	case has("username", "groupname"):
		return osqMembership
	case has("name", "version", "platform") && hasAny("major", "build"):
		return osqOSVersion
	case has("hostname") && hasAny("computer_name", "hardware_model", "cpu_brand", "physical_memory"):
		return osqSystemInfo
	case has("chassis_types"):
		return osqChassisInfo
	case has("drive_letter", "protection_status"):
		return osqBitLocker
	case has("firewall", "antivirus"):
		return osqSecurityCenter
	case has("type", "name", "state") && hasAny("signatures_up_to_date", "state_timestamp", "remediation_path"):
		return osqSecurityProducts
	case has("name", "version") && hasAny("maintainer", "revision"):
		return osqDebPackages
	case has("name", "version") && hasAny("publisher", "identifying_number", "install_source", "install_location", "uninstall_string"):
		return osqPrograms
	case has("username", "uid"):
		return osqUsers
	case has("uid", "gid"):
		return osqUserGroups
	case has("groupname", "gid"):
		return osqGroups
	}
	return ""
}

// osqTables groups a host's current rows by table, queries in name order
// so that the result does not depend on map order.
func (h *osqHost) tables() map[string][]osqRow {
	names := make([]string, 0, len(h.queries))
	for q := range h.queries {
		names = append(names, q)
	}
	sort.Strings(names)
	out := map[string][]osqRow{}
	for _, q := range names {
		for _, r := range h.queries[q] {
			if t := osqTableOf(r.cols); t != "" {
				out[t] = append(out[t], r)
			}
		}
	}
	return out
}

// facts is the host's device fact followed by its software facts.
func (h *osqHost) facts() []audit.Fact {
	tables := h.tables()
	d := h.device(tables)
	facts := []audit.Fact{{Kind: audit.FactDevice, Source: audit.Source{Line: h.line, Path: "host " + h.key}, Device: d}}
	return append(facts, osqSoftware(d.Name, tables)...)
}

// device merges what the tables say about the host.
func (h *osqHost) device(tables map[string][]osqRow) *audit.Device {
	d := &audit.Device{Name: h.name(tables), LastSeen: h.seen}
	model, chassis := "", ""
	if rs := tables[osqSystemInfo]; len(rs) > 0 {
		model = rs[len(rs)-1].cols["hardware_model"]
	}
	if osqChassisLaptop(tables[osqChassisInfo]) {
		chassis = audit.DeviceLaptop
	}
	server := osqOS(d, tables[osqOSVersion])
	if d.OS == "linux" && !devLaptopModel(model) && chassis == "" {
		// Linux at a practice is the server or an appliance far more often
		// than a desk: a Linux laptop shows itself by its model.
		server = true
	}
	d.Kind = devKind(d.OS, server, chassis, model)
	d.Encrypted = osqEncrypted(tables[osqBitLocker])
	osqProtection(d, tables[osqSecurityCenter], tables[osqSecurityProducts])
	d.LocalAdmins = osqLocalAdmins(tables)
	return d
}

// name is the device name: system_info's computer_name, a hostname
// decoration, or the host key, without a domain.
func (h *osqHost) name(tables map[string][]osqRow) string {
	for _, r := range tables[osqSystemInfo] {
		if n := strings.TrimSpace(r.cols["computer_name"]); n != "" {
			return n
		}
	}
	if h.decoName != "" {
		return osqShortName(h.decoName)
	}
	return osqShortName(h.key)
}

// osqShortName cuts the domain off a host name (gp-room1.clinic.local is
// gp-room1), leaving IP addresses and UUIDs whole.
func osqShortName(s string) string {
	s = strings.TrimSpace(s)
	if net.ParseIP(s) != nil {
		return s
	}
	if i := strings.IndexByte(s, '.'); i > 0 {
		return s[:i]
	}
	return s
}

// osqOS fills the OS fields from os_version and reports whether the host
// is a server. Windows names lose the "Microsoft " prefix; a Windows
// build is written 10.0.19045 (with .UBR when the revision column is
// there, as in newer osquery), and its release (22H2) is looked up.
func osqOS(d *audit.Device, rows []osqRow) (server bool) {
	if len(rows) == 0 {
		return false
	}
	c := rows[len(rows)-1].cols
	name := strings.TrimSpace(c["name"])
	d.OS = osqPlatformOS(c["platform"], name)
	d.OSName = strings.TrimPrefix(name, "Microsoft ")
	d.OSVersion, d.Build = c["version"], c["build"]
	if d.OS != "windows" {
		return false
	}
	server = devContainsFold(name, "server")
	d.Build = c["version"]
	if d.Build == "" {
		d.Build = c["build"]
	}
	if rev := c["revision"]; rev != "" && strings.Count(d.Build, ".") == 2 {
		d.Build += "." + rev
	}
	d.OSVersion = ""
	if _, v := devWindowsRelease(d.Build, server); v != "" {
		d.OSVersion = v
	}
	return server
}

// osqPlatformOS maps os_version.platform: windows, darwin, and the Linux
// distributions (ubuntu, rhel, debian, ...); other systems osquery runs on
// (FreeBSD) are "other".
func osqPlatformOS(platform, name string) string {
	switch p := strings.ToLower(strings.TrimSpace(platform)); p {
	case "windows":
		return "windows"
	case "darwin":
		return "macos"
	case "":
		return devOS(name)
	case "freebsd":
		return "other"
	}
	return "linux"
}

// osqChassisLaptop reads chassis_info.chassis_types (Windows): the SMBIOS
// chassis names of portable machines.
func osqChassisLaptop(rows []osqRow) bool {
	for _, r := range rows {
		t := strings.ToLower(r.cols["chassis_types"])
		for _, w := range []string{"laptop", "notebook", "portable", "convertible", "detachable", "hand held", "sub notebook"} {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}

// osqEncrypted reads bitlocker_info: encrypted when every volume with a
// drive letter (every volume, if none has one) has protection_status 1;
// not when any has 0 (off, or suspended, which leaves the key in the
// clear); unknown otherwise. osquery cannot tell a USB stick from a fixed
// drive, so an unprotected stick plugged in at the time counts against the
// device: the safe way to be wrong.
func osqEncrypted(rows []osqRow) *bool {
	var vols []osqRow
	for _, r := range rows {
		if strings.TrimSpace(r.cols["drive_letter"]) != "" {
			vols = append(vols, r)
		}
	}
	if len(vols) == 0 {
		vols = rows
	}
	if len(vols) == 0 {
		return nil
	}
	unknown := false
	for _, v := range vols {
		switch strings.TrimSpace(v.cols["protection_status"]) {
		case "1":
		case "0":
			return devPtr(false)
		default:
			unknown = true
		}
	}
	if unknown {
		return nil
	}
	return devPtr(true)
}

// osqProtection fills firewall and anti-malware from Windows Security
// Center and its product list. Where both speak, a bad word from either
// wins: WSC says "Poor" for protection that is off or out of date.
func osqProtection(d *audit.Device, wsc, products []osqRow) {
	if len(wsc) > 0 {
		c := wsc[len(wsc)-1].cols
		d.Firewall = osqHealth(c["firewall"])
		d.EndpointProtection = osqHealth(c["antivirus"])
	}
	av, avName := osqProducts(products, "antivirus")
	fw, _ := osqProducts(products, "firewall")
	d.EndpointProtection = devAnd(d.EndpointProtection, av)
	d.Firewall = devAnd(d.Firewall, fw)
	d.AVProduct = avName
}

// osqHealth reads a Windows Security Center state: Good is on, Poor and
// Snoozed (switched off, warnings silenced) are off, Not Monitored and
// Error say nothing.
func osqHealth(s string) *bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "good":
		return devPtr(true)
	case "poor", "snoozed":
		return devPtr(false)
	}
	return nil
}

// osqProducts reads windows_security_products rows of one type: on when
// any product of the type has state On, off when there are some and none
// is; the name is of the first product on (else the first listed).
func osqProducts(rows []osqRow, typ string) (*bool, string) {
	var on *bool
	name := ""
	for _, r := range rows {
		if !strings.EqualFold(strings.TrimSpace(r.cols["type"]), typ) {
			continue
		}
		active := strings.EqualFold(strings.TrimSpace(r.cols["state"]), "on")
		switch {
		case active && (on == nil || !*on):
			on, name = devPtr(true), r.cols["name"]
		case on == nil:
			on, name = devPtr(false), r.cols["name"]
		}
	}
	return on, strings.TrimSpace(name)
}

// devAnd combines two tri-states: unknown yields to the other, false wins.
func devAnd(a, b *bool) *bool {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return devPtr(*a && *b)
}

// osqAdminGID is the local Administrators group's id on Windows (the RID
// of S-1-5-32-544), whatever the group is called in the system's language.
const osqAdminGID = "544"

// osqLocalAdmins lists the members of the local Administrators group from
// users, user_groups and groups (or a join of them), sorted; nil when the
// tables were not queried or name nobody. Only local accounts appear:
// osquery does not expand domain groups inside Administrators. Linux sudo
// and macOS admin groups are not read.
func osqLocalAdmins(tables map[string][]osqRow) []string {
	admin := map[string]bool{osqAdminGID: true}
	for _, r := range tables[osqGroups] {
		if strings.EqualFold(strings.TrimSpace(r.cols["groupname"]), "administrators") {
			admin[strings.TrimSpace(r.cols["gid"])] = true
		}
	}
	users := map[string]string{}
	for _, r := range tables[osqUsers] {
		users[strings.TrimSpace(r.cols["uid"])] = strings.TrimSpace(r.cols["username"])
	}
	found := map[string]bool{}
	for _, r := range tables[osqUserGroups] {
		if admin[strings.TrimSpace(r.cols["gid"])] {
			if u := users[strings.TrimSpace(r.cols["uid"])]; u != "" {
				found[u] = true
			}
		}
	}
	for _, r := range tables[osqMembership] {
		g := strings.TrimSpace(r.cols["groupname"])
		if strings.EqualFold(g, "administrators") || strings.TrimSpace(r.cols["gid"]) == osqAdminGID {
			if u := strings.TrimSpace(r.cols["username"]); u != "" {
				found[u] = true
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]string, 0, len(found))
	for u := range found {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}
