package refdata

import "triage/internal/audit"

// The program rules. Each pattern is matched against the whole normalised
// name (normName: lower case, no trademark marks, no trailing architecture,
// language or dotted version), so "Google Chrome" never matches "Google
// Chrome Remote Desktop Host". publishers are normalised publisher names
// (normPublisher); a program whose publisher is known must have one of them
// (or a name starting with one), and a program without a publisher is
// judged on its name alone. The first rule that matches wins, so narrower
// rules come before broader ones of the same vendor.
//
// Capture groups the cycle functions read: v (a version inside the name),
// major (a major version inside the name), year, r2, ltsc, mac (Office and
// SQL Server editions), track (Adobe's DC or classic track), se (Exchange
// Subscription Edition), app (which Office app).
//
// product is the endoflife.date id when the snapshot has a lifecycle for it
// and Triage's own id (with a title for people) otherwise;
// docs/refdata-matching.md lists them all.

var (
	pubMicrosoft = []string{"microsoft"}
	pubGoogle    = []string{"google"}
	pubMozilla   = []string{"mozilla"}
	pubAdobe     = []string{"adobe"}
	pubOracle    = []string{"oracle", "sun microsystems"}
	pubVeeam     = []string{"veeam"}
)

var rules = []rule{
	// ---- browsers
	{product: "chrome", category: audit.SoftwareBrowser, publishers: pubGoogle,
		pattern: `google chrome(?: (?:beta|dev|canary))?`, cycle: cycleMajor, rolling: true},
	{product: "firefox", category: audit.SoftwareBrowser, publishers: pubMozilla,
		pattern: `mozilla firefox(?: (?P<v>\d+(?:\.\d+)*))?(?: esr)?`, cycle: cycleMajor, rolling: true},
	{product: "edge", title: "Microsoft Edge", category: audit.SoftwareBrowser, publishers: pubMicrosoft,
		pattern: `microsoft edge(?: (?:beta|dev|canary))?`, cycle: cycleMajor},
	{product: "internet-explorer", category: audit.SoftwareBrowser, publishers: pubMicrosoft,
		pattern: `(?:windows|microsoft) internet explorer(?: (?P<major>\d+))?|internet explorer(?: (?P<major_2>\d+))?`, cycle: cycleMajor},
	{product: "brave", title: "Brave", category: audit.SoftwareBrowser, publishers: []string{"brave software", "brave"},
		pattern: `brave(?: browser)?`, cycle: cycleNone},
	{product: "opera", title: "Opera", category: audit.SoftwareBrowser, publishers: []string{"opera"},
		pattern: `opera(?: stable)?`, cycle: cycleNone},

	// ---- Office, mail and PDF
	{product: "microsoft-365-apps", title: "Microsoft 365 Apps", category: audit.SoftwareOffice, publishers: pubMicrosoft,
		pattern: `microsoft (?:office )?365(?: apps for (?:enterprise|business))?|microsoft office 365(?: proplus| business| professional plus)?|microsoft 365 apps for (?:enterprise|business)`, cycle: cycleNone},
	{product: "office", category: audit.SoftwareOffice, publishers: pubMicrosoft,
		pattern: `microsoft office (?:(?P<ltsc>ltsc )?(?:standard|professional(?: plus)?|professional edition|home (?:and|&) (?:business|student)|small business(?: premium)?|enterprise|ultimate|basic|personal) )?(?P<year>20\d\d)(?: (?P<mac>for mac))?`, cycle: cycleOffice},
	{product: "office", category: audit.SoftwareEmail, publishers: pubMicrosoft,
		pattern: `microsoft (?:office )?outlook(?: (?P<year>20\d\d))?`, cycle: cycleOffice},
	{product: "office", category: audit.SoftwareOffice, publishers: pubMicrosoft,
		pattern: `microsoft (?:office )?(?:word|excel|powerpoint|access|publisher)(?: (?P<year>20\d\d))?`, cycle: cycleOffice},
	{product: "libreoffice", category: audit.SoftwareOffice, publishers: []string{"document foundation"},
		pattern: `libreoffice`, cycle: cycleVersion},
	{product: "openoffice", title: "Apache OpenOffice", category: audit.SoftwareOffice, publishers: []string{"apache software foundation", "openoffice"},
		pattern: `apache openoffice|openoffice|openoffice\.org`, cycle: cycleNone},
	{product: "msexchange", category: audit.SoftwareEmail, publishers: pubMicrosoft,
		pattern: `microsoft exchange server(?: (?P<year>20\d\d)| (?P<se>subscription edition|se))?(?: (?:cumulative update|cu) ?\d+)?(?: rtm)?`, cycle: cycleExchange},
	{product: "thunderbird", title: "Mozilla Thunderbird", category: audit.SoftwareEmail, publishers: pubMozilla,
		pattern: `mozilla thunderbird(?: esr)?`, cycle: cycleMajor},
	{product: "em-client", title: "eM Client", category: audit.SoftwareEmail, publishers: []string{"em client"},
		pattern: `em client`, cycle: cycleNone},
	{product: "acrobat-reader", title: "Adobe Acrobat Reader", category: audit.SoftwarePDF, publishers: pubAdobe,
		pattern: `adobe (?:acrobat )?reader(?: (?P<track>dc|xi|x|\d{1,2}|20\d\d))?(?: (?:mui|continuous|classic))?`, cycle: cycleAcrobat},
	{product: "acrobat", title: "Adobe Acrobat", category: audit.SoftwarePDF, publishers: pubAdobe,
		pattern: `adobe acrobat(?: (?P<track>dc|xi|x|\d{1,2}|20\d\d))?(?: (?:pro(?:fessional)?|standard|extended))?(?: (?P<track_2>dc|20\d\d))?`, cycle: cycleAcrobat},
	{product: "foxit-pdf", title: "Foxit PDF", category: audit.SoftwarePDF, publishers: []string{"foxit"},
		pattern: `foxit (?:pdf )?(?:reader|editor(?: pro)?|phantompdf)`, cycle: cycleNone},
	{product: "nitro-pdf", title: "Nitro PDF Pro", category: audit.SoftwarePDF, publishers: []string{"nitro"},
		pattern: `nitro (?:pdf )?pro(?: \d+)?`, cycle: cycleNone},
	{product: "pdf-xchange", title: "PDF-XChange", category: audit.SoftwarePDF, publishers: []string{"tracker software", "pdf-xchange"},
		pattern: `pdf-xchange (?:editor|viewer|pro)`, cycle: cycleNone},

	// ---- databases under the PMS
	{product: "mssqlserver", category: audit.SoftwareDatabase, publishers: pubMicrosoft,
		pattern: `microsoft sql server (?P<year>20\d\d)(?P<r2> r2)?(?: express(?: edition)?(?: with advanced services)?| express localdb)?`, cycle: cycleSQL},
	{product: "mysql", category: audit.SoftwareDatabase, publishers: pubOracle,
		pattern: `mysql server(?: (?P<v>\d+\.\d+))?`, cycle: cycleVersion},
	{product: "postgresql", category: audit.SoftwareDatabase, publishers: []string{"postgresql global development group", "enterprisedb", "postgresql"},
		pattern: `postgresql(?: (?P<major>\d+))?`, cycle: cycleVersion},
	{product: "firebird", title: "Firebird", category: audit.SoftwareDatabase, publishers: []string{"firebird project", "firebird"},
		pattern: `firebird(?: server)?`, cycle: cycleNone},

	// ---- remote access
	{product: "teamviewer", title: "TeamViewer", category: audit.SoftwareRemoteAccess, publishers: []string{"teamviewer"},
		pattern: `teamviewer(?: (?P<major>\d+))?(?: (?:host|quicksupport))?`, cycle: cycleMajor},
	{product: "anydesk", title: "AnyDesk", category: audit.SoftwareRemoteAccess, publishers: []string{"anydesk", "philandro"},
		pattern: `anydesk(?: msi)?`, cycle: cycleMajor},
	{product: "screenconnect", title: "ConnectWise ScreenConnect", category: audit.SoftwareRemoteAccess, publishers: []string{"screenconnect", "connectwise"},
		pattern: `(?:screenconnect|connectwise control|connectwise screenconnect)(?: client)?`, cycle: cycleNone},
	{product: "splashtop", title: "Splashtop", category: audit.SoftwareRemoteAccess, publishers: []string{"splashtop"},
		pattern: `splashtop(?: .+)?`, cycle: cycleNone},
	{product: "rustdesk", title: "RustDesk", category: audit.SoftwareRemoteAccess, publishers: []string{"rustdesk", "purslane"},
		pattern: `rustdesk`, cycle: cycleNone},
	{product: "logmein", title: "LogMeIn", category: audit.SoftwareRemoteAccess, publishers: []string{"logmein", "goto"},
		pattern: `logmein(?: (?:client|pro|rescue(?: .+)?|central(?: .+)?))?`, cycle: cycleNone},
	{product: "goto-resolve", title: "GoTo Resolve", category: audit.SoftwareRemoteAccess, publishers: []string{"goto", "logmein"},
		pattern: `(?:goto resolve|gotoassist|goto assist)(?: .+)?`, cycle: cycleNone},
	{product: "chrome-remote-desktop", title: "Chrome Remote Desktop", category: audit.SoftwareRemoteAccess, publishers: pubGoogle,
		pattern: `google chrome remote desktop(?: host)?|chrome remote desktop(?: host)?`, cycle: cycleNone},
	{product: "vnc", title: "VNC", category: audit.SoftwareRemoteAccess, publishers: []string{"realvnc", "glavsoft", "uvnc", "tigervnc"},
		pattern: `realvnc (?:vnc )?(?:server|connect)(?: .+)?|vnc (?:server|connect)(?: .+)?|tightvnc(?: .+)?|ultravnc(?: .+)?|tigervnc(?: .+)?`, cycle: cycleNone},
	{product: "zoho-assist", title: "Zoho Assist", category: audit.SoftwareRemoteAccess, publishers: []string{"zoho"},
		pattern: `zoho assist(?: .+)?`, cycle: cycleNone},
	{product: "remotepc", title: "RemotePC", category: audit.SoftwareRemoteAccess, publishers: []string{"idrive", "remotepc"},
		pattern: `remotepc(?: .+)?`, cycle: cycleNone},
	{product: "supremo", title: "Supremo", category: audit.SoftwareRemoteAccess, publishers: []string{"nanosystems"},
		pattern: `supremo`, cycle: cycleNone},
	{product: "dameware", title: "DameWare", category: audit.SoftwareRemoteAccess, publishers: []string{"solarwinds", "dameware"},
		pattern: `dameware (?:mini remote control|remote support|remote everywhere)(?: .+)?`, cycle: cycleNone},
	{product: "beyondtrust-remote-support", title: "BeyondTrust Remote Support", category: audit.SoftwareRemoteAccess, publishers: []string{"beyondtrust", "bomgar"},
		pattern: `(?:beyondtrust remote support|bomgar)(?: .+)?`, cycle: cycleNone},
	{product: "take-control", title: "N-able Take Control", category: audit.SoftwareRemoteAccess, publishers: []string{"n-able", "solarwinds", "beanywhere"},
		pattern: `n-able take control(?: agent| viewer)?|take control(?: agent| viewer)?`, cycle: cycleNone},
	{product: "atera", title: "Atera agent", category: audit.SoftwareRemoteAccess, publishers: []string{"atera"},
		pattern: `atera agent|ateraagent`, cycle: cycleNone},
	{product: "ninjaone", title: "NinjaOne agent", category: audit.SoftwareRemoteAccess, publishers: []string{"ninjarmm", "ninjaone"},
		pattern: `ninjarmmagent|ninjaone agent|ninjarmm agent`, cycle: cycleNone},
	{product: "kaseya", title: "Kaseya agent", category: audit.SoftwareRemoteAccess, publishers: []string{"kaseya"},
		pattern: `kaseya agent(?: .+)?`, cycle: cycleNone},

	// ---- practice management systems (Australia)
	{product: "bp-premier", title: "Bp Premier", category: audit.SoftwarePMS, publishers: []string{"best practice"},
		pattern: `(?:bp|best practice) premier(?: (?:client|server|workstation|database))?`, cycle: cycleNone},
	{product: "pracsoft", title: "PracSoft", category: audit.SoftwarePMS, publishers: []string{"medicaldirector", "health communication network", "hcn"},
		pattern: `(?:medicaldirector|hcn) pracsoft(?: .+)?|pracsoft(?: .+)?`, cycle: cycleNone},
	{product: "bluechip", title: "Bluechip", category: audit.SoftwarePMS, publishers: []string{"medicaldirector"},
		pattern: `medicaldirector bluechip(?: .+)?|bluechip(?: .+)?`, cycle: cycleNone},
	{product: "medicaldirector", title: "MedicalDirector", category: audit.SoftwarePMS, publishers: []string{"medicaldirector", "health communication network", "hcn"},
		pattern: `(?:medicaldirector|hcn) (?:clinical|maestro|clinical and pracsoft|pathology|insight)(?: .+)?|medicaldirector`, cycle: cycleNone},
	{product: "genie", title: "Genie", category: audit.SoftwarePMS, publishers: []string{"genie solutions", "magentus"},
		pattern: `genie(?: (?:client|server|solutions|v?\d+))?`, cycle: cycleNone},
	{product: "zedmed", title: "Zedmed", category: audit.SoftwarePMS, publishers: []string{"zedmed"},
		pattern: `zedmed(?: .+)?`, cycle: cycleNone},
	{product: "communicare", title: "Communicare", category: audit.SoftwarePMS, publishers: []string{"telstra health", "communicare"},
		pattern: `communicare(?: .+)?`, cycle: cycleNone},
	{product: "medilink", title: "Medilink", category: audit.SoftwarePMS, publishers: []string{"medilink"},
		pattern: `medilink(?: .+)?`, cycle: cycleNone},

	// ---- security products
	{product: "sophos", title: "Sophos", category: audit.SoftwareSecurity, publishers: []string{"sophos"},
		pattern: `sophos (?:endpoint agent|endpoint defense|anti-virus|intercept x(?: .+)?|home|network threat protection|file scanner|health|mcs (?:agent|client)|autoupdate|standalone engine|system protection|management communications system|remote management system)`, cycle: cycleNone},
	{product: "eset", title: "ESET", category: audit.SoftwareSecurity, publishers: []string{"eset"},
		pattern: `eset (?:endpoint (?:security|antivirus)|nod32 antivirus|internet security|smart security(?: premium)?|security|management agent|server security|file security(?: .+)?)`, cycle: cycleNone},
	{product: "trend-micro", title: "Trend Micro", category: audit.SoftwareSecurity, publishers: []string{"trend micro"},
		pattern: `trend micro (?:apex one(?: .+)?|worry-free business security(?: .+)?|security agent|officescan(?: .+)?|maximum security|internet security|antivirus\+?(?: .+)?|deep security agent)`, cycle: cycleNone},
	{product: "bitdefender", title: "Bitdefender", category: audit.SoftwareSecurity, publishers: []string{"bitdefender"},
		pattern: `bitdefender (?:endpoint security tools|total security|antivirus(?: .+)?|internet security|agent)`, cycle: cycleNone},
	{product: "webroot", title: "Webroot SecureAnywhere", category: audit.SoftwareSecurity, publishers: []string{"webroot", "opentext"},
		pattern: `webroot secureanywhere(?: .+)?`, cycle: cycleNone},
	{product: "symantec-endpoint-protection", title: "Symantec Endpoint Protection", category: audit.SoftwareSecurity, publishers: []string{"symantec", "broadcom"},
		pattern: `symantec endpoint protection(?: .+)?`, cycle: cycleNone},
	{product: "norton", title: "Norton", category: audit.SoftwareSecurity, publishers: []string{"norton", "nortonlifelock", "gen digital", "symantec"},
		pattern: `norton (?:360|security|antivirus(?: plus)?|internet security)(?: .+)?`, cycle: cycleNone},
	{product: "mcafee", title: "McAfee", category: audit.SoftwareSecurity, publishers: []string{"mcafee", "trellix"},
		pattern: `mcafee (?:agent|endpoint security(?: .+)?|livesafe|total protection|virusscan enterprise)`, cycle: cycleNone},
	{product: "kaspersky", title: "Kaspersky", category: audit.SoftwareSecurity, publishers: []string{"kaspersky", "ao kaspersky lab", "kaspersky lab"},
		pattern: `kaspersky (?:endpoint security(?: .+)?|small office security(?: .+)?|internet security|anti-virus|total security|security cloud(?: .+)?|plus|standard|premium)`, cycle: cycleNone},
	{product: "sentinelone", title: "SentinelOne", category: audit.SoftwareSecurity, publishers: []string{"sentinel labs", "sentinelone"},
		pattern: `sentinel agent`, cycle: cycleNone},
	{product: "crowdstrike", title: "CrowdStrike Falcon", category: audit.SoftwareSecurity, publishers: []string{"crowdstrike"},
		pattern: `crowdstrike (?:windows sensor|falcon sensor(?: .+)?|device control)`, cycle: cycleNone},
	{product: "malwarebytes", title: "Malwarebytes", category: audit.SoftwareSecurity, publishers: []string{"malwarebytes"},
		pattern: `malwarebytes(?: (?:endpoint agent|anti-malware))?`, cycle: cycleNone},
	{product: "huntress", title: "Huntress", category: audit.SoftwareSecurity, publishers: []string{"huntress"},
		pattern: `huntress agent`, cycle: cycleNone},
	{product: "avast", title: "Avast", category: audit.SoftwareSecurity, publishers: []string{"avast", "gen digital"},
		pattern: `avast (?:free antivirus|premium security|antivirus|business (?:security|antivirus)(?: .+)?)`, cycle: cycleNone},
	{product: "avg", title: "AVG", category: audit.SoftwareSecurity, publishers: []string{"avg", "avast", "gen digital"},
		pattern: `avg (?:antivirus(?: .+)?|internet security(?: .+)?|business security(?: .+)?)`, cycle: cycleNone},

	// ---- backup
	{product: "veeam-backup-and-replication", category: audit.SoftwareOther, publishers: pubVeeam,
		pattern: `veeam backup (?:&|and) replication(?: server)?`, cycle: cycleVersion},
	{product: "veeam-backup-for-microsoft-365", category: audit.SoftwareOther, publishers: pubVeeam,
		pattern: `veeam backup for microsoft (?:365|office 365)`, cycle: cycleVersion},
	{product: "veeam-one", category: audit.SoftwareOther, publishers: pubVeeam,
		pattern: `veeam one(?: (?:server|monitor server))?`, cycle: cycleVersion},

	// ---- runtimes
	{product: "oracle-jdk", category: audit.SoftwareOther, publishers: pubOracle,
		pattern: `java(?: se)?(?: runtime environment)? (?P<major>\d+)(?: update \d+)?|java se development kit(?: (?P<major_2>\d+)(?: update \d+)?)?`, cycle: cycleVersion},
	{product: "eclipse-temurin", category: audit.SoftwareOther, publishers: []string{"eclipse adoptium", "eclipse foundation", "adoptium"},
		pattern: `eclipse temurin (?:jdk|jre) with hotspot(?: (?P<major>\d+)(?:u\d+)?(?:-b\d+)?)?`, cycle: cycleVersion},
	{product: "microsoft-build-of-openjdk", category: audit.SoftwareOther, publishers: pubMicrosoft,
		pattern: `microsoft build of openjdk with hotspot`, cycle: cycleVersion},
	{product: "amazon-corretto", category: audit.SoftwareOther, publishers: []string{"amazon"},
		pattern: `amazon corretto(?: (?:jdk|jre))?(?: (?P<major>\d+))?`, cycle: cycleVersion},
	{product: "dotnet", category: audit.SoftwareOther, publishers: pubMicrosoft, nameVersionFirst: true,
		pattern: `microsoft (?:\.net(?: core)? runtime|windows desktop runtime)|microsoft asp\.net core (?P<v>\d+\.\d+\.\d+) - shared framework`, cycle: cycleVersion},
	{product: "powershell", category: audit.SoftwareOther, publishers: pubMicrosoft,
		pattern: `powershell (?P<major>\d+)-x(?:64|86)`, cycle: cycleVersion},
	{product: "python", category: audit.SoftwareOther, publishers: []string{"python software foundation"},
		pattern: `python`, cycle: cycleVersion},

	// ---- other programs with lifecycles
	{product: "notepad-plus-plus", category: audit.SoftwareOther, publishers: []string{"notepad++ team", "notepad++", "don ho"},
		pattern: `notepad\+\+`, cycle: cycleVersion},
	{product: "virtualbox", category: audit.SoftwareOther, publishers: pubOracle,
		pattern: `oracle (?:vm )?virtualbox`, cycle: cycleVersion},
	{product: "pan-gp", category: audit.SoftwareOther, publishers: []string{"palo alto networks"},
		pattern: `globalprotect`, cycle: cycleVersion},
}
