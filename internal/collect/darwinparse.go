package collect

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Parsers of macOS command output and property lists. Like the Windows
// ones, they take text and run anywhere.

// macRelease is what sw_vers prints.
type macRelease struct {
	Name    string `json:"name"`    // macOS
	Version string `json:"version"` // 14.5
	Build   string `json:"build"`   // 23F79
}

// parseSwVers reads "ProductName:\tmacOS" lines.
func parseSwVers(data string) macRelease {
	var r macRelease
	for _, line := range strings.Split(data, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "ProductName":
			r.Name = v
		case "ProductVersion":
			r.Version = v
		case "BuildVersion":
			r.Build = v
		}
	}
	return r
}

// macOSUpdate reports whether an installed item is an operating-system
// update: macOS itself, a security update or a rapid or background
// security response. XProtect, MRT and Gatekeeper data files update by
// themselves every few days and say nothing about OS patching.
func macOSUpdate(name string) bool {
	n := strings.ToLower(name)
	for _, p := range []string{"macos", "mac os x", "os x", "security update", "rapid security response", "background security improvement"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// newestMacOSInstall reads /Library/Receipts/InstallHistory.plist, an
// array of {date, displayName, displayVersion, processName}, and returns
// the newest OS update it lists.
func newestMacOSInstall(v plistValue) (time.Time, string) {
	var best time.Time
	var name string
	for _, item := range v.Array {
		n := item.str("displayName")
		if !macOSUpdate(n) {
			continue
		}
		t, err := time.Parse(time.RFC3339, item.str("date"))
		if err == nil && t.After(best) {
			best, name = t, n
			if v := item.str("displayVersion"); v != "" && !strings.Contains(n, v) {
				name += " " + v
			}
		}
	}
	return best, name
}

var softwareUpdateRow = regexp.MustCompile(`^(.+?)\s{2,}(\S+)\s{2,}(\d{1,2}/\d{1,2}/\d{4}, \d{1,2}:\d{2}:\d{2})\s*$`)

// newestSoftwareUpdate reads `softwareupdate --history`: a table of
// display name, version and a "MM/DD/YYYY, HH:MM:SS" date. It is the
// fallback for a Mac whose InstallHistory.plist cannot be read, whose
// dates carry a time zone and no doubt about the order of day and month.
func newestSoftwareUpdate(data string, zone *time.Location) (time.Time, string) {
	var best time.Time
	var name string
	for _, line := range strings.Split(data, "\n") {
		m := softwareUpdateRow.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil || !macOSUpdate(m[1]) {
			continue
		}
		t, err := time.ParseInLocation("01/02/2006, 15:04:05", m[3], zone)
		if err == nil && t.After(best) {
			best, name = t, strings.TrimSpace(m[1])
		}
	}
	return best, name
}

// fileVault reads `fdesetup status`. Encryption under way counts as not
// encrypted yet; decryption under way as no longer encrypted.
func fileVault(data string) (on, known bool) {
	d := strings.ToLower(data)
	switch {
	case strings.Contains(d, "encryption in progress"), strings.Contains(d, "decryption in progress"):
		return false, true
	case strings.Contains(d, "filevault is on"):
		return true, true
	case strings.Contains(d, "filevault is off"):
		return false, true
	}
	return false, false
}

var socketFilterState = regexp.MustCompile(`State = (\d)`)

// appFirewall reads `socketfilterfw --getglobalstate`: "Firewall is
// enabled. (State = 1)"; state 2 blocks all incoming connections.
func appFirewall(data string) (on, known bool) {
	if m := socketFilterState.FindStringSubmatch(data); m != nil {
		return m[1] != "0", true
	}
	d := strings.ToLower(data)
	switch {
	case strings.Contains(d, "enabled"):
		return true, true
	case strings.Contains(d, "disabled"):
		return false, true
	}
	return false, false
}

var screenLockDelay = regexp.MustCompile(`screenLock delay is (\d+) seconds`)

// sysadminScreenLock reads `sysadminctl -screenLock status`, which prints
// to standard error: "screenLock delay is immediate", "screenLock delay
// is 300 seconds" or "screenLock is off".
func sysadminScreenLock(data string) (on bool, delay int, known bool) {
	switch {
	case strings.Contains(data, "screenLock is off"):
		return false, 0, true
	case strings.Contains(data, "screenLock delay is immediate"):
		return true, 0, true
	}
	if m := screenLockDelay.FindStringSubmatch(data); m != nil {
		n, err := strconv.Atoi(m[1])
		return true, n, err == nil
	}
	return false, 0, false
}

// pmsetValue reads one setting of `pmset -g` ("displaysleep 10").
func pmsetValue(data, name string) (int, bool) {
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == name {
			n, err := strconv.Atoi(f[1])
			return n, err == nil
		}
	}
	return 0, false
}

// pmsetBattery reads `pmset -g batt`: a Mac laptop lists InternalBattery.
func pmsetBattery(data string) bool { return strings.Contains(data, "InternalBattery") }

// macLockSeconds: the screen locks when the screen saver starts or the
// display sleeps (whichever comes first; 0 means never), plus the
// screen-lock delay. With the lock off, or neither ever happening, it
// never locks.
func macLockSeconds(lockOn bool, delay, saverSecs, displaySleepMins int) int {
	if !lockOn {
		return 0
	}
	first := 0
	for _, v := range []int{saverSecs, displaySleepMins * 60} {
		if v > 0 && (first == 0 || v < first) {
			first = v
		}
	}
	if first == 0 {
		return 0
	}
	return first + delay
}

// dsclMembers reads `dscl . -read /Groups/admin GroupMembership`.
func dsclMembers(data string) ([]string, bool) {
	for _, line := range strings.Split(data, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "GroupMembership:"); ok {
			return strings.Fields(rest), true
		}
	}
	return nil, false
}

// macApp is one application bundle's Info.plist.
type macApp struct {
	Name     string `json:"name"`
	Version  string `json:"version,omitempty"`
	BundleID string `json:"bundle_id,omitempty"`
}

// parseInfoPlist reads the name and version of an application bundle.
// The name is the one Finder shows (the bundle's folder name, passed in),
// unless the plist gives a display name.
func parseInfoPlist(v plistValue, folder string) macApp {
	a := macApp{Name: strings.TrimSuffix(folder, ".app"), BundleID: v.str("CFBundleIdentifier")}
	if n := strings.TrimSpace(v.str("CFBundleDisplayName")); n != "" {
		a.Name = n
	}
	a.Version = strings.TrimSpace(v.str("CFBundleShortVersionString"))
	if a.Version == "" {
		a.Version = strings.TrimSpace(v.str("CFBundleVersion"))
	}
	return a
}
