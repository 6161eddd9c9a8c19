package refdata

import (
	"regexp"
	"strconv"
	"strings"
)

// Windows releases are matched by build number, which every inventory
// reports and which identifies the feature update: 10.0.19045 is Windows 10
// 22H2, 10.0.26100 is Windows 11 24H2 or Server 2025. The data's "latest"
// field of each cycle carries that build, so the mapping comes from the
// data, not from a table here. Before Windows 10 the kernel version alone
// (6.1, 6.3) identifies the release.

// winVersion is a Windows version as far as it can be read.
type winVersion struct {
	major, minor, build int    // 0 when unknown
	feature             string // display version: "22h2", "1909"
}

var (
	fullBuildRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)
	bareBuildRE = regexp.MustCompile(`^(\d{4,5})(?:\.\d+)?$`)
	featureRE   = regexp.MustCompile(`(?i)\b(\d\dh[12]|1[5-9](?:0[1-9]|1[0-2])|200[1-9])\b`)
)

// ntOfBuild gives the kernel version of builds before Windows 10, for
// inventories that report only the build number.
var ntOfBuild = map[int][2]int{
	2195: {5, 0}, 2600: {5, 1}, 3790: {5, 2},
	6000: {6, 0}, 6001: {6, 0}, 6002: {6, 0}, 6003: {6, 0},
	7600: {6, 1}, 7601: {6, 1}, 9200: {6, 2}, 9600: {6, 3},
}

func parseWinVersion(name, version, build string) winVersion {
	var w winVersion
	for _, s := range []string{strings.TrimSpace(build), strings.TrimSpace(version)} {
		if m := fullBuildRE.FindStringSubmatch(s); m != nil {
			w.major, _ = strconv.Atoi(m[1])
			w.minor, _ = strconv.Atoi(m[2])
			w.build, _ = strconv.Atoi(m[3])
			break
		}
		if m := bareBuildRE.FindStringSubmatch(s); m != nil {
			b, _ := strconv.Atoi(m[1])
			if nt, ok := ntOfBuild[b]; ok {
				w.major, w.minor, w.build = nt[0], nt[1], b
				break
			}
			if b >= 10240 {
				w.major, w.minor, w.build = 10, 0, b
				break
			}
		}
	}
	for _, s := range []string{version, build, name} {
		if m := featureRE.FindStringSubmatch(s); m != nil {
			w.feature = strings.ToLower(m[1])
			break
		}
	}
	return w
}

// edition is the servicing track the name implies.
type edition int

const (
	editionW   edition = iota // Home, Pro, Pro Education, Pro for Workstations
	editionE                  // Enterprise, Education, IoT Enterprise
	editionLTS                // Enterprise LTSC/LTSB
	editionIoTLTS
)

// windowsEdition reads the edition. An unnamed edition counts as Home/Pro,
// the shorter-lived track: a practice PC is almost always Pro, and when it
// is not, the earlier date errs towards replacing too soon rather than too
// late.
func windowsEdition(name string) edition {
	switch {
	case strings.Contains(name, "ltsc") || strings.Contains(name, "ltsb"):
		if strings.Contains(name, "iot") {
			return editionIoTLTS
		}
		return editionLTS
	case strings.Contains(name, "pro education"):
		return editionW
	case strings.Contains(name, "enterprise") || strings.Contains(name, "education"):
		return editionE
	}
	return editionW
}

// windows matches a client or server release.
func (d *Data) windows(name, version, build string) (*product, *cycle) {
	w := parseWinVersion(name, version, build)
	client, server := d.products["windows"], d.products["windows-server"]
	isServer := strings.Contains(name, "server")
	if isServer {
		return server, d.windowsServer(server, name, w)
	}
	if c := d.windowsClient(client, name, w); c != nil {
		return client, c
	}
	// A bare "windows" with a server-only build (20348 is Server 2022).
	if !mentionsClient(name) {
		if c := d.windowsServer(server, name, w); c != nil {
			return server, c
		}
	}
	return nil, nil
}

var clientNameRE = regexp.MustCompile(`windows (?:xp|vista|7|8|8\.1|10|11)\b|\b(?:home|pro|professional|enterprise|education)\b`)

func mentionsClient(name string) bool { return clientNameRE.MatchString(name) }

