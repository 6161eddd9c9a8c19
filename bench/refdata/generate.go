package main

import (
	"fmt"
	"math/rand/v2"

	"triage/internal/audit"
)

// The inventory generator. Names, publishers and version shapes follow what
// Windows Add/Remove Programs and osquery's programs table list on practice
// PCs and servers: a common core (runtimes, browsers, Office), a long tail
// of drivers and vendor tools, per-device ids (ScreenConnect) and patch
// levels that differ from PC to PC, so the memo in Enrich sees many
// distinct rows as it would in real exports.

type program struct {
	name, publisher string
	version         func(r *rand.Rand) string
	weight          int // chance in 100 that a device has it
}

func fixed(v string) func(*rand.Rand) string { return func(*rand.Rand) string { return v } }

// spread returns versions major.minor.build.patch with the major drawn from
// majors and the rest varying, as auto-updating programs do across a fleet.
func spread(majors []int, minor string, build, patch int) func(*rand.Rand) string {
	return func(r *rand.Rand) string {
		return fmt.Sprintf("%d.%s.%d.%d", majors[r.IntN(len(majors))], minor, build+r.IntN(400), r.IntN(patch))
	}
}

var catalogue = []program{
	{"Google Chrome", "Google LLC", spread([]int{126, 131, 138, 139, 140}, "0", 6400, 200), 85},
	{"Microsoft Edge", "Microsoft Corporation", spread([]int{126, 138, 139}, "0", 2500, 150), 97},
	{"Microsoft Edge WebView2 Runtime", "Microsoft Corporation", spread([]int{138, 139}, "0", 3300, 100), 95},
	{"Microsoft Edge Update", "Microsoft Corporation", fixed("1.3.195.61"), 90},
	{"Mozilla Firefox (x64 en-US)", "Mozilla", func(r *rand.Rand) string { return fmt.Sprintf("%d.0.%d", 128+r.IntN(15), r.IntN(4)) }, 25},
	{"Mozilla Maintenance Service", "Mozilla", fixed("128.0.3"), 25},
	{"Microsoft 365 Apps for business - en-us", "Microsoft Corporation", spread([]int{16}, "0", 17928, 200), 45},
	{"Microsoft Office Professional Plus 2016", "Microsoft Corporation", fixed("16.0.4266.1001"), 20},
	{"Microsoft Office Home and Business 2019 - en-us", "Microsoft Corporation", spread([]int{16}, "0", 10410, 50), 10},
	{"Microsoft Office Standard 2013", "Microsoft Corporation", fixed("15.0.4569.1506"), 5},
	{"Microsoft Office Proofing Tools 2016 - English", "Microsoft Corporation", fixed("16.0.4266.1001"), 18},
	{"Microsoft Office Shared 64-bit MUI (English) 2016", "Microsoft Corporation", fixed("16.0.4266.1001"), 18},
	{"Adobe Acrobat Reader DC MUI", "Adobe Systems Incorporated", func(r *rand.Rand) string {
		return fmt.Sprintf("2%d.00%d.2%04d", 3+r.IntN(3), 1+r.IntN(8), r.IntN(9999))
	}, 70},
	{"Adobe Acrobat (64-bit)", "Adobe", func(r *rand.Rand) string { return fmt.Sprintf("24.00%d.2%04d", 1+r.IntN(4), r.IntN(9999)) }, 10},
	{"Adobe Reader XI (11.0.23)", "Adobe Systems Incorporated", fixed("11.0.23"), 3},
	{"Adobe Refresh Manager", "Adobe Systems Incorporated", fixed("1.8.0"), 60},
	{"Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "Microsoft Corporation", fixed("14.36.32532.0"), 95},
	{"Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.36.32532", "Microsoft Corporation", fixed("14.36.32532.0"), 90},
	{"Microsoft Visual C++ 2013 Redistributable (x86) - 12.0.40664", "Microsoft Corporation", fixed("12.0.40664.0"), 70},
	{"Microsoft Visual C++ 2012 Redistributable (x64) - 11.0.61030", "Microsoft Corporation", fixed("11.0.61030.0"), 60},
	{"Microsoft Visual C++ 2010  x86 Redistributable - 10.0.40219", "Microsoft Corporation", fixed("10.0.40219"), 65},
	{"Microsoft Visual C++ 2008 Redistributable - x86 9.0.30729.6161", "Microsoft Corporation", fixed("9.0.30729.6161"), 60},
	{"Microsoft .NET Runtime - 6.0.25 (x64)", "Microsoft Corporation", fixed("48.103.33020"), 40},
	{"Microsoft Windows Desktop Runtime - 8.0.6 (x64)", "Microsoft Corporation", fixed("8.0.6.33720"), 50},
	{"Microsoft .NET Host - 8.0.6 (x64)", "Microsoft Corporation", fixed("64.24.26201"), 50},
	{"Microsoft ASP.NET Core 6.0.25 - Shared Framework (x64)", "Microsoft Corporation", fixed("6.0.25.23574"), 15},
	{"Java 8 Update 401 (64-bit)", "Oracle Corporation", fixed("8.0.4010.10"), 20},
	{"Java 8 Update 251", "Oracle Corporation", fixed("8.0.2510.8"), 8},
	{"Java Auto Updater", "Oracle Corporation", fixed("2.8.401.10"), 20},
	{"Eclipse Temurin JRE with Hotspot 8u392-b08 (x64)", "Eclipse Adoptium", fixed("8.0.392.8"), 5},
	{"Microsoft SQL Server 2014 Management Objects", "Microsoft Corporation", fixed("12.0.2000.8"), 30},
	{"Microsoft SQL Server 2012 Native Client", "Microsoft Corporation", fixed("11.4.7462.6"), 45},
	{"Microsoft ODBC Driver 17 for SQL Server", "Microsoft Corporation", fixed("17.10.5.1"), 40},
	{"Microsoft System CLR Types for SQL Server 2014", "Microsoft Corporation", fixed("12.0.2402.11"), 30},
	{"Microsoft Access database engine 2016 (English)", "Microsoft Corporation", fixed("16.0.5044.1000"), 25},
	{"Bp Premier", "Best Practice Software", func(r *rand.Rand) string { return fmt.Sprintf("1.1%d.%d.%d", r.IntN(4), r.IntN(3), 900+r.IntN(100)) }, 35},
	{"MedicalDirector Clinical", "MedicalDirector", fixed("3.18.2.1"), 15},
	{"MedicalDirector PracSoft", "MedicalDirector", fixed("3.18.2.1"), 15},
	{"Zedmed", "Zedmed", fixed("36.3.0"), 5},
	{"HealthLink SmartForms", "HealthLink Limited", fixed("4.2.1"), 30},
	{"Medical-Objects Download Client", "Medical-Objects", fixed("7.2.0"), 20},
	{"PenCS CAT4", "Pen CS", fixed("4.8.2"), 10},
	{"TeamViewer", "TeamViewer Germany GmbH", func(r *rand.Rand) string { return fmt.Sprintf("15.%d.%d", 40+r.IntN(20), r.IntN(9)) }, 35},
	{"TeamViewer Host", "TeamViewer", fixed("15.54.3"), 8},
	{"AnyDesk", "AnyDesk Software GmbH", func(r *rand.Rand) string { return fmt.Sprintf("ad %d.%d.%d", 7+r.IntN(2), r.IntN(2), r.IntN(15)) }, 15},
	{"Splashtop Streamer", "Splashtop Inc.", fixed("3.6.2.0"), 5},
	{"Chrome Remote Desktop Host", "Google LLC", spread([]int{126}, "0", 6478, 20), 3},
	{"Sophos Endpoint Agent", "Sophos Limited", fixed("2023.2.2.1"), 40},
	{"Sophos Connect", "Sophos Limited", fixed("2.2.90"), 10},
	{"ESET Endpoint Security", "ESET, spol. s r.o.", fixed("11.0.2032.0"), 20},
	{"ESET Management Agent", "ESET, spol. s r.o.", fixed("11.0.2032.0"), 20},
	{"Trend Micro Apex One Security Agent", "Trend Micro Inc.", fixed("14.0.12932"), 10},
	{"Malwarebytes version 4.6.8.311", "Malwarebytes", fixed("4.6.8.311"), 8},
	{"Huntress Agent", "Huntress Labs, Inc.", fixed("0.14.12"), 15},
	{"7-Zip 23.01 (x64)", "Igor Pavlov", fixed("23.01"), 50},
	{"Notepad++ (64-bit x64)", "Notepad++ Team", func(r *rand.Rand) string { return fmt.Sprintf("8.%d.%d", 4+r.IntN(5), r.IntN(9)) }, 20},
	{"VLC media player", "VideoLAN", fixed("3.0.20"), 30},
	{"Zoom Workplace (64-bit)", "Zoom Video Communications, Inc.", fixed("6.1.11.41"), 40},
	{"Microsoft Teams Meeting Add-in for Microsoft Office", "Microsoft", fixed("1.24.14501"), 60},
	{"Microsoft OneDrive", "Microsoft Corporation", spread([]int{24}, "126", 622, 9), 90},
	{"Microsoft Update Health Tools", "Microsoft Corporation", fixed("5.72.0.0"), 85},
	{"Update for Windows 10 for x64-based Systems (KB5001716)", "Microsoft Corporation", fixed("8.94.0.0"), 70},
	{"Microsoft GameInput", "Microsoft Corporation", fixed("10.1.26100.4042"), 30},
	{"Dell SupportAssist", "Dell Inc.", fixed("4.0.3.53563"), 40},
	{"Dell Command | Update for Windows Universal", "Dell Inc.", fixed("5.4.0"), 35},
	{"HP Support Assistant", "HP Inc.", fixed("9.30.15.0"), 20},
	{"Intel(R) Graphics Driver", "Intel Corporation", fixed("31.0.101.4575"), 45},
	{"Realtek High Definition Audio Driver", "Realtek Semiconductor Corp.", fixed("6.0.9239.1"), 55},
	{"Realtek Card Reader", "Realtek Semiconductor Corp.", fixed("10.0.22000.21355"), 30},
	{"Intel(R) Management Engine Components", "Intel Corporation", fixed("2229.4.2.0"), 40},
	{"Brother MFL-Pro Suite MFC-L2710DW", "Brother Industries, Ltd.", fixed("1.0.3.0"), 20},
	{"Canon Office Printer Utility", "Canon Inc.", fixed("1.20.0"), 10},
	{"Citrix Workspace 2309", "Citrix Systems, Inc.", fixed("23.9.1.5"), 10},
	{"Python 3.8.10 (64-bit)", "Python Software Foundation", fixed("3.8.10150.0"), 3},
	{"Python Launcher", "Python Software Foundation", fixed("3.11.7150.0"), 3},
	{"PowerShell 7-x64", "Microsoft Corporation", fixed("7.2.18.0"), 5},
	{"GlobalProtect", "Palo Alto Networks", fixed("6.1.3"), 5},
	{"Veeam Agent for Microsoft Windows", "Veeam Software Group GmbH", fixed("6.1.2.134"), 5},
	{"Microsoft Teams classic", "Microsoft Corporation", fixed("1.7.00.13456"), 20},
	{"Windows PC Health Check", "Microsoft Corporation", fixed("3.7.2204.15001"), 50},
	{"Microsoft Silverlight", "Microsoft Corporation", fixed("5.1.50918.0"), 5},
	{"Mozilla Thunderbird (x64 en-US)", "Mozilla", fixed("115.10.1"), 5},
	{"Foxit PDF Reader", "Foxit Software Inc.", fixed("2024.2.2.25170"), 8},
	{"Google Update Helper", "Google LLC", fixed("1.3.36.372"), 80},
	{"Microsoft Intune Management Extension", "Microsoft Corporation", fixed("1.80.101.0"), 30},
	{"Local Administrator Password Solution", "Microsoft Corporation", fixed("6.2.0.0"), 10},
}

// serverCatalogue is what the practice server adds.
var serverCatalogue = []program{
	{"Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", fixed(""), 40},
	{"SQL Server 2014 Database Engine Services", "Microsoft Corporation", fixed("12.3.6024.0"), 40},
	{"Microsoft SQL Server 2014 Setup (English)", "Microsoft Corporation", fixed("12.3.6024.0"), 40},
	{"Microsoft SQL Server 2019 (64-bit)", "Microsoft Corporation", fixed(""), 40},
	{"Microsoft SQL Server 2012 Express LocalDB ", "Microsoft Corporation", fixed("11.4.7462.6"), 10},
	{"Microsoft SQL Server Management Studio - 18.12.1", "Microsoft Corporation", fixed("15.0.18424.0"), 60},
	{"Veeam Backup & Replication", "Veeam Software Group GmbH", fixed("12.1.2.172"), 30},
	{"Veeam Backup & Replication Console", "Veeam Software Group GmbH", fixed("12.1.2.172"), 30},
	{"Microsoft Exchange Server 2016 Cumulative Update 23", "Microsoft Corporation", fixed("15.1.2507.6"), 5},
	{"ScreenConnect Client", "ScreenConnect Software", fixed("23.9.8.8811"), 40}, // gets a per-device id
}

type osRelease struct{ name, version, build string }

var workstations = []osRelease{
	{"Windows 10 Pro", "10.0.19045", "10.0.19045.%d"},
	{"Windows 10 Pro", "10.0.19044", "10.0.19044.%d"},
	{"Windows 11 Pro", "10.0.22631", "10.0.22631.%d"},
	{"Windows 11 Pro", "10.0.26100", "10.0.26100.%d"},
	{"Windows 11 Pro", "10.0.26200", "10.0.26200.%d"},
	{"Windows 10 Enterprise LTSC 2019", "10.0.17763", "10.0.17763.%d"},
	{"Windows 7 Professional", "6.1.7601", "6.1.7601.%d"},
	{"macOS", "14.6.1", "23G93"},
}

var servers = []osRelease{
	{"Microsoft Windows Server 2016 Standard", "10.0.14393", "10.0.14393.%d"},
	{"Microsoft Windows Server 2019 Standard", "10.0.17763", "10.0.17763.%d"},
	{"Microsoft Windows Server 2022 Standard", "10.0.20348", "10.0.20348.%d"},
	{"Windows Server 2012 R2 Standard", "6.3.9600", "6.3.9600.%d"},
}

// generate returns one device fact and programs software facts per device.
// One device in ten is a server, with the server programs first.
func generate(r *rand.Rand, devices, programs int) []audit.Fact {
	facts := make([]audit.Fact, 0, devices*(programs+1))
	for i := range devices {
		name := fmt.Sprintf("PRAC%03d-PC%02d", i/10, i%10)
		kind, rel, pool := audit.DeviceWorkstation, workstations[r.IntN(len(workstations))], catalogue
		if i%10 == 0 {
			kind, rel = audit.DeviceServer, servers[r.IntN(len(servers))]
			pool = append(append([]program(nil), serverCatalogue...), catalogue...)
			name = fmt.Sprintf("PRAC%03d-SRV", i/10)
		}
		build := rel.build
		if len(build) > 2 && build[len(build)-2:] == "%d" {
			build = fmt.Sprintf(build, 4000+r.IntN(2500))
		}
		family := "windows"
		if rel.name == "macOS" {
			family = "macos"
		}
		facts = append(facts, audit.Fact{Kind: audit.FactDevice, Device: &audit.Device{
			Name: name, Kind: kind, OS: family, OSName: rel.name, OSVersion: rel.version, Build: build}})
		for n := 0; n < programs; n++ {
			p := pick(r, pool, n)
			s := &audit.Software{Device: name, Name: p.name, Publisher: p.publisher, Version: p.version(r)}
			if p.name == "ScreenConnect Client" {
				s.Name = fmt.Sprintf("ScreenConnect Client (%016x)", r.Uint64())
			}
			facts = append(facts, audit.Fact{Kind: audit.FactSoftware, Software: s})
		}
	}
	return facts
}

// pick takes programs by weight; past the catalogue it invents the long
// tail of one-off vendor tools every fleet has.
func pick(r *rand.Rand, pool []program, n int) program {
	for range 8 {
		p := pool[r.IntN(len(pool))]
		if r.IntN(100) < p.weight {
			return p
		}
	}
	return program{
		name:      fmt.Sprintf("Vendor Utility %d", r.IntN(5000)),
		publisher: fmt.Sprintf("Vendor %d Pty Ltd", r.IntN(500)),
		version:   fixed(fmt.Sprintf("%d.%d.%d", 1+r.IntN(9), r.IntN(20), r.IntN(100))),
	}
}
