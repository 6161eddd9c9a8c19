package importer

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// GWSUsersJSON reads Google Workspace users as the Admin SDK Directory API
// returns them (users.list): one response page
//
//	{"kind": "admin#directory#users", "users": [{...}, ...], "nextPageToken": "..."}
//
// or a list of such pages as a script saves them when following
// nextPageToken, or a plain list of user objects. Each user becomes an
// account fact of system "google" whose id is primaryEmail:
//
//   - primaryEmail (required); name.fullName for the display name.
//   - suspended or archived: not enabled.
//   - isAdmin: the role "Super Admin"; isDelegatedAdmin: the role
//     "Delegated Admin" (the API does not say which roles a delegated
//     admin holds).
//   - isEnrolledIn2Sv and isEnforcedIn2Sv: MFARegistered and MFAEnforced.
//   - lastLoginTime: the last sign-in; the API's
//     "1970-01-01T00:00:00.000Z" (and anything earlier) means never. A
//     missing lastLoginTime leaves the sign-in unknown.
//   - creationTime: Created. isMailboxSetup: HasMailbox.
//
// Other fields (aliases, orgUnitPath, and any password or hash a request
// body may carry) are dropped. Source.Path is "$.users[2]", or
// "$[1].users[2]" in a list of pages.
type GWSUsersJSON struct{}

// Name implements Importer.
func (GWSUsersJSON) Name() string { return "gws_users_json" }

const (
	gwsKindUsers = "admin#directory#users"
	gwsKindUser  = "admin#directory#user"
)

// Detect implements Importer: a users page (kind admin#directory#users, or
// a users list whose first user has primaryEmail or kind
// admin#directory#user), or a list whose first element is one of those or
// a user.
func (GWSUsersJSON) Detect(_ string, head []byte) bool {
	dec := listDocHead(head)
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('{'):
		return gwsDetectObject(dec, false)
	case json.Delim('['):
		tok, err := dec.Token()
		return err == nil && tok == json.Delim('{') && gwsDetectObject(dec, true)
	}
	return false
}

// gwsDetectObject reads the members of an object whose brace has been
// read. userOK says whether the object may itself be a user (inside a
// list) rather than a page.
func gwsDetectObject(dec *json.Decoder, userOK bool) bool {
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, ok := tok.(string)
		if !ok {
			return false // the closing brace: nothing decided
		}
		switch key {
		case "kind":
			tok, err := dec.Token()
			return err == nil && (tok == gwsKindUsers || userOK && tok == gwsKindUser)
		case "primaryEmail":
			return userOK
		case "users":
			tok, err := dec.Token()
			if err != nil || tok != json.Delim('[') {
				return false
			}
			tok, err = dec.Token()
			return err == nil && tok == json.Delim('{') && gwsDetectObject(dec, true)
		}
		if !listDocSkip(dec) {
			return false
		}
	}
}

// Import implements Importer. Any bad user stops the import with its line
// and path, and no facts are returned.
func (GWSUsersJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	d, err := newListDoc(name, r)
	if err != nil {
		return nil, err
	}
	g := &gwsReader{d: d, facts: []audit.Fact{}}
	start := d.next()
	tok, err := d.token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		err = g.object(start, "$", true)
	case json.Delim('['):
		err = g.list()
	default:
		err = d.errAt(start, "expected a Directory API users page {\"kind\": %q, \"users\": [...]} or a list of pages", gwsKindUsers)
	}
	if err != nil {
		return nil, err
	}
	return g.facts, nil
}

type gwsReader struct {
	d     *listDoc
	facts []audit.Fact
}

// list reads a top-level list of pages or users; its bracket has been read.
func (g *gwsReader) list() error {
	for i := 0; g.d.dec.More(); i++ {
		start := g.d.next()
		path := "$[" + strconv.Itoa(i) + "]"
		tok, err := g.d.token()
		if err != nil {
			return err
		}
		if tok != json.Delim('{') {
			return g.d.errAt(start, "%s must be a users page or a user object, not %s", path, listDocToken(tok))
		}
		if err := g.object(start, path, false); err != nil {
			return err
		}
	}
	_, err := g.d.token()
	return err
}

// object reads an object whose brace has been read: a page when it has a
// users list or the page kind, otherwise a user (allowed only inside a
// list: top is true for the file's own object).
func (g *gwsReader) object(start int64, path string, top bool) error {
	page := false
	for {
		key, more, err := g.d.key()
		if err != nil {
			return err
		}
		if !more {
			break
		}
		switch key {
		case "users":
			page = true
			if err := g.users(path + ".users"); err != nil {
				return err
			}
			continue
		case "kind":
			raw, _, err := g.d.raw()
			if err != nil {
				return err
			}
			var kind string
			_ = json.Unmarshal(raw, &kind) // a kind that is not text is simply not the page kind
			page = page || kind == gwsKindUsers
			continue
		}
		if err := g.d.skip(); err != nil {
			return err
		}
	}
	switch {
	case page:
		return nil
	case top:
		return g.d.errAt(start, "there is no users list; expected a Directory API users page {\"kind\": %q, \"users\": [...]}", gwsKindUsers)
	}
	end := g.d.dec.InputOffset()
	return g.user(g.d.data[start:end], start, path)
}

