package importer

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// SharpHoundUsers reads the users.json file that SharpHound (the
// BloodHound collector) writes, format version 6 and the versions before it
// that share its shape:
//
//	{"data": [{"Properties": {...}, "Aces": [...], "ObjectIdentifier": "S-1-5-21-...", ...}],
//	 "meta": {"type": "users", "version": 6, "count": 14, "methods": ...}}
//
// Each record becomes an account fact of system "ad" with the id
// DOMAIN\samaccountname, DOMAIN being the first label of the domain
// property. From Properties:
//
//   - samaccountname, displayname, email, userprincipalname; description
//     only to spot service accounts (see adLooksService).
//   - enabled. A record without it is a stub SharpHound adds for a
//     principal it only saw referenced: a well-known one (NT AUTHORITY,
//     such as NETWORK SERVICE, ObjectIdentifier ...S-1-5-20) cannot sign in
//     and becomes a disabled service account with its name as the id;
//     another is taken as enabled, with its sign-in unknown.
//   - lastlogontimestamp and lastlogon, Unix seconds: the later is the last
//     sign-in (0 and -1 mean never; SignInLagDays is 14 because
//     lastlogontimestamp replicates late). whencreated and pwdlastset give
//     Created and PasswordSet.
//   - pwdneverexpires and passwordnotreqd: the password flags.
//   - admincount true: the role adAdminCountRole. Group membership is in
//     SharpHound's groups.json, which this reader does not take.
//
// Aces and the other lists are dropped, and so are the password
// properties (userpassword, unicodepassword, ...) SharpHound reports.
// meta.count is not checked against the records: excerpts keep the
// original meta. Source.Path is "$.data[2]". Files from SharpHound 3,
// which named the list "users" instead of "data", are read the same way.
type SharpHoundUsers struct{}

// Name implements Importer.
func (SharpHoundUsers) Name() string { return "sharphound_users" }

// sharpHoundUserKeys are Properties that only user records have (computer
// records share lastlogon, pwdlastset and enabled); sharpHoundOtherKeys
// mark computer records.
var (
	sharpHoundUserKeys  = []string{"dontreqpreauth", "pwdneverexpires", "passwordnotreqd", "sfupassword", "unicodepassword", "unixpassword", "userpassword", "logonscript", "homedirectory", "hasspn"}
	sharpHoundOtherKeys = []string{"operatingsystem", "haslaps", "isdc"}
)

// Detect implements Importer: an object whose meta says type "users", or,
// when meta lies beyond the head (it usually comes last), whose data list
// holds a record with user-only properties.
func (SharpHoundUsers) Detect(_ string, head []byte) bool {
	dec := listDocHead(head)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, ok := tok.(string)
		if !ok {
			return false
		}
		switch key {
		case "meta":
			return sharpHoundDetectMeta(dec)
		case "data", "users":
			if decided, users := sharpHoundDetectData(dec); decided {
				return users
			}
			continue
		}
		if !listDocSkip(dec) {
			return false
		}
	}
}

// sharpHoundDetectMeta reads the meta object for its type.
func sharpHoundDetectMeta(dec *json.Decoder) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	if !listDocSeek(dec, "type") {
		return false
	}
	tok, err := dec.Token()
	s, _ := tok.(string)
	return err == nil && strings.EqualFold(s, "users")
}

// sharpHoundDetectData looks through the data records' Properties for
// keys that settle whether they are users. Having read the whole list
// undecided, it reports decided false and the caller reads on (to meta).
func sharpHoundDetectData(dec *json.Decoder) (decided, users bool) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return true, false
	}
	for dec.More() {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return true, false
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return true, false
			}
			if tok != "Properties" {
				if !listDocSkip(dec) {
					return true, false
				}
				continue
			}
			if decided, users := sharpHoundDetectProps(dec); decided {
				return true, users
			}
		}
		if _, err := dec.Token(); err != nil { // the record's closing brace
			return true, false
		}
	}
	_, err := dec.Token() // the list's closing bracket
	return err != nil, false
}

func sharpHoundDetectProps(dec *json.Decoder) (decided, users bool) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return true, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return true, false
		}
		key, _ := tok.(string)
		switch {
		case oneOf(sharpHoundUserKeys, key):
			return true, true
		case oneOf(sharpHoundOtherKeys, key):
			return true, false
		}
		if !listDocSkip(dec) {
			return true, false
		}
	}
	_, err := dec.Token()
	return err != nil, false
}

