package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/profile"
	"triage/internal/store"
)

type practiceView struct {
	Form     profileForm
	Audits   []store.Audit
	Error    string
	Provider bool
}

// profileForm is practice.yaml as form fields. Systems and vendors have no
// fields: they are kept from the stored profile and edited by importing a
// file.
type profileForm struct {
	Name, Country, TimeZone         string
	Domains, PublicIPs, DKIM        string // one per line
	PMSProduct, PMSVersion, Hosting string
	RTO, RPO                        string
	Staff                           []staffRow
	Systems, Vendors                int
	Countries, Hostings, Roles      []string
	TimeZones                       []string
}

// commonTimeZones are the zones the profile form offers: the Australian
// states' and the US mainland's, Alaska's and Hawaii's. A profile imported
// with another zone keeps it (withChoices adds it to the list).
var commonTimeZones = []string{
	"Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Hobart",
	"Australia/Adelaide", "Australia/Darwin", "Australia/Perth",
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
}

type staffRow struct {
	Index             int
	Name, Role, Email string
	Accounts          string // comma-separated
	Start, End        string
}

// blankStaffRows is how many empty rows the form offers for new people;
// more can be added after saving, with or without JavaScript.
const blankStaffRows = 3

func (s *Server) practiceShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	prof, err := p.Profile()
	if err != nil {
		return err
	}
	return s.showPractice(w, r, p, formFromProfile(prof), "", http.StatusOK)
}

func (s *Server) showPractice(w http.ResponseWriter, r *http.Request, p store.Practice, f profileForm, msg string, status int) error {
	audits, err := s.st.Audits(r.Context(), tenant(r), p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "practice", page{Title: p.Name, Practice: &p, Tab: "practice",
		Data: practiceView{Form: f, Audits: audits, Error: msg, Provider: userFrom(r).Role != store.RolePractice}})
	return nil
}

func formFromProfile(p audit.Practice) profileForm {
	f := profileForm{
		Name: p.Name, Country: p.Country, TimeZone: p.TimeZone,
		Domains: strings.Join(p.Domains, "\n"), PublicIPs: strings.Join(p.PublicIPs, "\n"), DKIM: strings.Join(p.DKIMSelectors, "\n"),
		PMSProduct: p.PMS.Product, PMSVersion: p.PMS.Version, Hosting: p.PMS.Hosting,
		RTO: number(p.PMS.RTOHours), RPO: number(p.PMS.RPOHours),
		Systems: len(p.Systems), Vendors: len(p.Vendors),
	}
	for i, st := range p.Staff {
		row := staffRow{Index: i, Name: st.Name, Role: st.Role, Email: st.Email, Accounts: strings.Join(st.Accounts, ", ")}
		if st.Start != nil {
			row.Start = st.Start.String()
		}
		if st.End != nil {
			row.End = st.End.String()
		}
		f.Staff = append(f.Staff, row)
	}
	return f.withChoices()
}

// withChoices adds the blank rows and the closed lists the selects offer.
func (f profileForm) withChoices() profileForm {
	n := len(f.Staff)
	for i := range blankStaffRows {
		f.Staff = append(f.Staff, staffRow{Index: n + i})
	}
	f.Countries, f.Hostings, f.Roles = profile.Countries, profile.PMSHostings, audit.Roles
	f.TimeZones = commonTimeZones
	if f.TimeZone != "" && !slices.Contains(f.TimeZones, f.TimeZone) {
		f.TimeZones = append(slices.Clone(f.TimeZones), f.TimeZone)
	}
	return f
}

func number(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
