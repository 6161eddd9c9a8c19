package check

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
)

// Software kinds judge installed programs. The same program on many PCs is
// one problem to fix, so installs are grouped by name and version and the
// subject lists the devices.

const noSoftware = "No software inventory was provided; run the endpoint collector or add an osquery or Intune software export."

func init() {
	register(Kind{
		Name: "software.unsupported",
		Doc:  "No installed program is past its end of support; listed categories fail, others warn.",
		Params: []Param{
			{Name: "fail_categories", Type: Strings, Required: true, Doc: "software categories that fail when unsupported (browser, office, pdf, ...)"},
		},
		Func: gapped(unsupportedSoftware, "software"),
	})
	register(Kind{
		Name: "software.patch",
		Doc:  "Programs get security updates on time; any known-exploited flaw fails.",
		Params: []Param{
			{Name: "priority_categories", Type: Strings, Required: true, Doc: "categories held to priority_days (browser, office, pdf, email, security)"},
			{Name: "priority_days", Type: Int, Required: true, Doc: "days a priority program may go without an available security update"},
			{Name: "other_days", Type: Int, Required: true, Doc: "the same for other programs (warns)"},
		},
		Func: gapped(softwarePatch, "software"),
	})
	register(Kind{
		Name: "software.remote_tools",
		Doc:  "Remote-access programs belong to a vendor listed in practice.yaml.",
		Func: gapped(remoteTools, "software"),
	})
}

func softwareOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactSoftware) {
		if f.Software != nil {
			out = append(out, f)
		}
	}
	return out
}

// isIE reports Internet Explorer, which inventories list under many names.
func isIE(s *audit.Software) bool {
	n := strings.ToLower(s.Name + " " + s.Product)
	return strings.Contains(n, "internet explorer") || strings.Contains(n, "ie11")
}

// categoryOf applies the one override the spec names: IE11 is a browser.
func categoryOf(s *audit.Software) string {
	if isIE(s) {
		return audit.SoftwareBrowser
	}
	return s.Category
}

// ieRetired is when Microsoft retired the IE11 desktop app; inventories
// rarely carry a lifecycle date for it.
var ieRetired = time.Date(2022, 6, 15, 0, 0, 0, 0, time.UTC)

func endOfLife(s *audit.Software) (time.Time, bool) {
	if s.EndOfLife != nil {
		return s.EndOfLife.Time(), true
	}
	if isIE(s) {
		return ieRetired, true
	}
	return time.Time{}, false
}

// program is one program and version across every device it is on.
type program struct {
	name    string
	status  audit.Status
	detail  string
	devices []string
	fact    audit.Fact
	urgent  bool
}

func programKey(s *audit.Software) string {
	return strings.ToLower(strings.TrimSpace(s.Name)) + "\x00" + strings.ToLower(strings.TrimSpace(s.Version))
}

func programName(s *audit.Software) string {
	if s.Version == "" {
		return s.Name
	}
	return s.Name + " " + s.Version
}

// programs groups the problem installs found by judge, worst verdict kept.
type programs struct {
	byKey map[string]*program
	keys  []string
}

func (p *programs) add(f audit.Fact, status audit.Status, detail string, urgent bool) {
	if p.byKey == nil {
		p.byKey = map[string]*program{}
	}
	k := programKey(f.Software)
	g, ok := p.byKey[k]
	if !ok {
		g = &program{name: programName(f.Software), status: status, detail: detail, fact: f}
		p.byKey[k] = g
		p.keys = append(p.keys, k)
	}
	if audit.Worse(g.status, status) != g.status {
		g.status, g.detail, g.fact = status, detail, f
	}
	g.urgent = g.urgent || urgent
	if d := strings.TrimSpace(f.Software.Device); d != "" && !contains(g.devices, d) {
		g.devices = append(g.devices, d)
	}
}

// tally counts programs and devices by verdict and builds the subjects.
func (p *programs) tally() (fails, warns, devices int, urgent bool, subjects []audit.Subject) {
	sort.Strings(p.keys)
	seen := map[string]bool{}
	for _, k := range p.keys {
		g := p.byKey[k]
		if g.status == audit.Fail {
			fails++
		} else {
			warns++
		}
		urgent = urgent || g.urgent
		sort.Strings(g.devices)
		for _, d := range g.devices {
			seen[strings.ToLower(d)] = true
		}
		subjects = append(subjects, subjectOf(g.name, "software", g.detail+"; on "+words.Count(len(g.devices), "device", "devices")+onDevices(g.devices), g.fact))
	}
	return fails, warns, len(seen), urgent, subjects
}

