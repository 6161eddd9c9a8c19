package check

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
)

// Device kinds judge computers, servers and phones. The same machine often
// appears in several exports (Intune, osquery, AD), so facts are grouped by
// name and each question is answered from the newest fact that knows.

const noDevices = "No device inventory was provided; add an Intune, osquery or Active Directory device export."

var liveDaysParam = Param{Name: "live_days", Type: Int, Doc: "devices not seen for more than this many days are ignored (default 45)"}

func init() {
	deviceKind("devices.os_supported", "No device runs an operating system past its end of security updates.",
		osSupported, liveDaysParam)
	deviceKind("devices.os_patch", "Operating-system security updates are installed within the allowed days.",
		osPatch,
		Param{Name: "days", Type: Int, Required: true, Doc: "days a security update may stay missing"},
		Param{Name: "internet_facing_days", Type: Int, Required: true, Doc: "the same for internet-facing devices"},
		liveDaysParam)
	deviceKind("devices.endpoint_protection", "Every device has active endpoint protection with fresh signatures.",
		endpointProtection,
		Param{Name: "warn_days", Type: Int, Required: true, Doc: "signature age in days before a warning"},
		Param{Name: "fail_days", Type: Int, Required: true, Doc: "signature age in days before a failure"},
		liveDaysParam)
	deviceKind("devices.encryption", "Laptops and devices holding patient data are encrypted with recovery keys kept safe.",
		encryption, liveDaysParam)
	deviceKind("devices.firewall", "The host firewall is on for every device.", firewall, liveDaysParam)
	deviceKind("devices.local_admins", "Only allowed accounts are local administrators.", localAdmins,
		Param{Name: "allowed", Type: Strings, Required: true, Regexp: true, Doc: "regular expressions for accounts allowed in local Administrators, matched against each member as listed"})
	// LAPS and inventory judge a share of all devices, which devices the
	// evidence missed could move either way, so any gap stops them.
	deviceKind("devices.laps", "Enough Windows devices have managed local administrator passwords (LAPS).", gappedStrict(laps, "devices"),
		Param{Name: "min_pct", Type: Number, Required: true, Doc: "share of Windows devices that must have LAPS"})
	deviceKind("devices.screen_lock", "Every device locks itself within the allowed time.", screenLock,
		Param{Name: "max_seconds", Type: Int, Required: true, Doc: "longest idle time before the screen locks"})
	deviceKind("devices.inventory", "Devices found are in the asset register.", gappedStrict(inventory, "devices"),
		Param{Name: "warn_pct", Type: Number, Required: true, Doc: "share of devices missing from the register above which to warn"})
	deviceKind("devices.mobile_managed", "Phones and tablets are enrolled in device management.", mobileManaged)
}

// deviceGapTopics are the narrower gap topics some device kinds honour.
var deviceGapTopics = map[string]string{
	"devices.encryption":  "devices.encryption",
	"devices.firewall":    "devices.firewall",
	"devices.screen_lock": "devices.screen_lock",
}

func deviceKind(name, doc string, f Func, params ...Param) {
	// A gap about one device field (encryption, firewall, screen lock)
	// touches only the kind that judges it, never the other device checks.
	topics := []string{"devices"}
	if t, ok := deviceGapTopics[name]; ok {
		topics = append(topics, t)
	}
	register(Kind{Name: name, Doc: doc, Params: params, Func: gapped(f, topics...)})
}

// device is one machine, possibly described by several facts.
type device struct {
	name  string
	facts []audit.Fact // newest last-seen first
	seen  *time.Time
}

// field returns the newest fact for which known is true.
func (d device) field(known func(*audit.Device) bool) (audit.Fact, bool) {
	for _, f := range d.facts {
		if known(f.Device) {
			return f, true
		}
	}
	return audit.Fact{}, false
}

