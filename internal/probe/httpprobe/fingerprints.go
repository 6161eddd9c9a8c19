package httpprobe

import (
	"net/http"
	"regexp"
	"strings"
)

// Kinds of things a fingerprint recognises.
const (
	KindVPN      = "vpn"      // a remote-access VPN portal
	KindRDWeb    = "rdweb"    // Remote Desktop Web Access or Gateway
	KindFirewall = "firewall" // a firewall's management page
	KindRouter   = "router"
	KindNAS      = "nas"
	KindPrinter  = "printer"
	KindCamera   = "camera" // IP cameras and video recorders
)

// Fingerprint recognises one product from its web pages. A page matches
// when any Title, Body or Header clue is found in it (case-insensitive).
// Paths are fetched as well as the site's root page; a path only counts
// when the page there matches, since many devices answer 200 to anything.
type Fingerprint struct {
	Product string // as shown to the practice
	// Vendor and KEVProduct name the product as the CISA KEV catalogue
	// does, for the known-exploited lookup; no lookup without both.
	Vendor     string
	KEVProduct string
	Kind       string
	Admin      bool // a management page
	Remote     bool // a remote-access portal
	Paths      []string
	Title      []string
	Body       []string
	Header     map[string]string // header name: substring of its value
	// Version finds the version in the body or headers: the first
	// submatch. Few login pages show one; most fingerprints have none.
	Version *regexp.Regexp
}

