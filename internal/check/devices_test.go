package check

import (
	"testing"

	"triage/internal/audit"
)

// pc is a practice workstation seen yesterday.
func pc(name string, edit func(d *audit.Device)) audit.Fact {
	d := audit.Device{Name: name, Kind: audit.DeviceWorkstation, OS: "windows", OSName: "Windows 11 Pro", OSVersion: "24H2", LastSeen: at("2026-10-30T17:00")}
	if edit != nil {
		edit(&d)
	}
	return deviceFact(d)
}

// retired is a PC nobody has switched on since autumn last year.
func retired(edit func(d *audit.Device)) audit.Fact {
	return pc("OLD-XRAY-PC", func(d *audit.Device) {
		d.LastSeen = at("2025-11-02T10:00")
		if edit != nil {
			edit(d)
		}
	})
}

var devicesGap = gap("devices", "Intune devices could not be exported: the licence does not include Intune.")

func TestOSSupported(t *testing.T) {
	ok := func(d *audit.Device) { d.OSSupportEnds = day("2027-10-12") }
	win10 := func(d *audit.Device) {
		d.OSName, d.OSVersion, d.OSSupportEnds = "Windows 10 Pro", "22H2", day("2025-10-14")
	}
	cases := []kindCase{
		{name: "supported", facts: []audit.Fact{pc("RECEPTION-01", ok), pc("GP-ROOM1", ok)},
			status: audit.Pass, reason: "Both devices run an operating system that still gets security updates."},
		{name: "windows 10", params: Params{"live_days": 45}, facts: []audit.Fact{pc("RECEPTION-01", ok), pc("GP-ROOM2", win10), retired(win10)},
			status: audit.Fail, reason: "1 of 2 devices runs an operating system that no longer gets security updates (1 device not seen for more than 45 days was ignored).",
			subjects: []string{"GP-ROOM2"}},
		{name: "unknown support dates", facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "do not say when"},
		{name: "only stale devices", facts: []audit.Fact{retired(win10)}, status: audit.NotChecked, contains: "has been seen in the last 45 days"},
		{name: "no devices", status: audit.NotChecked, reason: noDevices},
		{name: "gap", facts: []audit.Fact{pc("RECEPTION-01", ok), devicesGap}, status: audit.NotChecked,
			reason: "Could not check: Intune devices could not be exported: the licence does not include Intune."},
		{name: "gap keeps a found problem", facts: []audit.Fact{pc("GP-ROOM2", win10), devicesGap}, status: audit.Fail, subjects: []string{"GP-ROOM2"}},
	}
	runKind(t, "devices.os_supported", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{pc("GP-ROOM2", win10)}), AsOf: asOf}
	if got, want := detailOf(t, "devices.os_supported", in, "GP-ROOM2"), "Windows 10 Pro 22H2; security updates ended 2025-10-14"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestDevicesMergeSources(t *testing.T) {
	// The same PC in AD (old, stale data) and Intune (fresh): the newer
	// fact answers, and the device counts once.
	ad := deviceFact(audit.Device{Name: "reception-01", Kind: audit.DeviceWorkstation, LastSeen: at("2026-10-01T08:00"), Firewall: no})
	intune := deviceFact(audit.Device{Name: "RECEPTION-01", LastSeen: at("2026-10-30T08:00"), Firewall: yes})
	only := deviceFact(audit.Device{Name: "GP-ROOM1", Firewall: yes}) // last seen unknown: counts
	runKind(t, "devices.firewall", []kindCase{
		{name: "newest fact wins", facts: []audit.Fact{ad, intune, only}, status: audit.Pass, reason: "Both devices have the firewall on."},
	})
}

