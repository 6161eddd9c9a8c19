package refdata

import (
	"strings"
	"testing"
)

func TestOSSupport(t *testing.T) {
	tests := []struct {
		name, version, build string
		cycle, eol           string // eol "" means none announced
	}{
		// Windows 10 22H2 ended its free security updates on 2025-10-14.
		{"Windows 10 Pro", "10.0.19045", "10.0.19045.5011", "10-22h2", "2025-10-14"},
		{"Windows 10 Pro", "", "19045.5011", "10-22h2", "2025-10-14"},
		{"Windows 10 Enterprise", "10.0.19045", "", "10-22h2", "2025-10-14"},
		{"Windows 10 Pro", "22H2", "", "10-22h2", "2025-10-14"},
		// Windows 11 25H2: Home/Pro 24 months, Enterprise/Education 36.
		{"Windows 11 Pro", "10.0.26200", "10.0.26200.6584", "11-25h2-w", "2027-10-12"},
		{"Windows 11 Home", "", "26200", "11-25h2-w", "2027-10-12"},
		{"Windows 11 Pro Education", "10.0.26200", "", "11-25h2-w", "2027-10-12"},
		{"Windows 11 Enterprise", "10.0.26200", "", "11-25h2-e", "2028-10-10"},
		{"Windows 11 Education", "10.0.26200", "", "11-25h2-e", "2028-10-10"},
		// The registry still says "Windows 10" on Windows 11: the build wins.
		{"Windows 10 Pro", "10.0.22631", "", "11-23h2-w", "2025-11-11"},
		{"Windows 11 Pro", "10.0.26100.4349", "", "11-24h2-w", "2026-10-13"},
		{"Windows 11 Enterprise LTSC 2024", "10.0.26100", "", "11-24h2-e-lts", "2029-10-09"},
		{"Windows 11 IoT Enterprise LTSC 2024", "10.0.26100", "", "11-24h2-iot-lts", "2034-10-10"},
		{"Windows 10 Enterprise LTSC 2019", "10.0.17763", "", "10-1809-e-lts", "2029-01-09"},
		{"Windows 10 Enterprise 2016 LTSB", "10.0.14393", "", "10-1607-e-lts", "2026-10-13"},
		{"Windows 10 Pro", "10.0.18363", "", "10-1909-w", "2021-05-11"},
		{"Windows 7 Professional", "6.1.7601", "", "7-sp1", "2020-01-14"},
		{"Windows 7 Professional", "", "7600", "7-sp1", "2020-01-14"},
		{"Windows 8.1 Pro", "6.3.9600", "", "8.1", "2023-01-10"},
		{"Microsoft Windows XP Professional", "5.1.2600", "", "5-sp3", "2014-04-08"},
		// Servers.
		{"Microsoft Windows Server 2016 Standard", "10.0.14393", "", "2016", "2027-01-12"},
		{"Windows Server 2016 Datacenter", "", "", "2016", "2027-01-12"},
		{"Windows Server 2019 Standard", "10.0.17763.5820", "", "2019", "2029-01-09"},
		{"Windows Server 2022 Standard", "10.0.20348", "", "2022", "2031-10-14"},
		{"Windows Server 2025 Standard", "10.0.26100", "", "2025", "2034-11-14"},
		{"Windows Server 2012 R2 Standard", "6.3.9600", "", "2012-r2", "2023-10-10"},
		{"Windows Server 2012 R2 Datacenter", "", "", "2012-r2", "2023-10-10"},
		{"Windows Server 2012 Standard", "6.2.9200", "", "2012", "2023-10-10"},
		{"Windows Server 2008 R2 Standard", "6.1.7601", "", "2008-r2-sp1", "2020-01-14"},
		{"Windows Server, version 1809", "10.0.17763", "", "1809-sac", "2020-11-10"},
		{"windows", "10.0.20348.2527", "", "2022", "2031-10-14"}, // only a server has this build
		// macOS and mobiles: still-supported releases have no end date yet.
		{"macOS", "14.5", "23F79", "14", ""},
		{"macOS", "", "23F79", "14", ""},
		{"macOS Sonoma", "", "", "14", ""},
		{"Mac OS X", "10.15.7", "19H2026", "10.15", "2026-02-02"},
		{"macOS", "13.6.1", "", "13", "2025-09-15"},
		{"macOS", "12.7.6", "", "12", "2024-09-16"},
		{"iOS", "17.5.1", "", "17", "2025-05-13"},
		{"iPadOS", "16.7.8", "", "16", ""},
		{"Android", "12", "", "12", "2025-03-03"},
		{"Android", "12.1", "", "12.1", "2025-03-03"},
		{"Ubuntu 22.04.3 LTS", "", "", "22.04", "2027-04-01"},
		{"Debian GNU/Linux", "12", "", "12", "2026-07-11"},
		{"VMware ESXi", "7.0.3", "", "7.0", "2025-10-02"},
		{"FortiOS", "7.2.8", "", "7.2", "2026-09-30"},
	}
	for _, tt := range tests {
		cycle, eol, ok := OSSupport(tt.name, tt.version, tt.build)
		got := ""
		if !eol.IsZero() {
			got = eol.String()
		}
		if !ok || cycle != tt.cycle || got != tt.eol {
			t.Errorf("OSSupport(%q, %q, %q) = %q, %q, %v; want %q, %q", tt.name, tt.version, tt.build, cycle, got, ok, tt.cycle, tt.eol)
		}
	}
}

