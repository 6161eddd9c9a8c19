package check

import (
	"testing"

	"triage/internal/audit"
)

func installed(device, name, version, category string, edit func(s *audit.Software)) audit.Fact {
	s := audit.Software{Device: device, Name: name, Version: version, Category: category}
	if edit != nil {
		edit(&s)
	}
	return software(s)
}

func everyday() []audit.Fact {
	return []audit.Fact{
		installed("RECEPTION-01", "Google Chrome", "130.0.6723.92", audit.SoftwareBrowser, nil),
		installed("RECEPTION-01", "Microsoft 365 Apps for business", "16.0.18129", audit.SoftwareOffice, nil),
		installed("GP-ROOM1", "Google Chrome", "130.0.6723.92", audit.SoftwareBrowser, nil),
		installed("GP-ROOM1", "Bp Premier", "Orchid SP1", audit.SoftwarePMS, nil),
	}
}

var softwareGap = gap("software", "osquery was not installed on the server.")

func TestSoftwareUnsupported(t *testing.T) {
	p := Params{"fail_categories": []any{"browser", "office", "pdf", "security", "database"}}
	eol := func(d string) func(s *audit.Software) {
		return func(s *audit.Software) { s.EndOfLife = day(d) }
	}
	office2016 := func(dev string) audit.Fact {
		return installed(dev, "Microsoft Office Professional Plus 2016", "16.0.4266.1001", audit.SoftwareOffice, eol("2025-10-14"))
	}
	ie := installed("GP-ROOM1", "Internet Explorer", "11.0.19041", "", nil)
	java := installed("PMS-SERVER", "Java 8 Update 202", "8.0.2020", audit.SoftwareOther, eol("2019-01-15"))
	cases := []kindCase{
		{name: "all supported", params: p, facts: withFacts(everyday(), installed("GP-ROOM1", "Adobe Acrobat Reader", "24.003", audit.SoftwarePDF, eol("2028-01-01"))),
			status: audit.Pass, reason: "No installed program is past its end of support (4 programs on 2 devices checked)."},
		{name: "old java warns", params: p, facts: withFacts(everyday(), java),
			status: audit.Warn, reason: "1 program past end of support is installed on 1 device.", subjects: []string{"Java 8 Update 202 8.0.2020"}},
		{name: "office 2016 on two PCs and IE", params: p, facts: withFacts(everyday(), office2016("RECEPTION-01"), office2016("GP-ROOM1"), ie, java),
			status: audit.Fail, reason: "3 programs past end of support are installed on 3 devices, 2 of them in categories that must be removed.",
			subjects: []string{"Internet Explorer 11.0.19041", "Java 8 Update 202 8.0.2020", "Microsoft Office Professional Plus 2016 16.0.4266.1001"}},
		{name: "no inventory", params: p, status: audit.NotChecked, reason: noSoftware},
		{name: "gap", params: p, facts: withFacts(everyday(), softwareGap), status: audit.NotChecked, reason: "Could not check: osquery was not installed on the server."},
	}
	runKind(t, "software.unsupported", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{office2016("RECEPTION-01"), office2016("GP-ROOM1")}), AsOf: asOf, Params: p}
	want := "support ended 2025-10-14; on 2 devices: GP-ROOM1, RECEPTION-01"
	if got := detailOf(t, "software.unsupported", in, "Microsoft Office Professional Plus 2016 16.0.4266.1001"); got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestSoftwarePatch(t *testing.T) {
	p := Params{"priority_categories": []any{"browser", "office", "pdf", "email", "security"}, "priority_days": 14, "other_days": 30}
	since := func(d string) func(s *audit.Software) {
		return func(s *audit.Software) { s.UpdateAvailableSince = day(d) }
	}
	chromeLate := installed("RECEPTION-01", "Google Chrome", "128.0.6613.120", audit.SoftwareBrowser, since("2026-10-01")) // 30 days
	chromeFresh := installed("GP-ROOM1", "Google Chrome", "130.0.6723.70", audit.SoftwareBrowser, since("2026-10-25"))     // 6 days
	pmsLate := installed("PMS-SERVER", "HealthLink SmartForms", "3.2.1", audit.SoftwareOther, since("2026-09-01"))         // 60 days
	kev := installed("PMS-SERVER", "7-Zip", "19.00", audit.SoftwareOther, func(s *audit.Software) { s.KEV = []string{"CVE-2025-0411"} })
	cases := []kindCase{
		{name: "on time", params: p, facts: withFacts(everyday(), chromeFresh),
			status: audit.Pass, reason: "No installed program is behind on security updates for longer than allowed (4 programs on 2 devices checked)."},
		{name: "other program late", params: p, facts: withFacts(everyday(), pmsLate),
			status: audit.Warn, reason: "1 program on 1 device is more than 30 days behind on security updates.", subjects: []string{"HealthLink SmartForms 3.2.1"}},
		{name: "browser late", params: p, facts: withFacts(everyday(), chromeLate, chromeFresh, pmsLate),
			status: audit.Fail, reason: "2 programs on 2 devices are behind on security updates for longer than allowed.",
			subjects: []string{"Google Chrome 128.0.6613.120", "HealthLink SmartForms 3.2.1"}},
		{name: "known exploited", params: p, facts: withFacts(everyday(), kev),
			status: audit.Fail, subjects: []string{"7-Zip 19.00"}, urgency: []string{"known-exploited"}},
		{name: "no inventory", params: p, status: audit.NotChecked, reason: noSoftware},
		{name: "gap", params: p, facts: withFacts(everyday(), softwareGap), status: audit.NotChecked},
		{name: "gap keeps known exploited", params: p, facts: withFacts(everyday(), kev, softwareGap),
			status: audit.Fail, subjects: []string{"7-Zip 19.00"}, urgency: []string{"known-exploited"}},
	}
	runKind(t, "software.patch", cases)
}