// sameRelease lists the cycles whose latest version is the same release as
// w: the same build from Windows 10 on, the same kernel version before.
func sameRelease(p *product, w winVersion) []*cycle {
	var out []*cycle
	if p == nil || w.major == 0 {
		return out
	}
	for _, c := range p.cycles {
		l := c.latest
		if len(l) < 3 || l[0] != w.major || l[1] != w.minor {
			continue
		}
		if w.major >= 10 && l[2] != w.build {
			continue
		}
		out = append(out, c)
	}
	return out
}

func (d *Data) windowsClient(p *product, name string, w winVersion) *cycle {
	if p == nil {
		return nil
	}
	cands := sameRelease(p, w)
	if len(cands) == 0 && w.feature != "" {
		cands = byFeature(p, name, w.feature)
	}
	if len(cands) == 0 {
		return nil
	}
	return pickEdition(cands, windowsEdition(name))
}

// byFeature finds client cycles by display version ("22H2") when no build
// is known; the name must say 10 or 11, since both had a 22H2.
func byFeature(p *product, name, feature string) []*cycle {
	gen := ""
	switch {
	case strings.Contains(name, "windows 11"):
		gen = "11"
	case strings.Contains(name, "windows 10"):
		gen = "10"
	default:
		return nil
	}
	var out []*cycle
	for _, c := range p.cycles {
		parts := strings.Split(c.ID, "-")
		if len(parts) >= 2 && parts[0] == gen && parts[1] == feature {
			out = append(out, c)
		}
	}
	return out
}

// pickEdition chooses among the cycles of one release by the suffix
// endoflife.date gives each servicing track: -w (Home/Pro), -e
// (Enterprise/Education), -e-lts (LTSC), -iot-lts; no suffix when the
// tracks share dates.
func pickEdition(cands []*cycle, e edition) *cycle {
	var prefs []string
	switch e {
	case editionIoTLTS:
		prefs = []string{"-iot-lts", "-e-lts", "-e", ""}
	case editionLTS:
		prefs = []string{"-e-lts", "-e", ""}
	case editionE:
		prefs = []string{"-e", ""}
	default:
		prefs = []string{"-w", ""}
	}
	for _, suffix := range prefs {
		for _, c := range cands {
			if winSuffix(c.ID) == suffix {
				return c
			}
		}
	}
	return nil
}

// winSuffix returns a Windows cycle id's track suffix: "11-24h2-e-lts" ->
// "-e-lts", "10-22h2" -> "", "7-sp1" -> "".
func winSuffix(id string) string {
	parts := strings.SplitN(id, "-", 3)
	if len(parts) < 3 {
		return ""
	}
	return "-" + parts[2]
}

var serverYearRE = regexp.MustCompile(`server (\d{4})(?: (r2))?`)

// windowsServer picks the server release. The year in the name decides
// between cycles sharing a build (17763 is both 2019 and 1809 SAC);
// otherwise the long-term release wins over the semi-annual one.
func (d *Data) windowsServer(p *product, name string, w winVersion) *cycle {
	if p == nil {
		return nil
	}
	cands := sameRelease(p, w)
	year := ""
	if m := serverYearRE.FindStringSubmatch(name); m != nil {
		year = m[1]
		if m[2] != "" {
			year += "-r2"
		}
	}
	if len(cands) == 0 && year != "" {
		for _, c := range p.cycles {
			if serverYear(c.ID) == year {
				cands = append(cands, c)
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	for _, c := range cands {
		if year != "" && serverYear(c.ID) == year {
			return c
		}
	}
	if w.feature != "" {
		for _, c := range cands {
			if strings.HasPrefix(c.ID, w.feature+"-") {
				return c
			}
		}
	}
	for _, c := range cands {
		if !strings.HasSuffix(c.ID, "-sac") && !strings.HasSuffix(c.ID, "-ac") {
			return c
		}
	}
	return cands[0]
}

// serverYear reads the release a server cycle id names: "2012-r2" and
// "2008-r2-sp1" -> "2012-r2", "2008-r2"; "2003-sp2" -> "2003"; semi-annual
// ids ("1809-sac") name none.
func serverYear(id string) string {
	parts := strings.Split(id, "-")
	if len(parts[0]) != 4 || !strings.HasPrefix(parts[0], "20") || strings.HasSuffix(id, "-sac") || strings.HasSuffix(id, "-ac") {
		return ""
	}
	if len(parts) > 1 && parts[1] == "r2" {
		return parts[0] + "-r2"
	}
	return parts[0]
}