func TestOSSupportUnknown(t *testing.T) {
	for _, c := range [][3]string{
		{"", "", ""},
		{"Windows 10 Pro", "", ""},           // no build, no display version
		{"Windows", "22H2", ""},              // 22H2 exists for 10 and 11
		{"Windows 10 Pro", "10.0.99999", ""}, // a build the data does not know
		{"Solaris", "11.4", ""},
		{"Linux", "6.1", ""},
		{"macOS", "99.1", ""},
	} {
		if cycle, eol, ok := OSSupport(c[0], c[1], c[2]); ok {
			t.Errorf("OSSupport(%q, %q, %q) = %q, %s, true; want no match", c[0], c[1], c[2], cycle, eol)
		}
	}
}

// TestWindowsBuildsAgainstData checks the build-to-release table Triage
// documents against the data's own "latest" builds.
func TestWindowsBuildsAgainstData(t *testing.T) {
	client := map[string]string{
		"10240": "10-1507", "10586": "10-1511", "14393": "10-1607", "15063": "10-1703",
		"16299": "10-1709", "17134": "10-1803", "17763": "10-1809", "18362": "10-1903",
		"18363": "10-1909", "19041": "10-2004", "19042": "10-20h2", "19043": "10-21h1",
		"19044": "10-21h2", "19045": "10-22h2", "22000": "11-21h2", "22621": "11-22h2",
		"22631": "11-23h2", "26100": "11-24h2", "26200": "11-25h2",
	}
	for build, want := range client {
		cycle, _, ok := OSSupport("Windows 10 Pro", "10.0."+build, "")
		if !ok || !strings.HasPrefix(cycle, want) {
			t.Errorf("build %s: cycle %q, want %s", build, cycle, want)
		}
	}
	server := map[string]string{
		"10.0.14393": "2016", "10.0.17763": "2019", "10.0.20348": "2022", "10.0.26100": "2025",
		"6.3.9600": "2012-r2", "6.2.9200": "2012",
	}
	for build, want := range server {
		cycle, _, ok := OSSupport("Windows Server Standard", build, "")
		if !ok || cycle != want {
			t.Errorf("server build %s: cycle %q, want %s", build, cycle, want)
		}
	}
}

func TestOSMatchDetails(t *testing.T) {
	d := defaultData()
	m, ok := d.OS("Windows 10 Pro", "10.0.19045", "")
	if !ok || m.Name != "Microsoft Windows 10 22H2" || m.ESU == nil || m.ESU.String() != "2028-10-10" {
		t.Errorf("Windows 10 22H2: %+v", m)
	}
	m, ok = d.OS("Windows Server 2016 Standard", "10.0.14393", "")
	if !ok || m.Name != "Windows Server 2016" || m.EOAS == nil || m.EOAS.String() != "2022-01-11" {
		t.Errorf("Server 2016: %+v", m)
	}
}

func FuzzOSSupport(f *testing.F) {
	f.Add("Windows 10 Pro", "10.0.19045", "10.0.19045.5011")
	f.Add("Windows Server 2012 R2", "", "")
	f.Add("macOS", "", "23F79")
	f.Add("Ubuntu 22.04.3 LTS", "", "")
	f.Add("windows", "22H2", "999999999999999999999")
	f.Fuzz(func(t *testing.T, name, version, build string) {
		cycle, _, ok := OSSupport(name, version, build)
		if ok && cycle == "" {
			t.Errorf("OSSupport(%q, %q, %q): ok with an empty cycle", name, version, build)
		}
	})
}