// users reads a page's users list.
func (g *gwsReader) users(path string) error {
	start := g.d.next()
	tok, err := g.d.token()
	if err != nil {
		return err
	}
	switch tok {
	case nil:
		return nil // an empty page, as some clients write it
	case json.Delim('['):
	default:
		return g.d.errAt(start, "%s must be a list of users, not %s", path, listDocToken(tok))
	}
	for i := 0; g.d.dec.More(); i++ {
		raw, at, err := g.d.raw()
		if err != nil {
			return err
		}
		if err := g.user(raw, at, path+"["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	_, err = g.d.token()
	return err
}

// gwsUser holds the fields of a Directory API user this reader keeps.
type gwsUser struct {
	PrimaryEmail *string `json:"primaryEmail"`
	Name         *struct {
		FullName   string `json:"fullName"`
		GivenName  string `json:"givenName"`
		FamilyName string `json:"familyName"`
	} `json:"name"`
	IsAdmin          *bool   `json:"isAdmin"`
	IsDelegatedAdmin *bool   `json:"isDelegatedAdmin"`
	IsEnrolledIn2Sv  *bool   `json:"isEnrolledIn2Sv"`
	IsEnforcedIn2Sv  *bool   `json:"isEnforcedIn2Sv"`
	Suspended        *bool   `json:"suspended"`
	Archived         *bool   `json:"archived"`
	IsMailboxSetup   *bool   `json:"isMailboxSetup"`
	LastLoginTime    *string `json:"lastLoginTime"`
	CreationTime     *string `json:"creationTime"`
}

// user turns one user object into a fact.
func (g *gwsReader) user(raw []byte, start int64, path string) error {
	if b := strings.TrimSpace(string(raw)); !strings.HasPrefix(b, "{") {
		return g.d.errAt(start, "%s must be a user object", path)
	}
	var u gwsUser
	if err := g.d.decode(raw, start, path, &u); err != nil {
		return err
	}
	if u.PrimaryEmail == nil || strings.TrimSpace(*u.PrimaryEmail) == "" {
		return g.d.errAt(start, "%s has no primaryEmail; every Directory API user has one", path)
	}
	email := strings.TrimSpace(*u.PrimaryEmail)
	a := &audit.Account{
		System:        "google",
		ID:            email,
		Email:         email,
		Kind:          audit.AccountMember,
		Enabled:       !gwsTrue(u.Suspended) && !gwsTrue(u.Archived),
		MFARegistered: u.IsEnrolledIn2Sv,
		MFAEnforced:   u.IsEnforcedIn2Sv,
		HasMailbox:    u.IsMailboxSetup,
	}
	if u.Name != nil {
		a.DisplayName = strings.TrimSpace(u.Name.FullName)
		if a.DisplayName == "" {
			a.DisplayName = strings.TrimSpace(u.Name.GivenName + " " + u.Name.FamilyName)
		}
	}
	if gwsTrue(u.IsAdmin) {
		a.AdminRoles = append(a.AdminRoles, "Super Admin")
	}
	if gwsTrue(u.IsDelegatedAdmin) {
		a.AdminRoles = append(a.AdminRoles, "Delegated Admin")
	}
	if err := g.times(&u, a, raw, start, path); err != nil {
		return err
	}
	line := g.d.line(start)
	g.facts = append(g.facts, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: line, Path: path}, Account: a})
	return nil
}

// times sets LastSignIn, SignInKnown and Created.
func (g *gwsReader) times(u *gwsUser, a *audit.Account, raw []byte, start int64, path string) error {
	if u.LastLoginTime != nil {
		tm, err := g.time(*u.LastLoginTime, "lastLoginTime", raw, start, path)
		if err != nil {
			return err
		}
		a.SignInKnown = true
		if tm.Unix() > 0 { // the API writes the Unix epoch for "never"
			a.LastSignIn = &tm
		}
	}
	if u.CreationTime != nil {
		tm, err := g.time(*u.CreationTime, "creationTime", raw, start, path)
		if err != nil {
			return err
		}
		a.Created = &tm
	}
	return nil
}

func (g *gwsReader) time(s, field string, raw []byte, start int64, path string) (time.Time, error) {
	tm, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, audit.Invalid(g.d.name, g.d.keyLine(raw, start, field),
			"%s.%s %s is not a time like \"2024-05-01T09:30:00.000Z\"", path, field, exportQuote(s))
	}
	return tm.UTC(), nil
}

func gwsTrue(b *bool) bool { return b != nil && *b }

// listDocToken names a token for "must be X, not Y" messages.
func listDocToken(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "the number " + string(v)
	case string:
		return "the text " + exportQuote(v)
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	}
	return "something else"
}
