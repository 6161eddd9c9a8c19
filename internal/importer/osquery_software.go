package importer

import (
	"strings"

	"triage/internal/audit"
)

// Software facts from osquery's programs (Windows) and deb_packages
// (Debian and Ubuntu) tables.
//
// Categories are left to reference data, which matches products and
// releases, except for remote-access tools: those matter to the audit
// whatever their version, so they are named here. A program is
// remote_access when its name contains TeamViewer, AnyDesk, ScreenConnect,
// ConnectWise Control, Splashtop, RustDesk or LogMeIn. Unattended is set
// only where the name shows the variant that accepts connections with
// nobody at the machine: TeamViewer Host, Splashtop Streamer, and the
// ScreenConnect / ConnectWise Control access agent (installed as
// "ScreenConnect Client (<instance id>)"). For the rest the name does not
// say, and Unattended stays unknown.

// osqRemoteTools are the remote-access product names (lower case).
var osqRemoteTools = []string{"teamviewer", "anydesk", "screenconnect", "connectwise control",
	"splashtop", "rustdesk", "logmein"}

// osqUnattended are name prefixes of the unattended variants (lower case).
var osqUnattended = []string{"teamviewer host", "splashtop streamer",
	"screenconnect client (", "connectwise control client ("}

// osqSoftware makes one software fact per distinct program (name, version
// and publisher) on the device, in the order osquery listed them. The
// Windows uninstall list often names a program twice (32- and 64-bit
// registry views); once is enough.
func osqSoftware(device string, tables map[string][]osqRow) []audit.Fact {
	var facts []audit.Fact
	seen := map[string]bool{}
	add := func(r osqRow, publisher string) {
		s := &audit.Software{
			Device:    device,
			Name:      strings.TrimSpace(r.cols["name"]),
			Version:   strings.TrimSpace(r.cols["version"]),
			Publisher: strings.TrimSpace(publisher),
		}
		key := strings.ToLower(s.Name + "\x00" + s.Version + "\x00" + s.Publisher)
		if s.Name == "" || seen[key] {
			return
		}
		seen[key] = true
		osqRemoteAccess(s)
		facts = append(facts, audit.Fact{Kind: audit.FactSoftware, Source: audit.Source{Line: r.line, Path: r.path}, Software: s})
	}
	for _, r := range tables[osqPrograms] {
		add(r, r.cols["publisher"])
	}
	for _, r := range tables[osqDebPackages] {
		add(r, osqMaintainer(r.cols["maintainer"]))
	}
	return facts
}

// osqMaintainer keeps the name of a Debian maintainer ("TeamViewer GmbH
// <support@teamviewer.com>" is TeamViewer GmbH): the publisher, without an
// address nobody needs.
func osqMaintainer(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// osqRemoteAccess sets the category and unattended flag of remote-access
// tools (see the top of this file).
func osqRemoteAccess(s *audit.Software) {
	name := strings.ToLower(s.Name)
	for _, t := range osqRemoteTools {
		if strings.Contains(name, t) {
			s.Category = audit.SoftwareRemoteAccess
			break
		}
	}
	if s.Category == "" {
		return
	}
	for _, u := range osqUnattended {
		if strings.HasPrefix(name, u) {
			s.Unattended = devPtr(true)
			return
		}
	}
}
