package check

import (
	"fmt"
	"sort"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Device kinds about who can get into a machine and whether the practice
// knows and manages it. Registration and grouping are in devices.go.

// ---- devices.local_admins

func localAdmins(in Input) Outcome {
	allowed, err := compileAll(in.Params.Strings("allowed", nil))
	if err != nil {
		return notChecked(err.Error())
	}
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		// An empty list means "not collected": every machine has at least
		// the built-in Administrator.
		f, ok := d.field(func(x *audit.Device) bool { return len(x.LocalAdmins) > 0 })
		if !ok {
			return deviceVerdict{}, false
		}
		var everyday []string
		for _, m := range f.Device.LocalAdmins {
			if firstMatch(allowed, m) == nil {
				everyday = append(everyday, m)
			}
		}
		if len(everyday) == 0 {
			return deviceVerdict{status: audit.Pass}, true
		}
		sort.Strings(everyday)
		return deviceVerdict{audit.Fail, "everyday " + words.Pick(len(everyday), "account", "accounts") + " in local Administrators: " + strings.Join(everyday, ", "), f}, true
	})
	return t.outcome(devicesHave, "%s everyday accounts in the local Administrators group.", "",
		"%s only admin accounts in the local Administrators group.",
		"The device exports do not list the members of each device's local Administrators group.")
}

// ---- devices.laps

func laps(in Input) Outcome {
	minPct := in.Params.Number("min_pct", 90)
	with := 0
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		if !d.isWindows() {
			return deviceVerdict{}, false
		}
		f, ok := d.field(func(x *audit.Device) bool { return x.LAPS != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		if *f.Device.LAPS {
			with++
			return deviceVerdict{status: audit.Pass}, true
		}
		// Recorded as a warn so the tally keeps it as a subject; the
		// verdict itself comes from the share below.
		return deviceVerdict{audit.Warn, "no managed local administrator password (LAPS)", f}, true
	})
	if t.total == 0 {
		return notChecked(noDevices)
	}
	if t.judged == 0 {
		return notChecked("The device exports do not say which Windows devices have LAPS.")
	}
	got := share(with, t.judged)
	subject := fmt.Sprintf("%d of %s (%s)", with, words.Count(t.judged, "Windows device", "Windows devices"), pct(got))
	var out Outcome
	if got < minPct {
		out = decided(audit.Fail, fmt.Sprintf("Only %s %s managed local administrator passwords (LAPS); the target is %s.", subject, words.Pick(with, "has", "have"), pct(minPct)), t.subjects)
	} else {
		out = decided(audit.Pass, fmt.Sprintf("%s %s managed local administrator passwords (LAPS), meeting the %s target.", capitalise(subject), words.Pick(with, "has", "have"), pct(minPct)), nil)
	}
	return t.withIgnored(out)
}

// ---- devices.screen_lock

func screenLock(in Input) Outcome {
	limit := in.Params.Int("max_seconds", 900)
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		f, ok := d.field(func(x *audit.Device) bool { return x.ScreenLockSeconds != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		s := *f.Device.ScreenLockSeconds
		switch {
		case s == 0:
			return deviceVerdict{audit.Fail, "never locks", f}, true
		case s > limit:
			return deviceVerdict{audit.Fail, "locks after " + duration(s), f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	return t.outcome(devicesHave,
		"%s no screen lock within "+duration(limit)+".", "", "%s a screen lock within "+duration(limit)+".",
		"The device exports do not say when screens lock.")
}

// duration renders seconds the way an owner would say them.
func duration(s int) string {
	if s%60 == 0 {
		return words.Count(s/60, "minute", "minutes")
	}
	return words.Count(s, "second", "seconds")
}

// ---- devices.inventory

func inventory(in Input) Outcome {
	warnPct := in.Params.Number("warn_pct", 10)
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		f, ok := d.field(func(x *audit.Device) bool { return x.InInventory != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		if !*f.Device.InInventory {
			return deviceVerdict{audit.Warn, "not in the asset register", f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	if t.total == 0 {
		return notChecked(noDevices)
	}
	if t.judged == 0 {
		return notChecked("No asset register was compared with the devices found; add the practice's asset register.")
	}
	missing := t.warns
	var out Outcome
	switch {
	case missing == t.judged:
		out = decided(audit.Fail, "No device found is in the asset register"+checked(t.judged, "device", "devices")+".", t.subjects)
	case share(missing, t.judged) > warnPct:
		out = decided(audit.Warn, fmt.Sprintf("%s missing from the asset register (%s), more than the %s allowed.", devicesAre.of(missing, t.judged), pct(share(missing, t.judged)), pct(warnPct)), t.subjects)
	case missing > 0:
		out = decided(audit.Pass, fmt.Sprintf("%s missing from the asset register (%s), within the %s allowed.", devicesAre.of(missing, t.judged), pct(share(missing, t.judged)), pct(warnPct)), nil)
	default:
		out = decided(audit.Pass, fmt.Sprintf("%s in the asset register.", devicesAre.every(t.judged)), nil)
	}
	return t.withIgnored(out)
}

// ---- devices.mobile_managed

func mobileManaged(in Input) Outcome {
	t := judgeDevices(in, func(d device) (deviceVerdict, bool) {
		if d.kind() != audit.DeviceMobile {
			return deviceVerdict{}, false
		}
		f, ok := d.field(func(x *audit.Device) bool { return x.Managed != nil })
		if !ok {
			return deviceVerdict{}, false
		}
		if !*f.Device.Managed {
			return deviceVerdict{audit.Fail, "not enrolled in device management", f}, true
		}
		return deviceVerdict{status: audit.Pass}, true
	})
	// Unmanaged phones rarely show up in device exports at all, so finding
	// none proves nothing.
	return t.outcome(nouns{"phone or tablet", "phones and tablets", "is", "are"},
		"%s not enrolled in device management.", "", "%s enrolled in device management.",
		"No phones or tablets appear in the device exports; unmanaged phones do not show up there, so ask the practice.")
}