// Import implements Importer. Any bad record stops the import with its
// line and path, and no facts are returned.
func (SharpHoundUsers) Import(name string, r io.Reader) ([]audit.Fact, error) {
	d, err := newListDoc(name, r)
	if err != nil {
		return nil, err
	}
	start := d.next()
	if tok, err := d.token(); err != nil {
		return nil, err
	} else if tok != json.Delim('{') {
		return nil, d.errAt(start, "expected a SharpHound users file {\"data\": [...], \"meta\": {\"type\": \"users\"}}, not %s", listDocToken(tok))
	}
	var facts []audit.Fact
	sawData := false
	for {
		key, more, err := d.key()
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		switch key {
		case "data", "users":
			if sawData {
				return nil, d.errAt(d.next(), "the file has both a data and a users list; expected one")
			}
			sawData = true
			if facts, err = sharpHoundData(d, key); err != nil {
				return nil, err
			}
		case "meta":
			if err := sharpHoundMeta(d); err != nil {
				return nil, err
			}
		default:
			if err := d.skip(); err != nil {
				return nil, err
			}
		}
	}
	if !sawData {
		return nil, d.errAt(start, "there is no data list; expected a SharpHound users file {\"data\": [...], \"meta\": {\"type\": \"users\"}}")
	}
	return facts, nil
}

// sharpHoundMeta checks that meta, when present, describes users.
func sharpHoundMeta(d *listDoc) error {
	raw, start, err := d.raw()
	if err != nil {
		return err
	}
	var meta struct {
		Type *string `json:"type"`
	}
	if err := d.decode(raw, start, "$.meta", &meta); err != nil {
		return err
	}
	if meta.Type != nil && !strings.EqualFold(*meta.Type, "users") {
		return audit.Invalid(d.name, d.keyLine(raw, start, "type"), "meta.type is %s; this is SharpHound's %s file, and only users.json is read", exportQuote(*meta.Type), exportQuote(*meta.Type))
	}
	return nil
}

// sharpHoundData reads the list of records under key.
func sharpHoundData(d *listDoc, key string) ([]audit.Fact, error) {
	start := d.next()
	tok, err := d.token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, d.errAt(start, "$.%s must be a list of user records, not %s", key, listDocToken(tok))
	}
	facts := []audit.Fact{}
	for i := 0; d.dec.More(); i++ {
		raw, at, err := d.raw()
		if err != nil {
			return nil, err
		}
		path := "$." + key + "[" + strconv.Itoa(i) + "]"
		a, err := sharpHoundRecord(d, raw, at, path)
		if err != nil {
			return nil, err
		}
		facts = append(facts, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: d.line(at), Path: path}, Account: a})
	}
	_, err = d.token()
	return facts, err
}

// sharpHoundProps reads typed Properties of one record, failing with the
// property's line and path. Keys are matched in lower case, as SharpHound
// writes them.
type sharpHoundProps struct {
	d     *listDoc
	m     map[string]json.RawMessage
	raw   []byte
	start int64
	path  string
}

func (p sharpHoundProps) bad(key, want string) error {
	v := []rune(string(bytes.TrimSpace(p.m[key])))
	if len(v) > 60 {
		v = append(v[:60], []rune("...")...)
	}
	return audit.Invalid(p.d.name, p.d.keyLine(p.raw, p.start, key), "%s.Properties.%s must be %s, not %s", p.path, key, want, string(v))
}

// value returns a property's raw value; absent and null are both nil.
func (p sharpHoundProps) value(key string) json.RawMessage {
	v := bytes.TrimSpace(p.m[key])
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	return v
}

func (p sharpHoundProps) text(key string) (string, error) {
	v := p.value(key)
	if v == nil {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", p.bad(key, "text")
	}
	return strings.TrimSpace(s), nil
}

// flag reads a true/false property; SharpHound versions before 4 wrote
// some as 0 and 1, which are allowed.
func (p sharpHoundProps) flag(key string) (value, present bool, err error) {
	switch string(p.value(key)) {
	case "":
		return false, false, nil
	case "true", "1":
		return true, true, nil
	case "false", "0":
		return false, true, nil
	}
	return false, false, p.bad(key, "true or false")
}

// sharpHoundLatestEpoch is 9999-12-31T23:59:59Z, the last time a fact can
// hold.
const sharpHoundLatestEpoch = 253402300799

// epoch reads a Unix-seconds property. present is whether it is there;
// 0 and -1 (SharpHound's "never" and "not set") give nil.
func (p sharpHoundProps) epoch(key string) (tm *time.Time, present bool, err error) {
	v := p.value(key)
	if v == nil {
		return nil, false, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(v), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > sharpHoundLatestEpoch {
			return nil, true, p.bad(key, "whole seconds since 1970 (0 or -1 for never)")
		}
		n = int64(f)
	}
	switch {
	case n == 0 || n == -1:
		return nil, true, nil
	case n < 0 || n > sharpHoundLatestEpoch:
		return nil, true, p.bad(key, "whole seconds since 1970 (0 or -1 for never)")
	}
	t := time.Unix(n, 0).UTC()
	return &t, true, nil
}

