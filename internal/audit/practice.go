package audit

import "time"

// Practice is the profile of the audited practice, read from practice.yaml.
type Practice struct {
	Name    string `json:"name"`
	Country string `json:"country"` // AU or US
	// TimeZone is an IANA zone name such as Australia/Perth; empty means
	// the country's default (Location).
	TimeZone      string   `json:"time_zone,omitempty"`
	Domains       []string `json:"domains,omitempty"`
	PublicIPs     []string `json:"public_ips,omitempty"`
	DKIMSelectors []string `json:"dkim_selectors,omitempty"`
	PMS           PMS      `json:"pms"`
	Staff         []Person `json:"staff,omitempty"`
	Systems       []System `json:"systems,omitempty"`
	Vendors       []Vendor `json:"vendors,omitempty"`
}

// PMS describes the practice management system and its recovery objectives.
type PMS struct {
	Product string `json:"product,omitempty"`
	Version string `json:"version,omitempty"`
	Hosting string `json:"hosting,omitempty"` // on-premises or cloud
	// RTOHours is the longest the practice says it can run without the PMS;
	// RPOHours how much recent data it could afford to re-enter. Zero means
	// not stated.
	RTOHours float64 `json:"rto_hours,omitempty"`
	RPOHours float64 `json:"rpo_hours,omitempty"`
}

// Person is a member of the workforce, past or present.
type Person struct {
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Email    string   `json:"email,omitempty"`
	Accounts []string `json:"accounts,omitempty"` // other sign-in names
	Start    *Date    `json:"start,omitempty"`
	End      *Date    `json:"end,omitempty"` // set for people who have left
}

// Left reports whether the person's last day was before asOf.
func (p Person) Left(asOf time.Time) bool {
	return p.End != nil && p.End.Time().Before(Day(asOf))
}

// System is an application or service the practice depends on.
type System struct {
	Name     string `json:"name"`
	Kind     string `json:"kind,omitempty"`
	Critical bool   `json:"critical,omitempty"`
	Hosting  string `json:"hosting,omitempty"`
}

// Vendor is an outside party with access to the practice's systems.
type Vendor struct {
	Name   string `json:"name"`
	Access string `json:"access,omitempty"`
	MFA    bool   `json:"mfa"`
}

// Roles lists the workforce roles practice.yaml accepts.
var Roles = []string{"gp", "specialist", "nurse", "allied", "reception", "manager", "locum", "registrar", "contractor", "it", "other"}
