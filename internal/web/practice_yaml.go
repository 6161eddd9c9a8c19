package web

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

// The practice.yaml shape for writing, field for field as docs/
// practice-format.md describes it, in that order. The profile package
// reads it back (the store checks every profile it saves), so what the
// form writes is held to the same rules as a file written by hand.
type yamlPractice struct {
	Name          string       `yaml:"name"`
	Country       string       `yaml:"country"`
	TimeZone      string       `yaml:"time_zone,omitempty"`
	Domains       []string     `yaml:"domains,omitempty,flow"`
	PublicIPs     []string     `yaml:"public_ips,omitempty,flow"`
	DKIMSelectors []string     `yaml:"dkim_selectors,omitempty,flow"`
	PMS           *yamlPMS     `yaml:"pms,omitempty"`
	Staff         []yamlPerson `yaml:"staff,omitempty"`
	Systems       []yamlSystem `yaml:"systems,omitempty"`
	Vendors       []yamlVendor `yaml:"vendors,omitempty"`
}

type yamlPMS struct {
	Product  string  `yaml:"product,omitempty"`
	Version  string  `yaml:"version,omitempty"`
	Hosting  string  `yaml:"hosting,omitempty"`
	RTOHours float64 `yaml:"rto_hours,omitempty"`
	RPOHours float64 `yaml:"rpo_hours,omitempty"`
}

type yamlPerson struct {
	Name     string   `yaml:"name"`
	Role     string   `yaml:"role"`
	Email    string   `yaml:"email,omitempty"`
	Accounts []string `yaml:"accounts,omitempty,flow"`
	Start    string   `yaml:"start,omitempty"`
	End      string   `yaml:"end,omitempty"`
}

type yamlSystem struct {
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind,omitempty"`
	Critical bool   `yaml:"critical,omitempty"`
	Hosting  string `yaml:"hosting,omitempty"`
}

type yamlVendor struct {
	Name   string `yaml:"name"`
	Access string `yaml:"access,omitempty"`
	MFA    bool   `yaml:"mfa"`
}

// practiceYAML writes p as practice.yaml.
func practiceYAML(p audit.Practice) (string, error) {
	y := yamlPractice{Name: p.Name, Country: p.Country, TimeZone: p.TimeZone, Domains: p.Domains, PublicIPs: p.PublicIPs, DKIMSelectors: p.DKIMSelectors}
	if p.PMS != (audit.PMS{}) {
		y.PMS = &yamlPMS{Product: p.PMS.Product, Version: p.PMS.Version, Hosting: p.PMS.Hosting,
			RTOHours: p.PMS.RTOHours, RPOHours: p.PMS.RPOHours}
	}
	for _, s := range p.Staff {
		yp := yamlPerson{Name: s.Name, Role: s.Role, Email: s.Email, Accounts: s.Accounts}
		if s.Start != nil {
			yp.Start = s.Start.String()
		}
		if s.End != nil {
			yp.End = s.End.String()
		}
		y.Staff = append(y.Staff, yp)
	}
	for _, s := range p.Systems {
		y.Systems = append(y.Systems, yamlSystem(s))
	}
	for _, v := range p.Vendors {
		y.Vendors = append(y.Vendors, yamlVendor(v))
	}
	var b strings.Builder
	b.WriteString("# Practice profile, written by Triage from the profile form.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}