// Fingerprints is the table of recognised products. VPN and remote
// desktop portals come first: when a page matches several, the portal is
// the finding that matters most.
var Fingerprints = []Fingerprint{
	{Product: "Fortinet FortiGate SSL VPN", Vendor: "Fortinet", KEVProduct: "FortiOS", Kind: KindVPN, Remote: true,
		Paths: []string{"/remote/login"},
		Body:  []string{"ftnt-fortinet-grid", "fgt_lang", "/remote/logincheck", "/sslvpn/portal"}},
	{Product: "Ivanti Connect Secure (Pulse Secure)", Vendor: "Ivanti", KEVProduct: "Connect Secure", Kind: KindVPN, Remote: true,
		Paths: []string{"/dana-na/auth/url_default/welcome.cgi"},
		Title: []string{"Ivanti Connect Secure", "Pulse Connect Secure", "Pulse Secure"},
		Body:  []string{"/dana-na/", "dana-cached"}},
	{Product: "Citrix Gateway (NetScaler)", Vendor: "Citrix", KEVProduct: "NetScaler", Kind: KindVPN, Remote: true,
		Paths: []string{"/vpn/index.html", "/logon/LogonPoint/index.html"},
		Title: []string{"Citrix Gateway", "NetScaler Gateway", "NetScaler AAA"},
		Body:  []string{"/vpn/resources/", "ctxs.core.min.js", "_ctxstxt_"}},
	{Product: "Cisco ASA / AnyConnect SSL VPN", Vendor: "Cisco", KEVProduct: "Adaptive Security Appliance", Kind: KindVPN, Remote: true,
		Paths:  []string{"/+CSCOE+/logon.html"},
		Title:  []string{"SSL VPN Service"},
		Body:   []string{"/+CSCOE+/", "webvpnlogin"},
		Header: map[string]string{"Set-Cookie": "webvpn"}},
	{Product: "Palo Alto GlobalProtect portal", Vendor: "Palo Alto Networks", KEVProduct: "PAN-OS", Kind: KindVPN, Remote: true,
		Paths: []string{"/global-protect/login.esp"},
		Title: []string{"GlobalProtect Portal"},
		Body:  []string{"global-protect/portal", "GlobalProtect Portal"}},
	{Product: "SonicWall SSL VPN", Vendor: "SonicWall", KEVProduct: "SMA100", Kind: KindVPN, Remote: true,
		Paths: []string{"/cgi-bin/welcome"},
		Title: []string{"Virtual Office", "SonicWall - Virtual Office"},
		Body:  []string{"sonicui/", "sslvpnLogin", "SonicWall Virtual Office"}},
	// The one KEV entry for "Remote Desktop Services" (BlueKeep) is a flaw
	// of the RDP service itself, not of these web front ends, so they get
	// no KEV product.
	{Product: "Microsoft RD Web Access", Vendor: "Microsoft", Kind: KindRDWeb, Remote: true,
		Paths: []string{"/RDWeb/Pages/en-US/login.aspx", "/RDWeb/"},
		Title: []string{"RD Web Access", "RD Web Client", "Work Resources"},
		Body:  []string{"TSWAFeatureCheckCookie", "/RDWeb/Pages/", "RDWebAccess"}},
	{Product: "Microsoft RD Gateway", Vendor: "Microsoft", Kind: KindRDWeb, Remote: true,
		Header: map[string]string{"X-Rdg-Proxy": "", "Server": "Microsoft-RDG"}},

	{Product: "Fortinet FortiGate admin page", Vendor: "Fortinet", KEVProduct: "FortiOS", Kind: KindFirewall, Admin: true,
		Title: []string{"FortiGate"}, Body: []string{"fortinet-grid-login", "/ng/prompt"}},
	{Product: "SonicWall management page", Vendor: "SonicWall", KEVProduct: "SonicOS", Kind: KindFirewall, Admin: true,
		Title: []string{"SonicWall - Authentication", "SonicWALL - Authentication"}, Body: []string{"auth.html", "sonicwall"}},
	{Product: "Sophos Firewall admin page", Vendor: "Sophos", KEVProduct: "Firewall", Kind: KindFirewall, Admin: true,
		Title: []string{"Sophos", "Cyberoam"}, Body: []string{"webconsole/webpages"}},
	{Product: "WatchGuard Firebox admin page", Vendor: "WatchGuard", KEVProduct: "Firebox", Kind: KindFirewall, Admin: true,
		Title: []string{"WatchGuard", "Fireware XTM"}},
	{Product: "pfSense admin page", Vendor: "Netgate", KEVProduct: "pfSense", Kind: KindFirewall, Admin: true,
		Title: []string{"pfSense"}, Body: []string{"pfsense-logo"}},
	{Product: "OPNsense admin page", Vendor: "Deciso", KEVProduct: "OPNsense", Kind: KindFirewall, Admin: true, Title: []string{"OPNsense"}},

	{Product: "Synology DiskStation Manager", Vendor: "Synology", KEVProduct: "DiskStation Manager (DSM)", Kind: KindNAS, Admin: true,
		Title: []string{"Synology DiskStation", "Synology Router", "Synology"}, Body: []string{"SYNO.SDS.", "webman/"}},
	{Product: "QNAP QTS", Vendor: "QNAP", KEVProduct: "QTS", Kind: KindNAS, Admin: true,
		Title: []string{"QTS", "QNAP", "QuTS"}, Body: []string{"QNAP", "qts-login"}},
	{Product: "Western Digital My Cloud", Vendor: "Western Digital", KEVProduct: "My Cloud", Kind: KindNAS, Admin: true, Title: []string{"My Cloud", "WD My Cloud"}},

	{Product: "MikroTik RouterOS", Vendor: "MikroTik", KEVProduct: "RouterOS", Kind: KindRouter, Admin: true, Title: []string{"RouterOS", "MikroTik"}, Body: []string{"mikrotik"}},
	{Product: "DrayTek Vigor router", Vendor: "DrayTek", KEVProduct: "Vigor Routers", Kind: KindRouter, Admin: true, Title: []string{"Vigor", "DrayTek"}, Body: []string{"draytek"}},
	{Product: "TP-Link router", Vendor: "TP-Link", KEVProduct: "Multiple Routers", Kind: KindRouter, Admin: true, Title: []string{"TP-Link", "TP-LINK", "Archer"}, Header: map[string]string{"WWW-Authenticate": "TP-LINK"}},
	{Product: "NETGEAR router", Vendor: "NETGEAR", KEVProduct: "Multiple Routers", Kind: KindRouter, Admin: true, Title: []string{"NETGEAR"}, Header: map[string]string{"WWW-Authenticate": "NETGEAR"}},
	{Product: "ASUS router", Vendor: "ASUS", KEVProduct: "Routers", Kind: KindRouter, Admin: true, Title: []string{"ASUS Login", "ASUS Wireless Router"}, Body: []string{"ASUSWRT"}},
	{Product: "D-Link router", Vendor: "D-Link", KEVProduct: "Multiple Routers", Kind: KindRouter, Admin: true, Title: []string{"D-LINK", "D-Link"}},
	{Product: "Zyxel device", Vendor: "Zyxel", KEVProduct: "Multiple Firewalls", Kind: KindRouter, Admin: true, Title: []string{"Zyxel", "ZyWALL", "USG FLEX"}},
	{Product: "Ubiquiti device", Vendor: "Ubiquiti", KEVProduct: "UniFi", Kind: KindRouter, Admin: true, Title: []string{"UniFi", "EdgeOS", "Ubiquiti", "airOS"}},
	{Product: "AVM FRITZ!Box", Vendor: "AVM", KEVProduct: "FRITZ!Box", Kind: KindRouter, Admin: true, Title: []string{"FRITZ!Box"}},
	{Product: "Cisco router web UI", Vendor: "Cisco", KEVProduct: "IOS XE Web UI", Kind: KindRouter, Admin: true, Title: []string{"Cisco Systems Login", "Small Business Router", "Cisco RV"}, Body: []string{"/webui/login"}},
	{Product: "Router admin page", Kind: KindRouter, Admin: true, Title: []string{"router", "gateway login", "modem"}, Header: map[string]string{"WWW-Authenticate": "router"}},

	{Product: "Printer web page", Kind: KindPrinter, Admin: true,
		Title:  []string{"LaserJet", "OfficeJet", "HP Color", "DeskJet", "Brother", "KYOCERA", "RICOH", "Web Image Monitor", "Canon", "Xerox", "EPSON", "Lexmark", "Konica Minolta", "PageScope", "Sharp", "Embedded Web Server"},
		Header: map[string]string{"Server": "HP HTTP Server", "X-Printer": ""}},
	{Product: "Camera or video recorder", Kind: KindCamera, Admin: true,
		Title:  []string{"Hikvision", "NETSurveillance", "WEB SERVICE", "IP Camera", "Network Camera", "DVR", "NVR", "AXIS", "Dahua", "Amcrest", "Reolink", "Swann"},
		Body:   []string{"hikvision", "doc/page/login.asp", "/RPC2_Login"},
		Header: map[string]string{"Server": "Hikvision-Webs"}},
}