func TestRemoteTools(t *testing.T) {
	unattended := func(s *audit.Software) { s.Unattended = yes }
	teamviewer := installed("PMS-SERVER", "TeamViewer Host", "15.58.4", audit.SoftwareRemoteAccess, unattended)
	anydesk := installed("RECEPTION-01", "AnyDesk", "8.1.0", "", unattended)
	anydeskGP := installed("GP-ROOM1", "AnyDesk", "8.1.0", "", unattended)
	splashtop := installed("GP-ROOM2", "Splashtop Streamer", "3.7.0", audit.SoftwareRemoteAccess, nil)
	bpRemote := installed("PMS-SERVER", "BP Remote Support", "2.0", audit.SoftwareRemoteAccess, func(s *audit.Software) {
		s.Publisher, s.Unattended = "Best Practice Software", yes
	})
	vendors := clinic()
	vendors.Vendors = append(vendors.Vendors, audit.Vendor{Name: "Best Practice Software", Access: "PMS support", MFA: true})
	cases := []kindCase{
		{name: "listed vendor's tool", practice: vendors, facts: withFacts(everyday(), teamviewer, bpRemote),
			status: audit.Pass, reason: "Every remote-access program found (2 installs) belongs to a vendor listed in practice.yaml."},
		{name: "none installed", practice: clinic(), facts: everyday(),
			status: audit.Pass, reason: "No remote-access program was found on the 2 devices in the software inventory."},
		{name: "unknown tool, attended", practice: clinic(), facts: withFacts(everyday(), teamviewer, splashtop),
			status: audit.Warn, reason: "1 remote-access program on 1 device is not linked to any vendor in practice.yaml.", subjects: []string{"Splashtop Streamer 3.7.0"}},
		{name: "unattended unknown tool", practice: clinic(), facts: withFacts(everyday(), anydesk, anydeskGP, splashtop),
			status: audit.Fail, reason: "1 remote-access program on 2 devices allows unattended remote access for no listed vendor.",
			subjects: []string{"AnyDesk 8.1.0", "Splashtop Streamer 3.7.0"}},
		{name: "no vendors listed", practice: &audit.Practice{Name: "Harbourside"}, facts: withFacts(everyday(), teamviewer), status: audit.Fail, subjects: []string{"TeamViewer Host 15.58.4"}},
		{name: "no inventory", practice: clinic(), status: audit.NotChecked, reason: noSoftware},
		{name: "gap", practice: clinic(), facts: withFacts(everyday(), softwareGap), status: audit.NotChecked},
	}
	runKind(t, "software.remote_tools", cases)
}

func TestVendorsMFA(t *testing.T) {
	withMSP := clinic()
	noMFA := clinic()
	noMFA.Vendors = append(noMFA.Vendors,
		audit.Vendor{Name: "PenCS", Access: "CAT4 data extraction from the PMS database", MFA: false},
		audit.Vendor{Name: "Shred-It", Access: "none"},
	)
	onlyNone := &audit.Practice{Vendors: []audit.Vendor{{Name: "Window cleaner", Access: "None"}}}
	cases := []kindCase{
		{name: "vendor with MFA", practice: withMSP, status: audit.Pass, reason: "The only vendor with access to practice systems uses MFA."},
		{name: "vendor without MFA", practice: noMFA, status: audit.Fail,
			reason: "1 of 2 vendors with access to practice systems does not use MFA.", subjects: []string{"PenCS"}},
		{name: "no access", practice: onlyNone, status: audit.NotApplicable},
		{name: "no vendors", practice: &audit.Practice{Name: "Harbourside"}, status: audit.NotChecked, contains: "lists no vendors"},
		{name: "no practice", status: audit.NotChecked, contains: "lists no vendors"},
	}
	runKind(t, "vendors.mfa", cases)
}
