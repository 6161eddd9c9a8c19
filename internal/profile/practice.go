package profile

import (
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

// Countries lists the countries practice.yaml accepts.
var Countries = []string{"AU", "US"}

// PMSHostings lists the values pms.hosting accepts.
var PMSHostings = []string{"on-premises", "cloud"}

var (
	practiceFields = []string{"name", "country", "time_zone", "domains", "public_ips", "dkim_selectors", "pms", "staff", "systems", "vendors"}
	pmsFields      = []string{"product", "version", "hosting", "rto_hours", "rpo_hours"}
	personFields   = []string{"name", "role", "email", "accounts", "start", "end"}
	systemFields   = []string{"name", "kind", "critical", "hosting"}
	vendorFields   = []string{"name", "access", "mfa"}
)

// LoadPractice reads practice.yaml from r. name is used in error messages.
// Every error is an *audit.Error with code EInvalid, the file name and the
// line of the offending value.
func LoadPractice(name string, r io.Reader) (audit.Practice, error) {
	root, err := readDocument(name, r)
	if err != nil {
		return audit.Practice{}, err
	}
	pr := &reader{name: name}
	p, err := pr.practice(root)
	if err != nil {
		return audit.Practice{}, err
	}
	return p, nil
}

// LoadPracticeFile reads practice.yaml from path; errors name the path as
// given.
func LoadPracticeFile(path string) (audit.Practice, error) {
	f, err := openFile(path)
	if err != nil {
		return audit.Practice{}, err
	}
	defer f.Close()
	return LoadPractice(path, f)
}

func (r *reader) practice(root *yaml.Node) (audit.Practice, error) {
	var p audit.Practice
	seen := map[string]bool{}
	err := r.mapping(root, "", practiceFields, func(key string, f field) error {
		seen[key] = true
		var err error
		switch key {
		case "name":
			p.Name, err = r.required(f.val, "name", "the practice's name, like name: Riverside Family Practice")
		case "country":
			p.Country, err = r.country(f.val)
		case "time_zone":
			p.TimeZone, err = r.timeZone(f.val)
		case "domains":
			p.Domains, err = r.domains(f.val)
		case "public_ips":
			p.PublicIPs, err = r.publicIPs(f.val)
		case "dkim_selectors":
			p.DKIMSelectors, err = r.selectors(f.val)
		case "pms":
			p.PMS, err = r.pms(f.val)
		case "staff":
			p.Staff, err = r.staff(f.val)
		case "systems":
			p.Systems, err = r.systems(f.val)
		case "vendors":
			p.Vendors, err = r.vendors(f.val)
		}
		return err
	})
	if err != nil {
		return audit.Practice{}, err
	}
	if !seen["name"] {
		return audit.Practice{}, r.errf(root, "name is missing; add a line like name: Riverside Family Practice")
	}
	if !seen["country"] {
		return audit.Practice{}, r.errf(root, "country is missing; add country: AU or country: US")
	}
	return p, nil
}

// timeZone accepts an IANA zone name that the built-in zone database knows
// (Australia/Perth, America/Chicago); blank means the country's default.
func (r *reader) timeZone(n *yaml.Node) (string, error) {
	s, err := r.text(n, "time_zone")
	if err != nil || s == "" {
		return "", err
	}
	// "Local" would mean wherever Triage happens to run.
	if _, err := time.LoadLocation(s); err != nil || s == "Local" {
		return "", r.errf(n, "time_zone %q is not a known time zone; write one like Australia/Adelaide or America/Denver", s)
	}
	return s, nil
}

func (r *reader) country(n *yaml.Node) (string, error) {
	s, err := r.required(n, "country", "AU or US")
	if err != nil {
		return "", err
	}
	c := strings.ToUpper(s)
	if !contains(Countries, c) {
		return "", r.errf(n, "country %q is not supported; use %s", s, strings.Join(Countries, " or "))
	}
	return c, nil
}

func (r *reader) pms(n *yaml.Node) (audit.PMS, error) {
	var p audit.PMS
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return p, nil
	}
	err := r.mapping(n, "pms", pmsFields, func(key string, f field) error {
		var err error
		path := "pms." + key
		switch key {
		case "product":
			p.Product, err = r.text(f.val, path)
		case "version":
			p.Version, err = r.text(f.val, path)
		case "hosting":
			p.Hosting, err = r.hosting(f.val, path)
		case "rto_hours":
			p.RTOHours, err = r.number(f.val, path)
		case "rpo_hours":
			p.RPOHours, err = r.number(f.val, path)
		}
		return err
	})
	return p, err
}

func (r *reader) hosting(n *yaml.Node, path string) (string, error) {
	s, err := r.text(n, path)
	if err != nil || s == "" {
		return "", err
	}
	h := strings.ToLower(s)
	if !contains(PMSHostings, h) {
		return "", r.errf(n, "%s %q is not known; use %s", path, s, strings.Join(PMSHostings, " or "))
	}
	return h, nil
}
