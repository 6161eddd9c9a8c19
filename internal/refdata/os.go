package refdata

import (
	"regexp"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/refdata/dataset"
)

// OSMatch is the lifecycle entry an operating system matched.
type OSMatch struct {
	Product string // windows, windows-server, macos, ios, ipados, android, ...
	Cycle   string // the endoflife.date cycle id: "10-22h2", "11-25h2-w", "2016", "14"
	Name    string // for people: "Microsoft Windows 10 22H2", "Windows Server 2016"
	// EOL is the end of security updates (endoflife.date's eol); nil when
	// none is announced. Ended is set when the source says updates ended
	// but gives no date.
	EOL   *audit.Date
	Ended bool
	// EOAS is the end of active support and ESU the end of paid extended
	// security updates, when the source gives them; neither changes EOL.
	EOAS, ESU *audit.Date
}

// OSSupport returns the release cycle of an operating system and the end of
// its security updates, from the embedded data. ok is true when the cycle is
// known; a zero eol with ok means no end date is announced yet.
func OSSupport(osName, version, build string) (cycle string, eol audit.Date, ok bool) {
	return defaultData().OSSupport(osName, version, build)
}

// OSSupport is the package-level OSSupport over d.
func (d *Data) OSSupport(osName, version, build string) (cycle string, eol audit.Date, ok bool) {
	m, ok := d.OS(osName, version, build)
	if !ok {
		return "", audit.Date{}, false
	}
	if m.EOL != nil {
		eol = *m.EOL
	}
	return m.Cycle, eol, true
}

// OS matches an operating system by its name (e.g. "Windows 10 Pro",
// "Microsoft Windows Server 2019 Standard", "macOS", or just "windows"),
// version ("10.0.19045", "22H2", "14.5") and build ("10.0.19045.5011",
// "19045", "23F79"). The build decides over the name where both speak:
// Windows 11 still calls itself "Windows 10" in the registry.
func (d *Data) OS(osName, version, build string) (OSMatch, bool) {
	name := strings.ToLower(strings.TrimSpace(osName))
	var p *product
	var c *cycle
	switch family := osFamily(name); family {
	case "windows":
		p, c = d.windows(name, version, build)
	case "macos":
		p = d.products["macos"]
		c = d.macOS(p, name, version, build)
	case "":
		return OSMatch{}, false
	default:
		p = d.products[family]
		c = d.versioned(p, name, version)
	}
	if p == nil || c == nil {
		return OSMatch{}, false
	}
	m := OSMatch{Product: p.ID, Cycle: c.ID, Name: p.displayName(c), EOL: c.eol, Ended: c.Ended && c.eol == nil}
	if t, err := audit.ParseDate(c.EOAS); err == nil {
		m.EOAS = &t
	}
	if t, err := audit.ParseDate(c.EOES); err == nil {
		m.ESU = &t
	}
	return m, true
}

var wordRE = regexp.MustCompile(`[a-z0-9]+`)

// osFamily tells the lifecycle product from the OS name's words.
func osFamily(name string) string {
	words := map[string]bool{}
	for _, w := range wordRE.FindAllString(name, -1) {
		words[w] = true
	}
	switch {
	case words["windows"]:
		return "windows"
	case words["macos"] || words["osx"] || words["darwin"] || strings.Contains(name, "mac os") || strings.Contains(name, "os x"):
		return "macos"
	case words["ipados"]:
		return "ipados"
	case words["ios"] || strings.Contains(name, "iphone os"):
		return "ios"
	case words["android"]:
		return "android"
	case words["ubuntu"]:
		return "ubuntu"
	case words["debian"]:
		return "debian"
	case words["esxi"]:
		return "vmware-esxi"
	case words["fortios"] || words["fortigate"]:
		return "fortios"
	}
	return ""
}

// versioned matches an OS whose cycles are version numbers (iOS 17,
// Android 12.1, Ubuntu 22.04, ESXi 7.0). Without a version column it reads
// the first version in the name ("Ubuntu 22.04.3 LTS").
func (d *Data) versioned(p *product, name, version string) *cycle {
	if p == nil {
		return nil
	}
	v := dataset.VersionNumbers(version)
	if len(v) == 0 {
		v = dataset.VersionNumbers(name)
	}
	if len(v) == 0 {
		return nil
	}
	return p.resolve(v)
}

// macOS matches by version ("14.5", "10.15.7"), else by codename in the
// name ("macOS Sonoma"), else by Darwin build ("23F79": Darwin 23 is
// macOS 14, Darwin 19 is 10.15).
func (d *Data) macOS(p *product, name, version, build string) *cycle {
	if p == nil {
		return nil
	}
	if v := dataset.VersionNumbers(version); len(v) > 0 {
		return p.resolve(v)
	}
	for _, c := range p.cycles {
		if c.Codename != "" && strings.Contains(name, strings.ToLower(c.Codename)) {
			return c
		}
	}
	if m := darwinBuildRE.FindStringSubmatch(strings.TrimSpace(build)); m != nil {
		darwin, _ := strconv.Atoi(m[1])
		switch {
		case darwin >= 20:
			return p.resolve([]int{darwin - 9})
		case darwin >= 5:
			return p.resolve([]int{10, darwin - 4})
		}
	}
	return p.resolve(dataset.VersionNumbers(name))
}

var darwinBuildRE = regexp.MustCompile(`^(\d{1,2})[A-Z]\d+[a-z]?$`)