// kind is the newest specific kind any source gives; "other" is what a
// source says when it cannot tell, so it must not override another
// source's "laptop".
func (d device) kind() string {
	if f, ok := d.field(func(x *audit.Device) bool { return x.Kind != "" && x.Kind != audit.DeviceOther }); ok {
		return f.Device.Kind
	}
	if _, ok := d.field(func(x *audit.Device) bool { return x.Kind != "" }); ok {
		return audit.DeviceOther
	}
	return ""
}

func (d device) isWindows() bool {
	f, ok := d.field(func(x *audit.Device) bool { return x.OS != "" || x.OSName != "" })
	if !ok {
		return false
	}
	return strings.EqualFold(f.Device.OS, "windows") || strings.Contains(strings.ToLower(f.Device.OSName), "windows")
}

func (d device) internetFacing() bool {
	_, ok := d.field(func(x *audit.Device) bool { return x.InternetFacing })
	return ok
}

func (d device) holdsPatientData() bool {
	_, ok := d.field(func(x *audit.Device) bool { return x.HoldsPatientData })
	return ok
}

// devicesOf groups device facts by name, case-insensitively, sorted by name.
func devicesOf(in Input) []device {
	byName := map[string]*device{}
	var keys []string
	for _, f := range factsOf(in, audit.FactDevice) {
		if f.Device == nil {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(f.Device.Name))
		d, ok := byName[k]
		if !ok {
			d = &device{name: strings.TrimSpace(f.Device.Name)}
			byName[k] = d
			keys = append(keys, k)
		}
		d.facts = append(d.facts, f)
		if s := f.Device.LastSeen; s != nil && (d.seen == nil || s.After(*d.seen)) {
			d.seen = s
		}
	}
	sort.Strings(keys)
	out := make([]device, 0, len(keys))
	for _, k := range keys {
		d := byName[k]
		sort.SliceStable(d.facts, func(i, j int) bool { return newer(d.facts[i].Device.LastSeen, d.facts[j].Device.LastSeen) })
		out = append(out, *d)
	}
	return out
}

// newer orders known times before unknown ones, latest first.
func newer(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a != nil && b == nil
	}
	return a.After(*b)
}

// deviceVerdict is one device's result for one check.
type deviceVerdict struct {
	status audit.Status
	detail string
	fact   audit.Fact
}

// deviceTally counts a check's results over the live devices.
type deviceTally struct {
	total, judged, ignored, warns, fails int
	liveDays                             int
	subjects                             []audit.Subject
}

// judgeDevices runs judge over every device seen within live_days; judge
// returns false when the evidence says nothing about that device.
func judgeDevices(in Input, judge func(device) (deviceVerdict, bool)) deviceTally {
	t := deviceTally{liveDays: in.Params.Int("live_days", 45)}
	if t.liveDays <= 0 {
		t.liveDays = 45 // a zero window would ignore every device
	}
	cutoff := in.AsOf.AddDate(0, 0, -t.liveDays)
	for _, d := range devicesOf(in) {
		t.total++
		if d.seen != nil && d.seen.Before(cutoff) {
			t.ignored++
			continue
		}
		v, ok := judge(d)
		if !ok {
			continue
		}
		t.judged++
		switch v.status {
		case audit.Fail:
			t.fails++
		case audit.Warn:
			t.warns++
		default:
			continue
		}
		t.subjects = append(t.subjects, subjectOf(d.name, "device", v.detail, v.fact))
	}
	return t
}

// outcome turns a tally into a verdict. The reasons are full sentences with
// %s standing for "N of M <noun>"; none covers the "nothing known" case.
func (t deviceTally) outcome(noun nouns, failText, warnText, passText, none string) Outcome {
	var out Outcome
	switch {
	case t.total == 0:
		return notChecked(noDevices)
	case t.judged == 0:
		if t.ignored == t.total {
			return notChecked(fmt.Sprintf("No device in the exports has been seen in the last %s%s.", words.Count(t.liveDays, "day", "days"), checked(t.total, "device", "devices")))
		}
		return notChecked(none)
	case t.fails > 0:
		n := t.fails
		if warnText == "" {
			n += t.warns
		}
		out = decided(audit.Fail, fmt.Sprintf(failText, noun.of(n, t.judged)), t.subjects)
	case t.warns > 0:
		out = decided(audit.Warn, fmt.Sprintf(warnText, noun.of(t.warns, t.judged)), t.subjects)
	default:
		out = decided(audit.Pass, fmt.Sprintf(passText, noun.every(t.judged)), nil)
	}
	return t.withIgnored(out)
}