// matches reports whether a page shows any of the fingerprint's clues.
func (f *Fingerprint) matches(p *Page) bool {
	if p == nil {
		return false
	}
	lowTitle := strings.ToLower(p.Title)
	for _, t := range f.Title {
		if lowTitle != "" && strings.Contains(lowTitle, strings.ToLower(t)) {
			return true
		}
	}
	if len(f.Body) > 0 {
		body := strings.ToLower(string(p.Body))
		for _, b := range f.Body {
			if strings.Contains(body, strings.ToLower(b)) {
				return true
			}
		}
	}
	for name, want := range f.Header {
		if headerHas(p.Header, name, want) {
			return true
		}
	}
	return false
}

// headerHas reports whether header name is present (want "") or has a
// value containing want.
func headerHas(h http.Header, name, want string) bool {
	vals := h.Values(name)
	if want == "" {
		return len(vals) > 0
	}
	for _, v := range vals {
		if strings.Contains(strings.ToLower(v), strings.ToLower(want)) {
			return true
		}
	}
	return false
}

// version finds the fingerprint's version clue in a page.
func (f *Fingerprint) version(p *Page) string {
	if f.Version == nil || p == nil {
		return ""
	}
	if m := f.Version.FindSubmatch(p.Body); m != nil {
		return string(m[1])
	}
	for _, vals := range p.Header {
		for _, v := range vals {
			if m := f.Version.FindStringSubmatch(v); m != nil {
				return m[1]
			}
		}
	}
	return ""
}