// devicesWith counts the distinct devices holding programs of one status,
// so a reason about failures does not count devices that only warn.
func (p *programs) devicesWith(status audit.Status) int {
	seen := map[string]bool{}
	for _, g := range p.byKey {
		if g.status != status {
			continue
		}
		for _, d := range g.devices {
			seen[strings.ToLower(d)] = true
		}
	}
	return len(seen)
}

func onDevices(devices []string) string {
	if len(devices) == 0 {
		return ""
	}
	return ": " + strings.Join(devices, ", ")
}

// inventorySize counts distinct programs and devices, for pass reasons.
func inventorySize(sw []audit.Fact) (int, int) {
	progs, devs := map[string]bool{}, map[string]bool{}
	for _, f := range sw {
		progs[programKey(f.Software)] = true
		if d := strings.ToLower(strings.TrimSpace(f.Software.Device)); d != "" {
			devs[d] = true
		}
	}
	return len(progs), len(devs)
}

// ---- software.unsupported

func unsupportedSoftware(in Input) Outcome {
	sw := softwareOf(in)
	if len(sw) == 0 {
		return notChecked(noSoftware)
	}
	failCats := in.Params.Strings("fail_categories", nil)
	asOf := audit.Day(in.AsOf)
	var found programs
	for _, f := range sw {
		eol, ok := endOfLife(f.Software)
		if !ok || !eol.Before(asOf) {
			continue
		}
		status := audit.Warn
		if containsFold(failCats, categoryOf(f.Software)) {
			status = audit.Fail
		}
		found.add(f, status, "support ended "+date(eol), false)
	}
	fails, warns, devices, _, subjects := found.tally()
	nProg, nDev := inventorySize(sw)
	switch {
	case fails > 0:
		return decided(audit.Fail, fmt.Sprintf("%s past end of support %s installed on %s, %d of them in categories that must be removed.", words.Count(fails+warns, "program", "programs"), words.Pick(fails+warns, "is", "are"), words.Count(devices, "device", "devices"), fails), subjects)
	case warns > 0:
		return decided(audit.Warn, fmt.Sprintf("%s past end of support %s installed on %s.", words.Count(warns, "program", "programs"), words.Pick(warns, "is", "are"), words.Count(devices, "device", "devices")), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("No installed program is past its end of support (%s on %s checked).", words.Count(nProg, "program", "programs"), words.Count(nDev, "device", "devices")), nil)
}

// ---- software.patch

func softwarePatch(in Input) Outcome {
	sw := softwareOf(in)
	if len(sw) == 0 {
		return notChecked(noSoftware)
	}
	priority := in.Params.Strings("priority_categories", nil)
	prioDays, otherDays := in.Params.Int("priority_days", 14), in.Params.Int("other_days", 30)
	var found programs
	for _, f := range sw {
		s := f.Software
		if len(s.KEV) > 0 {
			found.add(f, audit.Fail, "has flaws known to be exploited ("+strings.Join(s.KEV, ", ")+")", true)
			continue
		}
		if s.UpdateAvailableSince == nil {
			continue
		}
		age := daysAgo(s.UpdateAvailableSince.Time(), in.AsOf)
		limit, status := otherDays, audit.Warn
		if containsFold(priority, categoryOf(s)) {
			limit, status = prioDays, audit.Fail
		}
		if age > limit {
			found.add(f, status, fmt.Sprintf("security update available since %s (%d days; limit %d)", s.UpdateAvailableSince, age, limit), false)
		}
	}
	fails, warns, devices, urgent, subjects := found.tally()
	var urgency []string
	if urgent {
		urgency = append(urgency, urgentKEV)
	}
	nProg, nDev := inventorySize(sw)
	switch {
	case fails > 0:
		return decided(audit.Fail, fmt.Sprintf("%s on %s %s behind on security updates for longer than allowed.", words.Count(fails+warns, "program", "programs"), words.Count(devices, "device", "devices"), words.Pick(fails+warns, "is", "are")), subjects, urgency...)
	case warns > 0:
		return decided(audit.Warn, fmt.Sprintf("%s on %s %s more than %d days behind on security updates.", words.Count(warns, "program", "programs"), words.Count(devices, "device", "devices"), words.Pick(warns, "is", "are"), otherDays), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("No installed program is behind on security updates for longer than allowed (%s on %s checked).", words.Count(nProg, "program", "programs"), words.Count(nDev, "device", "devices")), nil)
}

// ---- software.remote_tools

// remoteToolNames are the remote-access products seen in practices, for
// inventories that do not categorise programs.
var remoteToolNames = []string{
	"teamviewer", "anydesk", "screenconnect", "connectwise control", "splashtop", "rustdesk",
	"logmein", "gotoassist", "goto resolve", "realvnc", "tightvnc", "ultravnc", "vnc server",
	"chrome remote desktop", "zoho assist", "remotepc", "supremo", "dameware", "bomgar",
	"beyondtrust remote", "take control", "atera", "ninjaone", "kaseya", "n-able",
}

// remoteTool returns the tool's short name when the program is one.
func remoteTool(s *audit.Software) (string, bool) {
	hay := strings.ToLower(s.Name + " " + s.Publisher)
	for _, n := range remoteToolNames {
		if strings.Contains(hay, n) {
			return n, true
		}
	}
	if s.Category == audit.SoftwareRemoteAccess {
		return strings.ToLower(strings.TrimSpace(s.Name)), true
	}
	return "", false
}

// vendorFor finds the practice.yaml vendor a remote tool belongs to: the
// vendor's name or described access mentions the tool, or the program's
// name or publisher mentions the vendor.
func vendorFor(tool string, s *audit.Software, vendors []audit.Vendor) (string, bool) {
	prog := strings.ToLower(s.Name + " " + s.Publisher)
	for _, v := range vendors {
		name := strings.ToLower(strings.TrimSpace(v.Name))
		text := name + " " + strings.ToLower(v.Access)
		// A very short vendor name ("IT") would match half the inventory.
		if strings.Contains(text, tool) || (len(name) >= 4 && strings.Contains(prog, name)) {
			return v.Name, true
		}
	}
	return "", false
}

func remoteTools(in Input) Outcome {
	sw := softwareOf(in)
	if len(sw) == 0 {
		return notChecked(noSoftware)
	}
	var vendors []audit.Vendor
	if in.Practice != nil {
		vendors = in.Practice.Vendors
	}
	var found programs
	tools := 0
	for _, f := range sw {
		tool, ok := remoteTool(f.Software)
		if !ok {
			continue
		}
		tools++
		if _, known := vendorFor(tool, f.Software, vendors); known {
			continue
		}
		if u := f.Software.Unattended; u != nil && *u {
			found.add(f, audit.Fail, "accepts unattended connections and belongs to no vendor in practice.yaml", false)
		} else {
			found.add(f, audit.Warn, "remote-access program not linked to any vendor in practice.yaml", false)
		}
	}
	fails, warns, devices, _, subjects := found.tally()
	_, nDev := inventorySize(sw)
	switch {
	case fails > 0:
		return decided(audit.Fail, fmt.Sprintf("%s on %s %s unattended remote access for no listed vendor.", words.Count(fails, "remote-access program", "remote-access programs"), words.Count(found.devicesWith(audit.Fail), "device", "devices"), words.Pick(fails, "allows", "allow")), subjects)
	case warns > 0:
		return decided(audit.Warn, fmt.Sprintf("%s on %s %s not linked to any vendor in practice.yaml.", words.Count(warns, "remote-access program", "remote-access programs"), words.Count(devices, "device", "devices"), words.Pick(warns, "is", "are")), subjects)
	case tools > 0:
		return decided(audit.Pass, fmt.Sprintf("Every remote-access program found (%d installs) belongs to a vendor listed in practice.yaml.", tools), nil)
	}
	return decided(audit.Pass, fmt.Sprintf("No remote-access program was found on the %s in the software inventory.", words.Count(nDev, "device", "devices")), nil)
}
