// Command gen writes a synthetic Entra ID sign-in log in the shape of
// Microsoft Graph auditLogs/signIns, for the sign-in log benchmark: the
// same events as JSON Lines (signins.jsonl) and as one JSON array
// (signins.json).
//
//	go run ./bench/signin/gen -n 1000000 -out DIR
//
// The tenant is a handful of small medical practices (about 200 people,
// each practice with a shared reception account), 90 days of sign-ins,
// newest first as Graph returns them. Roughly 5% of sign-ins fail, 10% are
// single-factor and 2% come from legacy mail clients, concentrated on the
// few people and devices that would really cause them (a scanner sending by
// SMTP, an old phone on ActiveSync). The output is deterministic for a seed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of sign-in events")
	out := flag.String("out", "bench/signin/data", "output folder")
	seed := flag.Uint64("seed", 1, "random seed")
	days := flag.Int("days", 90, "days of history")
	flag.Parse()
	if err := run(*n, *days, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n, days int, seed uint64, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	t := newTenant(rng)
	lines, err := create(filepath.Join(dir, "signins.jsonl"))
	if err != nil {
		return err
	}
	array, err := create(filepath.Join(dir, "signins.json"))
	if err != nil {
		return err
	}
	end := time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC)
	array.WriteString("[")
	written := 0
	for d := 0; d < days && written < n; d++ {
		// Spread what is left evenly over the remaining days.
		count := (n - written) / (days - d)
		if d == days-1 {
			count = n - written
		}
		day := end.AddDate(0, 0, -d).Truncate(24 * time.Hour)
		for _, ev := range t.day(rng, day, count) {
			b, err := json.Marshal(ev)
			if err != nil {
				return err
			}
			lines.Write(b)
			lines.WriteByte('\n')
			if written > 0 {
				array.WriteByte(',')
			}
			array.Write(b)
			written++
		}
	}
	array.WriteString("]\n")
	if err := lines.close(); err != nil {
		return err
	}
	if err := array.close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d events for %d users over %d days to %s\n", written, len(t.users), days, dir)
	return nil
}

type output struct {
	*bufio.Writer
	f *os.File
}

func create(path string) (*output, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &output{bufio.NewWriterSize(f, 1<<20), f}, nil
}

func (o *output) close() error {
	if err := o.Flush(); err != nil {
		o.f.Close()
		return err
	}
	return o.f.Close()
}

// The Graph signIn resource, with the fields a real response carries.
type event struct {
	ID                        string        `json:"id"`
	CreatedDateTime           string        `json:"createdDateTime"`
	UserDisplayName           string        `json:"userDisplayName"`
	UserPrincipalName         string        `json:"userPrincipalName"`
	UserID                    string        `json:"userId"`
	UserType                  string        `json:"userType"`
	AppID                     string        `json:"appId"`
	AppDisplayName            string        `json:"appDisplayName"`
	IPAddress                 string        `json:"ipAddress"`
	ClientAppUsed             string        `json:"clientAppUsed"`
	CorrelationID             string        `json:"correlationId"`
	ConditionalAccessStatus   string        `json:"conditionalAccessStatus"`
	IsInteractive             bool          `json:"isInteractive"`
	AuthenticationRequirement string        `json:"authenticationRequirement"`
	RiskDetail                string        `json:"riskDetail"`
	RiskLevelAggregated       string        `json:"riskLevelAggregated"`
	RiskLevelDuringSignIn     string        `json:"riskLevelDuringSignIn"`
	RiskState                 string        `json:"riskState"`
	RiskEventTypes            []string      `json:"riskEventTypes"`
	RiskEventTypesV2          []string      `json:"riskEventTypes_v2"`
	ResourceDisplayName       string        `json:"resourceDisplayName"`
	ResourceID                string        `json:"resourceId"`
	Status                    status        `json:"status"`
	DeviceDetail              deviceDetail  `json:"deviceDetail"`
	Location                  location      `json:"location"`
	AppliedCAPolicies         []caPolicyUse `json:"appliedConditionalAccessPolicies"`
}

type status struct {
	ErrorCode         int     `json:"errorCode"`
	FailureReason     string  `json:"failureReason"`
	AdditionalDetails *string `json:"additionalDetails"`
}

type deviceDetail struct {
	DeviceID        string `json:"deviceId"`
	DisplayName     string `json:"displayName"`
	OperatingSystem string `json:"operatingSystem"`
	Browser         string `json:"browser"`
	IsCompliant     bool   `json:"isCompliant"`
	IsManaged       bool   `json:"isManaged"`
	TrustType       string `json:"trustType"`
}

