package scan

import "strings"

// A mail filter is a service that receives a domain's mail first and
// scans it for spam, phishing and malware before passing it on. The scan
// recognises them by the MX host names they give their customers. The list
// covers the services common in Australian and US practices; an MX that
// is not on it is reported as "not a known filtering service", which the
// audit treats as a warning, never a failure.
type mailFilter struct {
	Name     string
	Suffixes []string // MX host ends with one of these (after a dot) or equals it
}

var mailFilters = []mailFilter{
	{"Microsoft 365 (Exchange Online Protection)", []string{"mail.protection.outlook.com", "mail.protection.office365.us"}},
	{"Google Workspace", []string{"aspmx.l.google.com", "google.com", "googlemail.com"}},
	{"Mimecast", []string{"mimecast.com", "mimecast-offshore.com", "mimecast.co.za"}},
	{"Proofpoint", []string{"pphosted.com", "ppe-hosted.com", "proofpoint.com"}},
	{"Barracuda Email Protection", []string{"barracudanetworks.com", "barracuda.com"}},
	{"Trend Micro Email Security", []string{"trendmicro.com", "trendmicro.eu", "tmes.trendmicro.com"}},
	{"Sophos Email", []string{"sophos.com"}},
	{"MailGuard", []string{"mailguard.com.au"}},
	{"Mailprotector", []string{"mailprotector.net", "mailprotector.com"}},
	{"Cisco Secure Email", []string{"iphmx.com"}},
	{"Broadcom Email Security.cloud", []string{"messagelabs.com"}},
	{"Forcepoint Email Security", []string{"mailcontrol.com"}},
	{"Hornetsecurity", []string{"hornetsecurity.com"}},
	{"N-able Mail Assure / SpamExperts", []string{"spamexperts.com", "antispamcloud.com", "mtaroutes.com"}},
	{"AppRiver / Zix", []string{"arsmtp.com"}},
	{"FortiMail Cloud", []string{"fortimailcloud.com"}},
	{"SpamTitan", []string{"spamtitan.com"}},
}

// filterOf names the filtering service an MX host belongs to, or "".
func filterOf(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, f := range mailFilters {
		for _, s := range f.Suffixes {
			if host == s || strings.HasSuffix(host, "."+s) {
				return f.Name
			}
		}
	}
	return ""
}
