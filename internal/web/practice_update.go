package web

import (
	"net/http"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// practiceUpdate saves the profile form. The form becomes practice.yaml
// and goes through the same checks as an uploaded file; on a mistake the
// form comes back as it was typed, with what to fix.
func (s *Server) practiceUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	old, err := p.Profile()
	if err != nil {
		return err
	}
	f := formFromRequest(r)
	next, msg := practiceFromForm(f, old)
	if msg == "" {
		text, err := practiceYAML(next)
		if err != nil {
			return err
		}
		updated, err := s.st.UpdatePracticeProfile(ctx, tenant(r), p.ID, text)
		if err == nil {
			s.record(ctx, tenant(r), p.ID, "practice.update", updated.Name)
			s.flash(r, "Profile saved.")
			return redirect(w, r, practicePath(p.ID))
		}
		if !isInvalid(err) {
			return err
		}
		msg = formMessage(err)
	}
	f.Systems, f.Vendors = len(old.Systems), len(old.Vendors)
	return s.showPractice(w, r, p, f.withChoices(), msg, http.StatusBadRequest)
}

// formFromRequest reads the profile form as typed, blank staff rows and
// rows marked for removal left out.
func formFromRequest(r *http.Request) profileForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := profileForm{
		Name: v("name"), Country: v("country"), TimeZone: v("time_zone"), Domains: v("domains"), PublicIPs: v("public_ips"), DKIM: v("dkim_selectors"),
		PMSProduct: v("pms_product"), PMSVersion: v("pms_version"), Hosting: v("pms_hosting"), RTO: v("rto_hours"), RPO: v("rpo_hours"),
	}
	count, _ := strconv.Atoi(r.PostFormValue("staff_count"))
	count = min(max(count, 0), 2000)
	for i := range count {
		k := func(field string) string { return v("staff." + strconv.Itoa(i) + "." + field) }
		row := staffRow{Index: len(f.Staff), Name: k("name"), Role: k("role"), Email: k("email"),
			Accounts: k("accounts"), Start: k("start"), End: k("end")}
		if k("remove") != "" || row == (staffRow{Index: row.Index}) || (row.Name == "" && row.Email == "" && row.Accounts == "" && row.Start == "" && row.End == "") {
			continue
		}
		f.Staff = append(f.Staff, row)
	}
	return f
}

// practiceFromForm turns the form into a practice, keeping systems and
// vendors from old. What only the form can get wrong (a number or date that
// does not parse) is reported here; the profile rules are the store's.
func practiceFromForm(f profileForm, old audit.Practice) (audit.Practice, string) {
	p := audit.Practice{
		Name: f.Name, Country: f.Country, TimeZone: f.TimeZone,
		Domains: lines(f.Domains), PublicIPs: lines(f.PublicIPs), DKIMSelectors: lines(f.DKIM),
		PMS:     audit.PMS{Product: f.PMSProduct, Version: f.PMSVersion, Hosting: f.Hosting},
		Systems: old.Systems, Vendors: old.Vendors,
	}
	for _, h := range []struct {
		text string
		dst  *float64
		name string
	}{{f.RTO, &p.PMS.RTOHours, "How long the practice can run without the PMS"}, {f.RPO, &p.PMS.RPOHours, "How much recent data could be re-entered"}} {
		if h.text == "" {
			continue
		}
		n, err := strconv.ParseFloat(h.text, 64)
		if err != nil || n < 0 {
			return p, h.name + ": write a number of hours, like 8"
		}
		*h.dst = n
	}
	for i, row := range f.Staff {
		person := audit.Person{Name: row.Name, Role: row.Role, Email: row.Email, Accounts: splitList(row.Accounts)}
		for _, d := range []struct {
			text string
			dst  **audit.Date
			name string
		}{{row.Start, &person.Start, "start"}, {row.End, &person.End, "end"}} {
			if d.text == "" {
				continue
			}
			day, err := audit.ParseDate(d.text)
			if err != nil {
				return p, "Staff row " + strconv.Itoa(i+1) + " (" + row.Name + "), " + d.name + " date: " + err.Error()
			}
			*d.dst = &day
		}
		p.Staff = append(p.Staff, person)
	}
	return p, ""
}

// lines splits a text area into its non-blank lines; commas separate too.
func lines(s string) []string {
	return splitList(strings.NewReplacer("\r\n", ",", "\n", ",").Replace(s))
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