type location struct {
	City            string `json:"city"`
	State           string `json:"state"`
	CountryOrRegion string `json:"countryOrRegion"`
	GeoCoordinates  struct {
		Altitude  *float64 `json:"altitude"`
		Latitude  float64  `json:"latitude"`
		Longitude float64  `json:"longitude"`
	} `json:"geoCoordinates"`
}

type caPolicyUse struct {
	ID                      string   `json:"id"`
	DisplayName             string   `json:"displayName"`
	EnforcedGrantControls   []string `json:"enforcedGrantControls"`
	EnforcedSessionControls []string `json:"enforcedSessionControls"`
	Result                  string   `json:"result"`
}

// ---- the tenant

type practice struct {
	domain, prefix    string
	city, state, cc   string
	lat, lon          float64
	officeIP, staffIP string
}

type device struct {
	id, name, os, browser string
	compliant, managed    bool
	trust                 string
	// ips are the addresses the device signs in from: the office for
	// practice computers, home and the mobile network for the rest.
	ips []string
}

type user struct {
	upn, name, id string
	p             *practice
	devices       []device
	// weight is how much the user signs in relative to others.
	weight float64
	// legacy is the share of this user's sign-ins from a legacy client.
	legacy       float64
	legacyClient string
	// singleFactor is the share of sign-ins that need only a password.
	singleFactor float64
	// shared accounts sign in from many front-desk computers the same day.
	shared bool
}

type tenant struct {
	users    []*user
	cumul    []float64
	policies []caPolicyUse
}

var practices = []practice{
	{domain: "harbourviewmedical.com.au", prefix: "HVM", city: "Sydney", state: "New South Wales", cc: "AU", lat: -33.86, lon: 151.21},
	{domain: "northsidegp.com.au", prefix: "NGP", city: "Brisbane", state: "Queensland", cc: "AU", lat: -27.47, lon: 153.03},
	{domain: "gumtreefamilypractice.com.au", prefix: "GFP", city: "Ballarat", state: "Victoria", cc: "AU", lat: -37.56, lon: 143.85},
	{domain: "swanvalleyclinic.com.au", prefix: "SVC", city: "Perth", state: "Western Australia", cc: "AU", lat: -31.95, lon: 115.86},
	{domain: "riversidehealth.com.au", prefix: "RSH", city: "Hobart", state: "Tasmania", cc: "AU", lat: -42.88, lon: 147.33},
	{domain: "elmstreetfamilymed.com", prefix: "ESF", city: "Columbus", state: "Ohio", cc: "US", lat: 39.96, lon: -83.0},
	{domain: "lakeshorepediatrics.com", prefix: "LSP", city: "Madison", state: "Wisconsin", cc: "US", lat: 43.07, lon: -89.4},
	{domain: "mesaverdeclinic.com", prefix: "MVC", city: "Tucson", state: "Arizona", cc: "US", lat: 32.22, lon: -110.97},
}

var firstNames = []string{"Amelia", "Oliver", "Charlotte", "Jack", "Isla", "Noah", "Mia", "William", "Zoë", "Liam",
	"Grace", "Thomas", "Chloe", "Lucas", "Ava", "Ethan", "Sophie", "James", "Priya", "Wei", "Minh", "Fatima", "Siobhán", "Mateo"}
var lastNames = []string{"Smith", "Nguyen", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson",
	"Thompson", "Tran", "Singh", "Patel", "O'Brien", "Kelly", "Chen", "García", "Murphy", "Walker", "Nguyễn", "Rossi"}

type app struct {
	name, id, resource string
	weight             float64
	mobile             bool // a desktop or mobile app rather than a browser
}

