package refdata

import (
	"testing"

	"triage/internal/audit"
)

func TestMatchProgram(t *testing.T) {
	tests := []struct {
		name, publisher, version string
		product, cycle, category string
		eol                      string // "" when none
	}{
		// SQL Server under the PMS: the year gives the major, the build the
		// service pack; without a version, the last service pack.
		{"Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "", "mssqlserver", "12.0-sp3", "database", "2024-07-09"},
		{"Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "12.2.5000.0", "mssqlserver", "12.0-sp2", "database", "2020-01-14"},
		{"Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "12.3.6024.0", "mssqlserver", "12.0-sp3", "database", "2024-07-09"},
		{"Microsoft SQL Server 2012 (64-bit)", "Microsoft Corporation", "11.4.7001.0", "mssqlserver", "11.0-sp4", "database", "2022-07-12"},
		{"Microsoft SQL Server 2016 (64-bit)", "Microsoft Corporation", "13.3.6300.2", "mssqlserver", "13.0-sp3", "database", "2026-07-14"},
		{"Microsoft SQL Server 2017 (64-bit)", "Microsoft Corporation", "", "mssqlserver", "14.0", "database", "2027-10-12"},
		{"Microsoft SQL Server 2019 (64-bit)", "Microsoft Corporation", "15.0.2000.5", "mssqlserver", "15.0", "database", "2030-01-08"},
		{"Microsoft SQL Server 2022 (64-bit)", "Microsoft Corporation", "", "mssqlserver", "16.0", "database", "2033-01-11"},
		{"Microsoft SQL Server 2025 (64-bit)", "Microsoft Corporation", "", "mssqlserver", "17.0", "database", "2036-01-06"},
		{"Microsoft SQL Server 2008 R2 (64-bit)", "Microsoft Corporation", "10.53.6000.34", "mssqlserver", "10.50-sp3", "database", "2019-07-09"},
		{"Microsoft SQL Server 2008 (64-bit)", "Microsoft Corporation", "10.4.6000.29", "mssqlserver", "10.0-sp4", "database", "2019-07-09"},
		{"Microsoft SQL Server 2012 Express LocalDB ", "Microsoft Corporation", "11.4.7462.6", "mssqlserver", "11.0-sp4", "database", "2022-07-12"},
		// Browsers: the cycle is the major version.
		{"Google Chrome", "Google LLC", "126.0.6478.127", "chrome", "126", "browser", "2024-07-23"},
		{"Google Chrome", "Google Inc.", "140.0.7339.81", "chrome", "140", "browser", "2025-09-30"},
		{"Mozilla Firefox (x64 en-US)", "Mozilla", "128.0.3", "firefox", "128", "browser", "2025-09-16"},
		{"Mozilla Firefox 115.12.0 ESR (x64 en-US)", "Mozilla", "115.12.0", "firefox", "115", "browser", "2027-03-31"},
		{"Microsoft Edge", "Microsoft Corporation", "126.0.2592.87", "edge", "126", "browser", ""},
		{"Internet Explorer 11", "Microsoft Corporation", "", "internet-explorer", "11", "browser", "2022-06-14"},
		// Office: the year in the name; LTSC has its own 2024 cycle.
		{"Microsoft Office Professional Plus 2016", "Microsoft Corporation", "16.0.4266.1001", "office", "2016", "office", "2025-10-14"},
		{"Microsoft Office Home and Business 2019 - en-us", "Microsoft Corporation", "16.0.17928.20114", "office", "2019", "office", "2025-10-14"},
		{"Microsoft Office Standard 2013", "Microsoft Corporation", "15.0.4569.1506", "office", "2013", "office", "2023-04-11"},
		{"Microsoft Office Professional 2010", "Microsoft Corporation", "14.0.7015.1000", "office", "2010", "office", "2020-10-13"},
		{"Microsoft Office LTSC Professional Plus 2024 - en-us", "Microsoft Corporation", "16.0.17932.20130", "office", "2024-ltsc", "office", "2029-10-09"},
		{"Microsoft Office LTSC Professional Plus 2021 - en-us", "Microsoft Corporation", "16.0.14332.20736", "office", "2021", "office", "2026-10-13"},
		{"Microsoft Outlook 2016", "Microsoft Corporation", "16.0.4266.1001", "office", "2016", "email", "2025-10-14"},
		{"Microsoft 365 Apps for business - en-us", "Microsoft Corporation", "16.0.17928.20114", "microsoft-365-apps", "", "office", ""},
		{"Microsoft Office 365 ProPlus - en-us", "Microsoft Corporation", "16.0.11929.20300", "microsoft-365-apps", "", "office", ""},
		{"LibreOffice 7.5.9.2", "The Document Foundation", "7.5.9.2", "libreoffice", "7.5", "office", "2023-12-07"},
		// Mail.
		{"Microsoft Exchange Server 2016 Cumulative Update 23", "Microsoft Corporation", "15.1.2507.6", "msexchange", "2016", "email", "2025-10-14"},
		{"Microsoft Exchange Server 2019 Cumulative Update 14", "Microsoft Corporation", "15.2.1544.4", "msexchange", "2019", "email", "2025-10-14"},
		{"Microsoft Exchange Server", "Microsoft Corporation", "15.1.2507.6", "msexchange", "2016", "email", "2025-10-14"},
		{"Mozilla Thunderbird (x64 en-US)", "Mozilla", "115.10.1", "thunderbird", "115", "email", ""},
		// PDF: Adobe's track; there is no Acrobat lifecycle in the data.
		{"Adobe Acrobat Reader DC", "Adobe Systems Incorporated", "23.008.20470", "acrobat-reader", "dc", "pdf", ""},
		{"Adobe Acrobat Reader DC MUI", "Adobe Inc.", "24.002.20991", "acrobat-reader", "dc", "pdf", ""},
		{"Adobe Acrobat Reader 2020", "Adobe Inc.", "20.005.30636", "acrobat-reader", "2020", "pdf", ""},
		{"Adobe Reader XI (11.0.23)", "Adobe Systems Incorporated", "11.0.23", "acrobat-reader", "11", "pdf", ""},
		{"Adobe Acrobat (64-bit)", "Adobe", "24.002.20991", "acrobat", "dc", "pdf", ""},
		{"Adobe Acrobat 2017", "Adobe Systems", "17.011.30207", "acrobat", "2017", "pdf", ""},
		{"Foxit PDF Reader", "Foxit Software Inc.", "2024.2.2.25170", "foxit-pdf", "", "pdf", ""},
		// Remote access, with or without lifecycle data.
		{"TeamViewer 15", "TeamViewer", "15.49.3", "teamviewer", "15", "remote_access", ""},
		{"TeamViewer", "TeamViewer Germany GmbH", "15.54.3", "teamviewer", "15", "remote_access", ""},
		{"TeamViewer Host", "TeamViewer", "15.54.3", "teamviewer", "15", "remote_access", ""},
		{"AnyDesk", "AnyDesk Software GmbH", "ad 8.0.8", "anydesk", "8", "remote_access", ""},
		{"ScreenConnect Client (a1b2c3d4e5f60718)", "ScreenConnect Software", "23.9.8.8811", "screenconnect", "", "remote_access", ""},
		{"ConnectWise Control Client (0f1e2d3c4b5a6978)", "ConnectWise, LLC.", "22.4.7900.8118", "screenconnect", "", "remote_access", ""},
		{"Splashtop Streamer", "Splashtop Inc.", "3.6.2.0", "splashtop", "", "remote_access", ""},
		{"RustDesk", "RustDesk", "1.2.3", "rustdesk", "", "remote_access", ""},
		{"LogMeIn", "LogMeIn, Inc.", "4.1.15322", "logmein", "", "remote_access", ""},
		{"Google Chrome Remote Desktop Host", "Google LLC", "126.0.6478.12", "chrome-remote-desktop", "", "remote_access", ""},
		{"Chrome Remote Desktop Host", "Google LLC", "126.0.6478.12", "chrome-remote-desktop", "", "remote_access", ""},
		{"VNC Server 7.12.0", "RealVNC", "7.12.0", "vnc", "", "remote_access", ""},
		// Australian practice-management systems.
		{"Bp Premier", "Best Practice Software", "1.12.1.977", "bp-premier", "", "pms", ""},
		{"Best Practice Premier Server", "Best Practice Software Pty Ltd", "", "bp-premier", "", "pms", ""},
		{"MedicalDirector Clinical", "MedicalDirector", "3.18.2.1", "medicaldirector", "", "pms", ""},
		{"MedicalDirector PracSoft", "MedicalDirector", "3.18.2.1", "pracsoft", "", "pms", ""},
		{"PracSoft", "Health Communication Network", "3.16", "pracsoft", "", "pms", ""},
		{"Genie", "Genie Solutions Pty Ltd", "9.4.2", "genie", "", "pms", ""},
		{"Zedmed", "Zedmed", "36.3.0", "zedmed", "", "pms", ""},
		{"Communicare", "Telstra Health", "21.3", "communicare", "", "pms", ""},
		{"Medilink", "Medilink", "2.4", "medilink", "", "pms", ""},
		// Security products.
		{"Sophos Endpoint Agent", "Sophos Limited", "2023.2.2.1", "sophos", "", "security", ""},
		{"ESET Endpoint Security", "ESET, spol. s r.o.", "11.0.2032.0", "eset", "", "security", ""},
		{"Malwarebytes version 4.6.8.311", "Malwarebytes", "4.6.8.311", "malwarebytes", "", "security", ""},
		{"Sentinel Agent", "Sentinel Labs, Inc.", "23.4.2.14", "sentinelone", "", "security", ""},
		// Backup, runtimes and tools with lifecycles.
		{"Veeam Backup & Replication", "Veeam Software Group GmbH", "12.1.2.172", "veeam-backup-and-replication", "12", "other", "2027-02-01"},
		{"Veeam Backup for Microsoft 365", "Veeam Software Group GmbH", "7.1.0.2031", "veeam-backup-for-microsoft-365", "7", "other", "2026-06-28"},
		{"Java 8 Update 401 (64-bit)", "Oracle Corporation", "8.0.4010.10", "oracle-jdk", "8", "other", "2022-03-31"},
		{"Java(TM) 6 Update 45", "Oracle", "6.0.450", "oracle-jdk", "6", "other", "2018-12-31"},
		{"Java(TM) SE Development Kit 17.0.2 (64-bit)", "Oracle Corporation", "17.0.2.0", "oracle-jdk", "17", "other", "2026-09-30"},
		{"Eclipse Temurin JRE with Hotspot 8u392-b08 (x64)", "Eclipse Adoptium", "8.0.392.8", "eclipse-temurin", "8", "other", "2030-12-31"},
		{"Microsoft .NET Runtime - 6.0.25 (x64)", "Microsoft Corporation", "48.103.33020", "dotnet", "6", "other", "2024-11-12"},
		{"Microsoft Windows Desktop Runtime - 8.0.6 (x64)", "Microsoft Corporation", "8.0.6.33720", "dotnet", "8", "other", "2026-11-10"},
		{"Microsoft ASP.NET Core 6.0.25 - Shared Framework (x64)", "Microsoft Corporation", "6.0.25.23574", "dotnet", "6", "other", "2024-11-12"},
		{"PowerShell 7-x64", "Microsoft Corporation", "7.2.18.0", "powershell", "7.2", "other", "2024-11-08"},
		{"Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0", "python", "3.8", "other", "2024-10-07"},
		{"Notepad++ (64-bit x64)", "Notepad++ Team", "8.5.3", "notepad-plus-plus", "8.5", "other", "2023-11-23"},
		{"Oracle VM VirtualBox 7.0.12", "Oracle Corporation", "7.0.12", "virtualbox", "7.0", "other", "2025-03-31"},
		{"GlobalProtect", "Palo Alto Networks", "6.1.3", "pan-gp", "6.1", "other", "2025-12-31"},
		{"MySQL Server 8.0", "Oracle Corporation", "8.0.35", "mysql", "8.0", "database", "2026-04-30"},
	}
	for _, tt := range tests {
		m, ok := MatchProgram(tt.name, tt.publisher, tt.version)
		eol := ""
		if m.EOL != nil {
			eol = m.EOL.String()
		}
		if !ok || m.Product != tt.product || m.Cycle != tt.cycle || m.Category != tt.category || eol != tt.eol {
			t.Errorf("MatchProgram(%q, %q, %q) = %s %q %s eol %q ok=%v; want %s %q %s eol %q",
				tt.name, tt.publisher, tt.version, m.Product, m.Cycle, m.Category, eol, ok, tt.product, tt.cycle, tt.category, tt.eol)
		}
	}
}

// TestMatchProgramNegative lists programs that look like tracked products
// but are not the product itself: shared components, redistributables,
// language packs, add-ins, and namesakes from other publishers.
func TestMatchProgramNegative(t *testing.T) {
	for _, c := range [][3]string{
		{"Microsoft SQL Server 2014 Management Objects", "Microsoft Corporation", "12.0.2000.8"},
		{"Microsoft SQL Server 2012 Native Client", "Microsoft Corporation", "11.4.7462.6"},
		{"SQL Server Native Client", "Microsoft Corporation", "11.0.2100.60"},
		{"Microsoft SQL Server 2014 Setup (English)", "Microsoft Corporation", "12.3.6024.0"},
		{"Microsoft SQL Server 2016 T-SQL Language Service ", "Microsoft Corporation", "13.0.14500.10"},
		{"Microsoft SQL Server Management Studio - 18.12.1", "Microsoft Corporation", "15.0.18424.0"},
		{"SQL Server 2014 Database Engine Services", "Microsoft Corporation", "12.3.6024.0"},
		{"Microsoft ODBC Driver 17 for SQL Server", "Microsoft Corporation", "17.10.5.1"},
		{"Microsoft VSS Writer for SQL Server 2014", "Microsoft Corporation", "12.3.6024.0"},
		{"Microsoft System CLR Types for SQL Server 2014", "Microsoft Corporation", "12.0.2402.11"},
		{"Microsoft Office 2016 Language Pack", "Microsoft Corporation", ""},
		{"Microsoft Office Language Pack 2016 - English", "Microsoft Corporation", "16.0.4266.1001"},
		{"Microsoft Office Proofing Tools 2016 - English", "Microsoft Corporation", "16.0.4266.1001"},
		{"Microsoft Office File Validation Add-In", "Microsoft Corporation", "14.0.5130.5003"},
		{"Microsoft Visual Studio 2010 Tools for Office Runtime (x64)", "Microsoft Corporation", "10.0.60910"},
		{"Microsoft Access database engine 2016 (English)", "Microsoft Corporation", "16.0.5044.1000"},
		{"Microsoft Visio Professional 2016", "Microsoft Corporation", "16.0.4266.1001"},
		{"Microsoft Edge WebView2 Runtime", "Microsoft Corporation", "126.0.2592.87"},
		{"Microsoft Edge Update", "Microsoft Corporation", "1.3.187.41"},
		{"Google Update Helper", "Google LLC", "1.3.36.372"},
		{"Google Chrome", "Definitely Not Google", "126.0.6478.127"},
		{"TeamViewer Meeting Add-In", "TeamViewer", "15.0.1"},
		{"Genie Timeline Pro", "Genie9", "10.0"},
		{"LogMeIn Hamachi", "LogMeIn, Inc.", "2.3.0.106"},
		{"Sophos Connect", "Sophos Limited", "2.2.90"},
		{"Python Launcher", "Python Software Foundation", "3.11.7150.0"},
		{"Python 3.11.4 Core Interpreter (64-bit)", "Python Software Foundation", "3.11.4150.0"},
		{"Microsoft .NET Host - 6.0.25 (x64)", "Microsoft Corporation", "48.103.33020"},
		{"Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "Microsoft Corporation", "14.36.32532.0"},
		{"Veeam Backup & Replication Console", "Veeam Software Group GmbH", "12.1.2.172"},
		{"Java Auto Updater", "Oracle Corporation", "2.8.401.10"},
		{"7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"},
		{"Zoom", "Zoom Video Communications, Inc.", "5.17.11"},
		{"", "", ""},
	} {
		if m, ok := MatchProgram(c[0], c[1], c[2]); ok {
			t.Errorf("MatchProgram(%q, %q, %q) = %s %q %s; want no match", c[0], c[1], c[2], m.Product, m.Cycle, m.Category)
		}
	}
}

func TestMatchProgramBounds(t *testing.T) {
	// A Firefox release the data skips ended no later than the next listed
	// cycle's end.
	m, ok := MatchProgram("Mozilla Firefox (x64 en-US)", "Mozilla", "85.0")
	if !ok || m.Cycle != "85" || !m.EOLBound || !m.Ended || m.EOL == nil || m.EOL.String() != "2022-08-23" {
		t.Errorf("Firefox 85: %+v", m)
	}
	// Office older than every listed release.
	m, ok = MatchProgram("Microsoft Office Professional Edition 2003", "Microsoft Corporation", "11.0.8173.0")
	if !ok || m.Cycle != "2003" || !m.EOLBound || m.EOL == nil || m.EOL.String() != "2013-04-09" {
		t.Errorf("Office 2003: %+v", m)
	}
	// Upstream says ended, with no date.
	m, ok = MatchProgram("Veeam Backup & Replication", "Veeam Software", "9.0.0.1715")
	if !ok || m.Cycle != "9.0" || !m.Ended || m.EOL != nil || m.EOLBound {
		t.Errorf("Veeam 9.0: %+v", m)
	}
	// A release newer than the data has a cycle but no dates.
	m, ok = MatchProgram("Google Chrome", "Google LLC", "160.0.1.2")
	if !ok || m.Cycle != "160" || m.EOL != nil || m.Ended {
		t.Errorf("Chrome 160: %+v", m)
	}
}

func TestMatchProgramDetails(t *testing.T) {
	m, _ := MatchProgram("Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "")
	if m.Name != "Microsoft SQL Server 2014 'Hekaton' SP3" || m.LatestVersion == "" || !m.Lifecycle {
		t.Errorf("SQL Server 2014: %+v", m)
	}
	m, _ = MatchProgram("TeamViewer 15", "", "")
	if m.Name != "TeamViewer 15" || m.Lifecycle {
		t.Errorf("TeamViewer 15: %+v", m)
	}
}

// Every category a rule names must be one the checks know.
func TestRuleCategories(t *testing.T) {
	known := map[string]bool{audit.SoftwareBrowser: true, audit.SoftwareOffice: true, audit.SoftwarePDF: true,
		audit.SoftwareEmail: true, audit.SoftwareSecurity: true, audit.SoftwarePMS: true, audit.SoftwareDatabase: true,
		audit.SoftwareRemoteAccess: true, audit.SoftwareOther: true}
	d := defaultData()
	for _, r := range rules {
		if !known[r.category] {
			t.Errorf("rule %s: unknown category %q", r.product, r.category)
		}
		if d.products[r.product] == nil && r.title == "" {
			t.Errorf("rule %s: no lifecycle data and no title", r.product)
		}
		if d.products[r.product] != nil && r.title != "" {
			t.Errorf("rule %s: has lifecycle data, so its title comes from the data", r.product)
		}
	}
}

// TestIndexAgreesWithScan proves the first-word index never hides a rule:
// for many names, the indexed lookup picks the same rule as trying every
// rule in order.
func TestIndexAgreesWithScan(t *testing.T) {
	names := []string{"google chrome", "mozilla firefox esr", "internet explorer 11", "windows internet explorer 8",
		"microsoft sql server 2014", "atera agent", "ateraagent", "n-able take control agent", "take control viewer",
		"bp premier", "best practice premier server", "medicaldirector pracsoft", "hcn pracsoft", "pracsoft 3.16",
		"bluechip", "medicaldirector bluechip", "realvnc server", "realvnc vnc server 7", "vnc server", "tightvnc",
		"openoffice.org", "apache openoffice", "chrome remote desktop host", "google chrome remote desktop host",
		"gotoassist", "goto resolve unattended", "screenconnect client", "connectwise control client", "java 8 update 401",
		"java se development kit", "microsoft asp.net core 6.0.25 - shared framework", "notepad++", "microsoft 365",
		"microsoft office 365 proplus", "microsoft outlook 2016", "ninjarmmagent", "bomgar jump client"}
	for _, n := range names {
		var indexed, scanned *rule
		for _, r := range programs.candidates(n) {
			if r.re.MatchString(n) {
				indexed = r
				break
			}
		}
		for i := range rules {
			if rules[i].re.MatchString(n) {
				scanned = &rules[i]
				break
			}
		}
		if indexed != scanned {
			t.Errorf("%q: index found %v, scan found %v", n, ruleName(indexed), ruleName(scanned))
		}
		if scanned == nil {
			t.Errorf("%q matches no rule; the test list is stale", n)
		}
	}
}

func ruleName(r *rule) string {
	if r == nil {
		return "nothing"
	}
	return r.product
}

func TestNormName(t *testing.T) {
	for in, want := range map[string][2]string{
		"Mozilla Firefox (x64 en-US)":                        {"mozilla firefox", ""},
		"Mozilla Firefox 115.12.0 ESR (x64 en-US)":           {"mozilla firefox 115.12.0 esr", ""},
		"Microsoft Office Professional Plus 2016 - en-us":    {"microsoft office professional plus 2016", ""},
		"Notepad++ 8.5.3 (64-bit x64)":                       {"notepad++", "8.5.3"},
		"Adobe Reader XI (11.0.23)":                          {"adobe reader xi", "11.0.23"},
		"Java(TM) 6 Update 45":                               {"java 6 update 45", ""},
		"Microsoft® Windows® Desktop Runtime - 6.0.25 (x64)": {"microsoft windows desktop runtime", "6.0.25"},
		"ScreenConnect Client (a1b2c3d4e5f60718)":            {"screenconnect client", ""},
		"  TeamViewer   15  ":                                {"teamviewer 15", ""},
		"Malwarebytes version 4.6.8.311":                     {"malwarebytes", "4.6.8.311"},
		"1.2.3":                                              {"1.2.3", ""},
	} {
		n, v := normName(in)
		if n != want[0] || v != want[1] {
			t.Errorf("normName(%q) = %q, %q; want %q, %q", in, n, v, want[0], want[1])
		}
	}
}

func TestNormPublisher(t *testing.T) {
	for in, want := range map[string]string{
		"Google LLC": "google", "Google Inc.": "google", "Microsoft Corporation": "microsoft",
		"Adobe Systems Incorporated": "adobe systems", "The Document Foundation": "document foundation",
		"Best Practice Software Pty Ltd": "best practice software", "ConnectWise, LLC.": "connectwise",
		"Inc.": "inc", "": "",
	} {
		if got := normPublisher(in); got != want {
			t.Errorf("normPublisher(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzMatchProgram(f *testing.F) {
	f.Add("Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "12.3.6024.0")
	f.Add("Google Chrome", "Google LLC", "126.0.6478.127")
	f.Add("Adobe Reader XI (11.0.23)", "", "")
	f.Add("TeamViewer 15", "TeamViewer", "ad 1.2")
	f.Add("Java 99999999999999999999 Update 1", "Oracle", "")
	f.Add("Microsoft Office Professional Plus 2099", "", "")
	f.Fuzz(func(t *testing.T, name, publisher, version string) {
		m, ok := MatchProgram(name, publisher, version)
		if ok && (m.Product == "" || m.Category == "") {
			t.Errorf("MatchProgram(%q, %q, %q) = %+v: a match needs a product and a category", name, publisher, version, m)
		}
		if m.EOLBound && m.EOL == nil {
			t.Errorf("MatchProgram(%q, %q, %q): EOLBound without EOL", name, publisher, version)
		}
	})
}

func BenchmarkMatchProgram(b *testing.B) {
	for b.Loop() {
		MatchProgram("Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "12.3.6024.0")
		MatchProgram("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01")
	}
}

// TestSQLServerYears checks the year-to-version map the data's labels give
// against the published SQL Server versions.
func TestSQLServerYears(t *testing.T) {
	p := defaultData().products["mssqlserver"]
	for year, want := range map[string][2]int{
		"2008": {10, 0}, "2008 r2": {10, 50}, "2012": {11, 0}, "2014": {12, 0}, "2016": {13, 0},
		"2017": {14, 0}, "2019": {15, 0}, "2022": {16, 0}, "2025": {17, 0},
	} {
		got := p.byYear[year]
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("SQL Server %s: version %v, want %v", year, got, want)
		}
	}
}

// The newest browser release's end date is only a forecast of the next
// release, so it must not make a current browser look unsupported.
func TestBrowserForecastIsNotAnEndDate(t *testing.T) {
	m, ok := MatchProgram("Google Chrome", "Google LLC", "151.0.7700.50")
	if !ok || m.EOL != nil {
		t.Fatalf("Chrome 151 (newest in the data): ok=%v eol=%v, want no end date", ok, m.EOL)
	}
	m, ok = MatchProgram("Google Chrome", "Google LLC", "142.0.7444.176")
	if !ok || m.EOL == nil || m.EOL.String() != "2025-12-02" {
		t.Fatalf("Chrome 142: ok=%v eol=%v, want 2025-12-02", ok, m.EOL)
	}
}