// withIgnored says how many stale devices were left out, so a reader
// knows the verdict covers only machines in use.
func (t deviceTally) withIgnored(out Outcome) Outcome {
	if t.ignored > 0 {
		out.Reason = addNote(out.Reason, fmt.Sprintf(" (%s not seen for more than %s %s ignored)", words.Count(t.ignored, "device", "devices"), words.Count(t.liveDays, "day", "days"), words.Pick(t.ignored, "was", "were")))
	}
	return out
}

// nouns renders counts of a thing with verbs that agree.
type nouns struct{ one, many, verbOne, verbMany string }

func (n nouns) of(k, total int) string {
	return fmt.Sprintf("%d of %s %s", k, words.Count(total, n.one, n.many), words.Pick(k, n.verbOne, n.verbMany))
}

func (n nouns) every(total int) string {
	return every(total, n.one+" "+n.verbOne, n.many+" "+n.verbMany)
}

var devicesHave = nouns{"device", "devices", "has", "have"}
var devicesAre = nouns{"device", "devices", "is", "are"}

// ---- devices.os_supported

func osSupported(in Input) Outcome {
	asOf := audit.Day(in.AsOf)
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		f, ok := d.field(func(x *audit.Device) bool { return x.OSSupportEnds != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		x := f.Device
		if x.OSSupportEnds.Time().Before(asOf) {
			return deviceVerdict{audit.Fail, fmt.Sprintf("%s; security updates ended %s", osLabel(x), x.OSSupportEnds), f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	return t.outcome(nouns{"device", "devices", "runs", "run"},
		"%s an operating system that no longer gets security updates.", "",
		"%s an operating system that still gets security updates.",
		"The device exports do not say when each operating system stops getting security updates.")
}

func osLabel(x *audit.Device) string {
	switch {
	case x.OSName != "" && x.OSVersion != "":
		return x.OSName + " " + x.OSVersion
	case x.OSName != "":
		return x.OSName
	case x.OS != "":
		return x.OS + " " + x.OSVersion
	}
	return "operating system"
}

// ---- devices.os_patch

func osPatch(in Input) Outcome {
	days, exposedDays := in.Params.Int("days", 30), in.Params.Int("internet_facing_days", 14)
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		// MissingUpdateSince is nil both when up to date and when unknown,
		// so a device counts as judged only if some patch data was read.
		f, ok := d.field(func(x *audit.Device) bool { return x.MissingUpdateSince != nil || x.LastPatched != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		limit, where := days, ""
		if d.internetFacing() {
			limit, where = exposedDays, "; internet-facing"
		}
		if f.Device.MissingUpdateSince == nil {
			return lastPatchedVerdict(f, limit, where, in.AsOf)
		}
		age := daysAgo(f.Device.MissingUpdateSince.Time(), in.AsOf)
		if age <= limit {
			return deviceVerdict{status: audit.Pass}, true
		}
		return deviceVerdict{audit.Fail, fmt.Sprintf("missing security updates released %s (%d days; limit %d%s)", f.Device.MissingUpdateSince, age, limit, where), f}, true
	})
	return t.outcome(nouns{"device", "devices", "is", "are"},
		fmt.Sprintf("%%s missing operating-system security updates for longer than allowed (%d days, %d if internet-facing).", days, exposedDays), "",
		fmt.Sprintf("%%s no more than %d days behind on operating-system security updates.", days),
		"The device exports do not say which operating-system updates are installed.")
}

// lastPatchedVerdict judges a device known only by when it was last
// patched. Security updates come out at least monthly (Patch Tuesday), so a
// device last patched more than a month plus the allowed delay ago is
// certainly missing an update older than the limit.
func lastPatchedVerdict(f audit.Fact, limit int, where string, asOf time.Time) (deviceVerdict, bool) {
	if f.Device.LastPatched == nil {
		return deviceVerdict{status: audit.Pass}, true
	}
	age := daysAgo(*f.Device.LastPatched, asOf)
	if age <= limit+31 {
		return deviceVerdict{status: audit.Pass}, true
	}
	return deviceVerdict{audit.Fail, fmt.Sprintf("last patched %s (%d days ago; monthly updates since then exceed the limit of %d days%s)", date(*f.Device.LastPatched), age, limit, where), f}, true
}

// ---- devices.endpoint_protection

func endpointProtection(in Input) Outcome {
	warnDays, failDays := in.Params.Int("warn_days", 3), in.Params.Int("fail_days", 7)
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		if f, ok := d.field(func(x *audit.Device) bool { return x.EndpointProtection != nil }); ok && !*f.Device.EndpointProtection {
			return deviceVerdict{audit.Fail, "no active real-time protection" + product(f.Device), f}, true
		}
		f, ok := d.field(func(x *audit.Device) bool { return x.SignatureAgeDays != nil })
		if !ok {
			_, known := d.field(func(x *audit.Device) bool { return x.EndpointProtection != nil })
			return deviceVerdict{status: audit.Pass}, known
		}
		age := *f.Device.SignatureAgeDays
		switch {
		case age > failDays:
			return deviceVerdict{audit.Fail, fmt.Sprintf("signatures %d days old%s", age, product(f.Device)), f}, true
		case age > warnDays:
			return deviceVerdict{audit.Warn, fmt.Sprintf("signatures %d days old%s", age, product(f.Device)), f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	return t.outcome(devicesHave,
		fmt.Sprintf("%%s no active protection, or signatures more than %d days old.", failDays),
		fmt.Sprintf("%%s antivirus signatures more than %d days old.", warnDays),
		"%s active protection with current signatures.",
		"The device exports do not say whether antivirus or endpoint protection is running.")
}

func product(x *audit.Device) string {
	if x.AVProduct == "" {
		return ""
	}
	return " (" + x.AVProduct + ")"
}

// ---- devices.encryption

func encryption(in Input) Outcome {
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		// Desktops without patient data are out of scope: the control is
		// about data walking out of the building.
		kind := d.kind()
		why := ""
		switch {
		case kind == audit.DeviceLaptop:
			why = "laptop"
		case kind == audit.DeviceServer || d.holdsPatientData():
			why = "holds patient data"
		default:
			return deviceVerdict{}, false
		}
		f, ok := d.field(func(x *audit.Device) bool { return x.Encrypted != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		if !*f.Device.Encrypted {
			return deviceVerdict{audit.Fail, why + "; not encrypted", f}, true
		}
		if k, ok := d.field(func(x *audit.Device) bool { return x.RecoveryKeyEscrow != nil }); ok && !*k.Device.RecoveryKeyEscrow {
			return deviceVerdict{audit.Warn, why + "; encrypted, but the recovery key is not stored in the directory", k}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	return t.outcome(nouns{"laptop or device holding patient data", "laptops and devices holding patient data", "is", "are"},
		"%s not encrypted.",
		"%s encrypted without the recovery key stored safely.",
		"%s encrypted.",
		"The device exports do not say whether laptops and devices holding patient data are encrypted.")
}

// ---- devices.firewall

func firewall(in Input) Outcome {
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		f, ok := d.field(func(x *audit.Device) bool { return x.Firewall != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		if !*f.Device.Firewall {
			return deviceVerdict{audit.Fail, "firewall switched off", f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	return t.outcome(devicesHave, "%s the firewall switched off.", "", "%s the firewall on.",
		"The device exports do not say whether the firewall is on.")
}