var apps = []app{
	{"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", 20, true},
	{"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", 18, true},
	{"Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "Office 365 SharePoint Online", 12, true},
	{"OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca", "Microsoft Graph", 10, false},
	{"Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4", "Office 365 Exchange Online", 9, true},
	{"Office365 Shell WCSS-Client", "89bee1f7-5e6e-4d8a-9f3d-ecd601259da7", "Office365 Shell WCSS-Server", 8, false},
	{"Windows Sign In", "38aa3b87-a06d-4817-b275-7a316988d93b", "Windows Azure Active Directory", 8, true},
	{"Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e", "Device Registration Service", 5, true},
	{"One Outlook Web", "9199bf20-a13f-4107-85dc-02114787ef48", "Office 365 Exchange Online", 5, false},
	{"My Signins", "19db86c3-b2b9-44cc-b339-36da233a3be2", "Microsoft Graph", 2, false},
	{"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API", 1, false},
	{"Microsoft Edge", "ecd6b820-32c2-49b6-98a6-444530e5a77a", "Microsoft Graph", 2, true},
}

var legacyClients = []string{"Authenticated SMTP", "Exchange ActiveSync", "IMAP4", "POP3", "Other clients", "MAPI Over HTTP"}

type failure struct {
	code   int
	reason string
	weight float64
}

var failures = []failure{
	{50126, "Error validating credentials due to invalid username or password.", 40},
	{50074, "Strong Authentication is required.", 20},
	{50140, "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.", 15},
	{53003, "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.", 10},
	{500121, "Authentication failed during strong authentication request.", 10},
	{50058, "Silent sign-in request failed. The user needs to sign in interactively.", 5},
}

func newTenant(rng *rand.Rand) *tenant {
	t := &tenant{policies: []caPolicyUse{
		{ID: guid(rng), DisplayName: "Require MFA for all users", Result: "success", EnforcedGrantControls: []string{"Mfa"}, EnforcedSessionControls: []string{}},
		{ID: guid(rng), DisplayName: "Block legacy authentication", Result: "reportOnlyNotApplied", EnforcedGrantControls: []string{"Block"}, EnforcedSessionControls: []string{}},
		{ID: guid(rng), DisplayName: "Require compliant device for admins", Result: "notApplied", EnforcedGrantControls: []string{"RequireCompliantDevice"}, EnforcedSessionControls: []string{}},
	}}
	for i := range practices {
		p := &practices[i]
		p.officeIP = fmt.Sprintf("203.%d.%d.%d", 10+i, rng.IntN(250), 1+rng.IntN(250))
		p.staffIP = fmt.Sprintf("49.%d.%d.", 180+i, rng.IntN(250))
		t.addPractice(rng, p, 23+rng.IntN(6))
	}
	total := 0.0
	for _, u := range t.users {
		total += u.weight
		t.cumul = append(t.cumul, total)
	}
	return t
}

func (t *tenant) addPractice(rng *rand.Rand, p *practice, staff int) {
	var frontDesk []device
	for i := range 4 + rng.IntN(3) {
		frontDesk = append(frontDesk, officePC(rng, p, fmt.Sprintf("%s-RECEP-%02d", p.prefix, i+1)))
	}
	shared := &user{upn: "reception@" + p.domain, name: "Reception", id: guid(rng), p: p,
		devices: frontDesk, weight: 4, shared: true, singleFactor: 0.25}
	t.users = append(t.users, shared)
	for i := range staff {
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		u := &user{
			upn:    fmt.Sprintf("%s.%s%d@%s", ascii(first), ascii(last), i, p.domain),
			name:   first + " " + last,
			id:     guid(rng),
			p:      p,
			weight: 0.5 + rng.Float64()*1.5,
		}
		u.devices = append(u.devices, officePC(rng, p, fmt.Sprintf("%s-PC-%02d", p.prefix, i+1)))
		home := p.staffIP + fmt.Sprint(1+rng.IntN(250))
		u.devices = append(u.devices, phone(rng, home))
		if rng.IntN(3) == 0 {
			u.devices = append(u.devices, homeLaptop(rng, home))
		}
		switch {
		case i == 0: // the practice manager's old phone on ActiveSync
			u.legacy, u.legacyClient = 0.15, "Exchange ActiveSync"
		case i == 1: // the scanner that sends by SMTP as this person
			u.legacy, u.legacyClient = 0.3, "Authenticated SMTP"
		case rng.IntN(20) == 0:
			u.legacy, u.legacyClient = 0.1, legacyClients[rng.IntN(len(legacyClients))]
		}
		u.singleFactor = 0.04
		if rng.IntN(8) == 0 { // excluded from the MFA policy
			u.singleFactor = 0.3
		}
		t.users = append(t.users, u)
	}
}

func officePC(rng *rand.Rand, p *practice, name string) device {
	os := "Windows 10"
	if rng.IntN(2) == 0 {
		os = "Windows 11"
	}
	return device{id: guid(rng), name: name, os: os, browser: pick(rng, "Edge 124.0.0", "Chrome 125.0.0"),
		compliant: true, managed: true, trust: "Azure AD joined", ips: []string{p.officeIP}}
}

func phone(rng *rand.Rand, home string) device {
	ips := []string{home, fmt.Sprintf("1.%d.%d.%d", 120+rng.IntN(20), rng.IntN(250), 1+rng.IntN(250))}
	if rng.IntN(2) == 0 {
		return device{id: pick(rng, guid(rng), ""), os: "Ios 17.5", browser: "Mobile Safari 17.5", ips: ips}
	}
	return device{id: pick(rng, guid(rng), ""), os: "Android 14", browser: "Chrome Mobile 125.0.0", ips: ips}
}

func homeLaptop(rng *rand.Rand, home string) device {
	return device{os: pick(rng, "MacOs 14.5", "Windows 10"), browser: pick(rng, "Safari 17.5", "Chrome 125.0.0"),
		ips: []string{home}}
}

// day returns count events on day, newest first.
func (t *tenant) day(rng *rand.Rand, day time.Time, count int) []event {
	times := make([]int64, count)
	for i := range times {
		// Mostly working hours in the practice's zone, some evening use.
		times[i] = day.Unix() + rng.Int64N(86400)
	}
	slices.Sort(times)
	slices.Reverse(times)
	evs := make([]event, count)
	for i, sec := range times {
		evs[i] = t.event(rng, time.Unix(sec, rng.Int64N(1e7)*100).UTC())
	}
	return evs
}

func (t *tenant) event(rng *rand.Rand, at time.Time) event {
	u := t.pickUser(rng)
	d := u.devices[rng.IntN(len(u.devices))]
	if u.shared && rng.IntN(10) < 9 {
		d = u.devices[rng.IntN(len(u.devices))]
	}
	a := pickApp(rng)
	upn := u.upn
	if rng.IntN(100) == 0 { // Graph keeps the case the user typed
		upn = titleFirst(upn)
	}
	ip := d.ips[rng.IntN(len(d.ips))]
	ev := event{
		ID: guid(rng), CreatedDateTime: at.Format("2006-01-02T15:04:05.0000000Z"),
		UserDisplayName: u.name, UserPrincipalName: upn, UserID: u.id, UserType: "Member",
		AppID: a.id, AppDisplayName: a.name, IPAddress: ip, ClientAppUsed: "Browser",
		CorrelationID: guid(rng), ConditionalAccessStatus: "success", IsInteractive: rng.IntN(3) > 0,
		AuthenticationRequirement: "multiFactorAuthentication",
		RiskDetail:                "none", RiskLevelAggregated: "none", RiskLevelDuringSignIn: "none", RiskState: "none",
		RiskEventTypes: []string{}, RiskEventTypesV2: []string{},
		ResourceDisplayName: a.resource, ResourceID: guid(rng),
		DeviceDetail: deviceDetail{DeviceID: d.id, DisplayName: d.name, OperatingSystem: d.os, Browser: d.browser,
			IsCompliant: d.compliant, IsManaged: d.managed, TrustType: d.trust},
		AppliedCAPolicies: t.policies,
	}
	if a.mobile {
		ev.ClientAppUsed = "Mobile Apps and Desktop clients"
	}
	ev.Location.City, ev.Location.State, ev.Location.CountryOrRegion = u.p.city, u.p.state, u.p.cc
	ev.Location.GeoCoordinates.Latitude = u.p.lat + rng.Float64()/100
	ev.Location.GeoCoordinates.Longitude = u.p.lon + rng.Float64()/100
	if rng.Float64() < u.legacy {
		ev.ClientAppUsed = u.legacyClient
		ev.AppDisplayName, ev.ResourceDisplayName = "Office 365 Exchange Online", "Office 365 Exchange Online"
		ev.AuthenticationRequirement = "singleFactorAuthentication"
		ev.ConditionalAccessStatus = "notApplied"
	} else if rng.Float64() < u.singleFactor {
		ev.AuthenticationRequirement = "singleFactorAuthentication"
	}
	if rng.IntN(100) < 5 {
		f := pickFailure(rng)
		ev.Status = status{ErrorCode: f.code, FailureReason: f.reason}
		if f.code == 53003 {
			ev.ConditionalAccessStatus = "failure"
		}
	} else {
		// Graph gives successful sign-ins this reason too.
		ev.Status = status{FailureReason: "Other."}
	}
	return ev
}

func (t *tenant) pickUser(rng *rand.Rand) *user {
	x := rng.Float64() * t.cumul[len(t.cumul)-1]
	i, _ := slices.BinarySearch(t.cumul, x)
	return t.users[min(i, len(t.users)-1)]
}

func pickApp(rng *rand.Rand) app {
	total := 0.0
	for _, a := range apps {
		total += a.weight
	}
	x := rng.Float64() * total
	for _, a := range apps {
		if x -= a.weight; x < 0 {
			return a
		}
	}
	return apps[0]
}

func pickFailure(rng *rand.Rand) failure {
	x := rng.Float64() * 100
	for _, f := range failures {
		if x -= f.weight; x < 0 {
			return f
		}
	}
	return failures[0]
}

func pick(rng *rand.Rand, a, b string) string {
	if rng.IntN(2) == 0 {
		return a
	}
	return b
}

func guid(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0x0fff|0x4000,
		uint16(b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}

// ascii keeps the letters a UPN may hold.
func ascii(s string) string {
	var out []byte
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			out = append(out, byte(r|0x20))
		case r == 'ë':
			out = append(out, 'e')
		case r == 'á':
			out = append(out, 'a')
		case r == 'ễ':
			out = append(out, 'e')
		}
	}
	return string(out)
}

func titleFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-32) + s[1:]
}