// sharpHoundRecord builds the account of one data record.
func sharpHoundRecord(d *listDoc, raw []byte, start int64, path string) (*audit.Account, error) {
	var rec struct {
		Properties       map[string]json.RawMessage `json:"Properties"`
		ObjectIdentifier *string                    `json:"ObjectIdentifier"`
	}
	if b := bytes.TrimSpace(raw); len(b) == 0 || b[0] != '{' {
		return nil, d.errAt(start, "%s must be a user record object", path)
	}
	if err := d.decode(raw, start, path, &rec); err != nil {
		return nil, err
	}
	if rec.Properties == nil {
		return nil, d.errAt(start, "%s has no Properties; SharpHound writes them for every record", path)
	}
	p := sharpHoundProps{d: d, m: map[string]json.RawMessage{}, raw: raw, start: start, path: path}
	for k, v := range rec.Properties {
		if lk := strings.ToLower(k); p.m[lk] == nil {
			p.m[lk] = v
		}
	}
	a := &audit.Account{System: "ad", Kind: audit.AccountMember}
	oid := ""
	if rec.ObjectIdentifier != nil {
		oid = *rec.ObjectIdentifier
	}
	for _, step := range []func(sharpHoundProps, *audit.Account, string) error{sharpHoundNames, sharpHoundState, sharpHoundTimes} {
		if err := step(p, a, oid); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// sharpHoundNames sets the id, names and kind.
func sharpHoundNames(p sharpHoundProps, a *audit.Account, _ string) error {
	fields := map[string]string{}
	for _, key := range []string{"samaccountname", "name", "domain", "distinguishedname", "displayname", "email", "userprincipalname", "description"} {
		s, err := p.text(key)
		if err != nil {
			return err
		}
		fields[key] = s
	}
	sam := fields["samaccountname"]
	account := sam
	principal, nameDomain, _ := strings.Cut(fields["name"], "@")
	if account == "" {
		account = strings.TrimSpace(principal)
	}
	if account == "" {
		return audit.Invalid(p.d.name, p.d.line(p.start), "%s has neither samaccountname nor name; there is nothing to call the account", p.path)
	}
	domain := fields["domain"]
	if domain == "" {
		domain = nameDomain
	}
	short, _, _ := strings.Cut(domain, ".")
	short = strings.ToUpper(strings.TrimSpace(short))
	if short == "" {
		short = adDomainOf(fields["distinguishedname"], "")
	}
	a.ID = adAccountID(short, account)
	a.SAM = sam
	a.UPN = fields["userprincipalname"]
	a.Email = fields["email"]
	a.DisplayName = fields["displayname"]
	if adLooksService(account, fields["description"]) {
		a.Kind = audit.AccountService
	}
	return nil
}

// sharpHoundState sets Enabled, the flags and the roles.
func sharpHoundState(p sharpHoundProps, a *audit.Account, oid string) error {
	enabled, present, err := p.flag("enabled")
	if err != nil {
		return err
	}
	switch {
	case present:
		a.Enabled = enabled
	case sharpHoundWellKnown(oid):
		a.Kind, a.Enabled = audit.AccountService, false
	default:
		a.Enabled = true
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"pwdneverexpires", &a.PasswordNeverExpires}, {"passwordnotreqd", &a.PasswordNotRequired}} {
		if *f.dst, _, err = p.flag(f.key); err != nil {
			return err
		}
	}
	admin, _, err := p.flag("admincount")
	if err != nil {
		return err
	}
	if admin {
		a.AdminRoles = []string{adAdminCountRole}
	}
	return nil
}

// sharpHoundWellKnown reports whether an object id names a built-in NT
// AUTHORITY principal (S-1-5-18 SYSTEM, S-1-5-20 NETWORK SERVICE, ...),
// which SharpHound prefixes with the domain: "ESC1.LOCAL-S-1-5-20".
func sharpHoundWellKnown(oid string) bool {
	i := strings.LastIndex(strings.ToUpper(oid), "S-1-5-")
	if i < 0 {
		return false
	}
	rest := oid[i+len("S-1-5-"):]
	return rest != "" && strings.Trim(rest, "0123456789") == ""
}

// sharpHoundTimes sets the sign-in, creation and password times.
func sharpHoundTimes(p sharpHoundProps, a *audit.Account, _ string) error {
	var logons []*time.Time
	for _, key := range []string{"lastlogontimestamp", "lastlogon"} {
		tm, present, err := p.epoch(key)
		if err != nil {
			return err
		}
		if present {
			a.SignInKnown = true
			logons = append(logons, tm)
		}
	}
	if a.SignInKnown {
		a.LastSignIn = adLatest(logons)
		a.SignInLagDays = 14
	}
	var err error
	if a.Created, _, err = p.epoch("whencreated"); err != nil {
		return err
	}
	a.PasswordSet, _, err = p.epoch("pwdlastset")
	return err
}
