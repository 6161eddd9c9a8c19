package check

import (
	"testing"

	"triage/internal/audit"
)

func TestLocalAdmins(t *testing.T) {
	p := Params{"allowed": []any{
		`(?i)^([^\\]+\\)?administrator$`,
		`(?i)^([^\\]+\\)?domain admins$`,
		`(?i)^([^\\]+\\)?(admin|adm)[-_.][\w.-]+$`,
	}}
	clean := func(d *audit.Device) {
		d.LocalAdmins = []string{`RECEPTION-01\Administrator`, `CLINIC\Domain Admins`, `CLINIC\adm-emma`}
	}
	dirty := func(d *audit.Device) {
		d.LocalAdmins = []string{`GP-ROOM1\Administrator`, `CLINIC\reception`, `CLINIC\anguyen`}
	}
	cases := []kindCase{
		{name: "admins only", params: p, facts: []audit.Fact{pc("RECEPTION-01", clean)},
			status: audit.Pass, reason: "The only device has only admin accounts in the local Administrators group."},
		{name: "everyday accounts", params: p, facts: []audit.Fact{pc("RECEPTION-01", clean), pc("GP-ROOM1", dirty)},
			status: audit.Fail, reason: "1 of 2 devices has everyday accounts in the local Administrators group.", subjects: []string{"GP-ROOM1"}},
		{name: "not collected", params: p, facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "local Administrators"},
		{name: "bad pattern", params: Params{"allowed": []any{"[admin"}}, facts: []audit.Fact{pc("GP-ROOM1", dirty)}, status: audit.NotChecked, skipValidate: true, contains: "not a valid regular expression"},
		{name: "gap", params: p, facts: []audit.Fact{pc("RECEPTION-01", clean), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.local_admins", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{pc("GP-ROOM1", dirty)}), AsOf: asOf, Params: p}
	if got, want := detailOf(t, "devices.local_admins", in, "GP-ROOM1"), `everyday accounts in local Administrators: CLINIC\anguyen, CLINIC\reception`; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestLAPS(t *testing.T) {
	p := Params{"min_pct": 90}
	with := func(d *audit.Device) { d.LAPS = yes }
	without := func(d *audit.Device) { d.LAPS = no }
	mac := deviceFact(audit.Device{Name: "PM-MACBOOK", Kind: audit.DeviceLaptop, OS: "macos", LAPS: no, LastSeen: at("2026-10-30T08:00")})
	cases := []kindCase{
		{name: "all windows devices", params: p, facts: []audit.Fact{pc("RECEPTION-01", with), pc("GP-ROOM1", with), mac},
			status: audit.Pass, reason: "2 of 2 Windows devices (100%) have managed local administrator passwords (LAPS), meeting the 90% target."},
		{name: "too few", params: p, facts: []audit.Fact{pc("RECEPTION-01", with), pc("GP-ROOM1", without), pc("GP-ROOM2", without)},
			status: audit.Fail, reason: "Only 1 of 3 Windows devices (33.3%) has managed local administrator passwords (LAPS); the target is 90%.",
			subjects: []string{"GP-ROOM1", "GP-ROOM2"}},
		{name: "no windows devices", params: p, facts: []audit.Fact{mac}, status: audit.NotChecked, contains: "LAPS"},
		{name: "no devices", params: p, status: audit.NotChecked, reason: noDevices},
		{name: "gap", params: p, facts: []audit.Fact{pc("RECEPTION-01", with), devicesGap}, status: audit.NotChecked},
		{name: "gap stops a share too", params: p, facts: []audit.Fact{pc("RECEPTION-01", without), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.laps", cases)
}

func TestScreenLock(t *testing.T) {
	p := Params{"max_seconds": 900}
	lock := func(s int) func(d *audit.Device) { return func(d *audit.Device) { d.ScreenLockSeconds = ptr(s) } }
	cases := []kindCase{
		{name: "within 15 minutes", params: p, facts: []audit.Fact{pc("RECEPTION-01", lock(600)), pc("GP-ROOM1", lock(900))},
			status: audit.Pass, reason: "Both devices have a screen lock within 15 minutes."},
		{name: "too slow and never", params: p, facts: []audit.Fact{pc("RECEPTION-01", lock(1800)), pc("GP-ROOM1", lock(0)), pc("GP-ROOM2", lock(300))},
			status: audit.Fail, reason: "2 of 3 devices have no screen lock within 15 minutes.", subjects: []string{"GP-ROOM1", "RECEPTION-01"}},
		{name: "unknown", params: p, facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "screens lock"},
		{name: "gap", params: p, facts: []audit.Fact{pc("RECEPTION-01", lock(600)), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.screen_lock", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{pc("RECEPTION-01", lock(1800)), pc("GP-ROOM1", lock(0))}), AsOf: asOf, Params: p}
	if got := detailOf(t, "devices.screen_lock", in, "RECEPTION-01"); got != "locks after 30 minutes" {
		t.Errorf("detail = %q", got)
	}
	if got := detailOf(t, "devices.screen_lock", in, "GP-ROOM1"); got != "never locks" {
		t.Errorf("detail = %q", got)
	}
}

func TestInventory(t *testing.T) {
	p := Params{"warn_pct": 10}
	in := func(d *audit.Device) { d.InInventory = yes }
	out := func(d *audit.Device) { d.InInventory = no }
	many := func(missing int) []audit.Fact {
		var fs []audit.Fact
		for i, name := range []string{"GP-ROOM1", "GP-ROOM2", "GP-ROOM3", "GP-ROOM4", "NURSE-01", "PMS-SERVER", "PRINTER-01", "RECEPTION-01", "RECEPTION-02", "RECEPTION-03", "RECEPTION-04"} {
			edit := in
			if i < missing {
				edit = out
			}
			fs = append(fs, pc(name, edit))
		}
		return fs
	}
	cases := []kindCase{
		{name: "all listed", params: p, facts: many(0), status: audit.Pass, reason: "All 11 devices are in the asset register."},
		{name: "one missing, within allowance", params: p, facts: many(1), status: audit.Pass, reason: "1 of 11 devices is missing from the asset register (9.1%), within the 10% allowed."},
		{name: "too many missing", params: p, facts: many(2), status: audit.Warn,
			reason: "2 of 11 devices are missing from the asset register (18.2%), more than the 10% allowed.", subjects: []string{"GP-ROOM1", "GP-ROOM2"}},
		{name: "no register", params: p, facts: []audit.Fact{pc("GP-ROOM1", out), pc("RECEPTION-01", out)},
			status: audit.Fail, reason: "No device found is in the asset register (2 devices checked).", subjects: []string{"GP-ROOM1", "RECEPTION-01"}},
		{name: "not compared", params: p, facts: []audit.Fact{pc("GP-ROOM1", nil)}, status: audit.NotChecked, contains: "asset register"},
		{name: "gap", params: p, facts: []audit.Fact{pc("GP-ROOM1", in), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.inventory", cases)
}

func TestMobileManaged(t *testing.T) {
	phone := func(name string, managed *bool) audit.Fact {
		return deviceFact(audit.Device{Name: name, Kind: audit.DeviceMobile, OS: "ios", Managed: managed, LastSeen: at("2026-10-30T08:00")})
	}
	cases := []kindCase{
		{name: "managed", facts: []audit.Fact{phone("Anna's iPhone", yes), phone("Reception iPad", yes), pc("RECEPTION-01", nil)},
			status: audit.Pass, reason: "Both phones and tablets are enrolled in device management."},
		{name: "unmanaged", facts: []audit.Fact{phone("Anna's iPhone", yes), phone("Ben's Galaxy", no)},
			status: audit.Fail, reason: "1 of 2 phones and tablets is not enrolled in device management.", subjects: []string{"Ben's Galaxy"}},
		{name: "no phones in exports", facts: []audit.Fact{pc("RECEPTION-01", nil)}, status: audit.NotChecked, contains: "ask the practice"},
		{name: "gap", facts: []audit.Fact{phone("Anna's iPhone", yes), devicesGap}, status: audit.NotChecked},
	}
	runKind(t, "devices.mobile_managed", cases)
}