func TestOSPatch(t *testing.T) {
	p := Params{"days": 30, "internet_facing_days": 14}
	current := func(d *audit.Device) { d.LastPatched = at("2026-10-15T03:00") }
	behind := func(d *audit.Device) { d.MissingUpdateSince = day("2026-09-09") } // 52 days
	serverBehind := func(d *audit.Device) {
		d.Kind, d.InternetFacing, d.MissingUpdateSince = audit.DeviceServer, true, day("2026-10-14") // 17 days
	}
	cases := []kindCase{
		{name: "up to date", params: p, facts: []audit.Fact{pc("RECEPTION-01", current), pc("GP-ROOM1", func(d *audit.Device) { d.MissingUpdateSince = day("2026-10-14") })},
			status: audit.Pass, reason: "Both devices are no more than 30 days behind on operating-system security updates."},
		{name: "workstation behind", params: p, facts: []audit.Fact{pc("RECEPTION-01", current), pc("GP-ROOM1", behind)},
			status: audit.Fail, reason: "1 of 2 devices is missing operating-system security updates for longer than allowed (30 days, 14 if internet-facing).", subjects: []string{"GP-ROOM1"}},
		{name: "internet-facing server", params: p, facts: []audit.Fact{pc("RDS-01", serverBehind)}, status: audit.Fail, subjects: []string{"RDS-01"}},
		{name: "no patch data", params: p, facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "do not say which"},
		{name: "no devices", params: p, status: audit.NotChecked, reason: noDevices},
		{name: "gap", params: p, facts: []audit.Fact{pc("RECEPTION-01", current), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.os_patch", cases)
}

func TestEndpointProtection(t *testing.T) {
	p := Params{"warn_days": 3, "fail_days": 7}
	fresh := func(d *audit.Device) {
		d.EndpointProtection, d.SignatureAgeDays, d.AVProduct = yes, ptr(1), "Microsoft Defender"
	}
	aging := func(d *audit.Device) { d.EndpointProtection, d.SignatureAgeDays = yes, ptr(5) }
	stale := func(d *audit.Device) { d.EndpointProtection, d.SignatureAgeDays = yes, ptr(12) }
	off := func(d *audit.Device) { d.EndpointProtection, d.AVProduct = no, "Microsoft Defender" }
	cases := []kindCase{
		{name: "all current", params: p, facts: []audit.Fact{pc("RECEPTION-01", fresh), pc("GP-ROOM1", fresh)},
			status: audit.Pass, reason: "Both devices have active protection with current signatures."},
		{name: "signatures aging", params: p, facts: []audit.Fact{pc("RECEPTION-01", fresh), pc("GP-ROOM1", aging)},
			status: audit.Warn, reason: "1 of 2 devices has antivirus signatures more than 3 days old.", subjects: []string{"GP-ROOM1"}},
		{name: "protection off and stale", params: p, facts: []audit.Fact{pc("RECEPTION-01", off), pc("GP-ROOM1", stale), pc("GP-ROOM2", aging)},
			status: audit.Fail, reason: "2 of 3 devices have no active protection, or signatures more than 7 days old.",
			subjects: []string{"GP-ROOM1", "GP-ROOM2", "RECEPTION-01"}},
		{name: "unknown", params: p, facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "antivirus"},
		{name: "gap", params: p, facts: []audit.Fact{pc("RECEPTION-01", fresh), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.endpoint_protection", cases)
}

func TestEncryption(t *testing.T) {
	laptop := func(enc, escrow *bool) func(d *audit.Device) {
		return func(d *audit.Device) { d.Kind, d.Encrypted, d.RecoveryKeyEscrow = audit.DeviceLaptop, enc, escrow }
	}
	server := func(d *audit.Device) { d.Kind, d.Encrypted = audit.DeviceServer, no }
	desktopNoPHI := func(d *audit.Device) { d.Encrypted = no }
	desktopPHI := func(d *audit.Device) { d.Encrypted, d.HoldsPatientData = no, true }
	cases := []kindCase{
		{name: "laptops encrypted", facts: []audit.Fact{pc("GP-LAPTOP1", laptop(yes, yes)), pc("RECEPTION-01", desktopNoPHI)},
			status: audit.Pass, reason: "The only laptop or device holding patient data is encrypted."},
		{name: "key not escrowed", facts: []audit.Fact{pc("GP-LAPTOP1", laptop(yes, no))},
			status: audit.Warn, reason: "1 of 1 laptop or device holding patient data is encrypted without the recovery key stored safely.", subjects: []string{"GP-LAPTOP1"}},
		{name: "server and PHI desktop unencrypted", facts: []audit.Fact{pc("GP-LAPTOP1", laptop(yes, no)), pc("PMS-SERVER", server), pc("GP-ROOM1", desktopPHI)},
			status: audit.Fail, reason: "2 of 3 laptops and devices holding patient data are not encrypted.", subjects: []string{"GP-LAPTOP1", "GP-ROOM1", "PMS-SERVER"}},
		{name: "only desktops without patient data", facts: []audit.Fact{pc("RECEPTION-01", desktopNoPHI)}, status: audit.NotChecked, contains: "encrypted"},
		{name: "gap", facts: []audit.Fact{pc("GP-LAPTOP1", laptop(yes, yes)), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.encryption", cases)
}

func TestFirewall(t *testing.T) {
	on := func(d *audit.Device) { d.Firewall = yes }
	off := func(d *audit.Device) { d.Firewall = no }
	cases := []kindCase{
		{name: "on", facts: []audit.Fact{pc("RECEPTION-01", on), pc("GP-ROOM1", on), pc("GP-ROOM2", on)}, status: audit.Pass, reason: "All 3 devices have the firewall on."},
		{name: "off", facts: []audit.Fact{pc("RECEPTION-01", on), pc("GP-ROOM1", off), retired(off)},
			status: audit.Fail, reason: "1 of 2 devices has the firewall switched off (1 device not seen for more than 45 days was ignored).", subjects: []string{"GP-ROOM1"}},
		{name: "a shorter live window", params: Params{"live_days": 1}, facts: []audit.Fact{pc("RECEPTION-01", on), pc("GP-ROOM1", func(d *audit.Device) { d.Firewall, d.LastSeen = no, at("2026-10-20T09:00") })},
			status: audit.Pass, contains: "1 device not seen for more than 1 day was ignored"},
		{name: "unknown", facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "firewall"},
		{name: "no devices", status: audit.NotChecked, reason: noDevices},
		{name: "gap", facts: []audit.Fact{pc("RECEPTION-01", on), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.firewall", cases)
}
