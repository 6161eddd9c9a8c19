package signin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// This file is a second, deliberately plain implementation of the JSON
// reading and the aggregates: encoding/json for the parsing, maps for the
// sums. Tests and fuzz targets compare Read with it, so the hand-written
// parser, the parallel chunking and the location fix-ups are checked
// against something simple enough to trust.

type refUser struct {
	User
	lastOK, latest     int64
	hasOK              bool
	okLine, latestLine int
	okPath, latestPath string
	okOff, latestOff   int64
	days               map[int64]map[string]bool
}

type refAgg struct {
	users  map[string]*refUser
	events int
	noUser int
}

type kv struct {
	key string
	raw json.RawMessage
}

// refRead reads a JSON sign-in log with encoding/json.
func refRead(data []byte) (*Summary, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	a := &refAgg{users: map[string]*refUser{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	tops := 0
	for {
		start := skipWS(data, int(dec.InputOffset()))
		if start >= len(data) {
			break
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		tops++
		switch data[start] {
		case '[':
			elems, err := refElements(data, start)
			if err != nil {
				return nil, err
			}
			for i, off := range elems {
				if err := a.item(data, off, i); err != nil {
					return nil, err
				}
			}
		case '{':
			if err := a.item(data, start, -1); err != nil {
				return nil, err
			}
		default:
			return nil, errors.New("top-level value is not an object or list")
		}
	}
	if tops == 0 {
		return nil, errors.New("no JSON")
	}
	return a.summary(), nil
}

func skipWS(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// refElements returns the offsets of the elements of the list at data[off].
func refElements(data []byte, off int) ([]int, error) {
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var offs []int
	for dec.More() {
		// After a ',' or the '[', the element starts at the next non-space.
		at := int(dec.InputOffset())
		at = skipWS(data[off:], at)
		if data[off+at] == ',' {
			at = skipWS(data[off:], at+1)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		offs = append(offs, off+at)
	}
	return offs, nil
}

// refObject reads the object at data[off] as ordered members.
func refObject(data []byte, off int) ([]kv, error) {
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []kv
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, kv{tok.(string), raw})
	}
	return out, nil
}

// item reads a top-level object or list element: an event or a page.
func (a *refAgg) item(data []byte, off, outer int) error {
	if data[off] != '{' {
		return errors.New("element is not an object")
	}
	members, err := refObject(data, off)
	if err != nil {
		return err
	}
	for _, m := range members {
		if strings.EqualFold(m.key, "value") && len(m.raw) > 0 && m.raw[0] == '[' {
			return a.page(data, off, outer)
		}
	}
	return a.event(data, off, loc{line: lineAt(data, off), off: int64(off), outer: outer, inner: -1}, members)
}

// page reads a page's events; the value list is found by walking tokens
// so that its offset is exact.
func (a *refAgg) page(data []byte, off, outer int) error {
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	dec.Token() // {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if strings.EqualFold(tok.(string), "value") {
			at := skipWS(data[off:], int(dec.InputOffset()))
			at = skipWS(data[off:], at+1) // past ':'
			if data[off+at] == '[' {
				elems, err := refElements(data, off+at)
				if err != nil {
					return err
				}
				for i, e := range elems {
					if data[e] != '{' {
						return errors.New("page element is not an object")
					}
					members, err := refObject(data, e)
					if err != nil {
						return err
					}
					for _, m := range members {
						if strings.EqualFold(m.key, "value") && len(m.raw) > 0 && m.raw[0] == '[' {
							return errors.New("page in page")
						}
					}
					if err := a.event(data, e, loc{line: lineAt(data, e), off: int64(e), outer: outer, inner: i}, members); err != nil {
						return err
					}
				}
				return nil
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
	}
	return errors.New("no value list")
}

func lineAt(data []byte, off int) int { return 1 + bytes.Count(data[:off], []byte("\n")) }

// refEvent is an event's fields as the reference reads them.
type refEvent struct {
	created, generated           *string
	upn, userID, name, userType  string
	client, authReq, ip          string
	resultCode, statusCode       int64
	hasResult, hasStatus         bool
	mfaGiven                     bool
	mfaMethod                    string
	deviceID, deviceName, os, br string
}

func (a *refAgg) event(data []byte, off int, l loc, members []kv) error {
	var ev refEvent
	var firstErr error
	for _, m := range members {
		if err := ev.set(m); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	// An event without a user is skipped whatever else is wrong with it.
	if ev.upn == "" {
		a.noUser++
		return nil
	}
	if firstErr != nil {
		return firstErr
	}
	raw := ev.created
	if raw == nil {
		raw = ev.generated
	}
	if raw == nil {
		return errors.New("no time")
	}
	when, ok := parseTime([]byte(*raw))
	if !ok {
		return fmt.Errorf("bad time %q", *raw)
	}
	code, has := ev.resultCode, ev.hasResult
	if !has {
		code, has = ev.statusCode, ev.hasStatus
	}
	if !has {
		return errors.New("no code")
	}
	a.add(&ev, when, code, l)
	return nil
}

func (ev *refEvent) set(m kv) error {
	k := strings.ToLower(m.key)
	var err error
	switch k {
	case "createddatetime":
		ev.created, err = refTextPtr(m.raw, ev.created)
	case "timegenerated":
		ev.generated, err = refTextPtr(m.raw, ev.generated)
	case "userprincipalname":
		err = refText(m.raw, &ev.upn)
	case "userid":
		err = refText(m.raw, &ev.userID)
	case "userdisplayname":
		err = refText(m.raw, &ev.name)
	case "usertype":
		err = refText(m.raw, &ev.userType)
	case "clientappused":
		err = refText(m.raw, &ev.client)
	case "authenticationrequirement":
		err = refText(m.raw, &ev.authReq)
	case "ipaddress":
		err = refText(m.raw, &ev.ip)
	case "resulttype":
		err = refCode(m.raw, &ev.resultCode, &ev.hasResult)
	case "status", "devicedetail", "mfadetail":
		err = ev.nested(k, m.raw)
	}
	return err
}

func refTextPtr(raw json.RawMessage, old *string) (*string, error) {
	if string(raw) == "null" {
		return old, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func refText(raw json.RawMessage, dst *string) error {
	if string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, dst)
}

func refCode(raw json.RawMessage, dst *int64, has *bool) error {
	if string(raw) == "null" {
		*has = false
		return nil
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return err
		}
	} else if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return errors.New("code is not a number")
	}
	n, ok := atoi([]byte(text))
	if !ok {
		return errors.New("code is not whole")
	}
	*dst, *has = n, true
	return nil
}

func (ev *refEvent) nested(k string, raw json.RawMessage) error {
	if string(raw) == "null" {
		return nil
	}
	obj := []byte(raw)
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		obj = []byte(s)
		if !json.Valid(obj) {
			return errors.New("embedded JSON is not valid")
		}
	}
	obj = bytes.TrimSpace(obj)
	if len(obj) == 0 || obj[0] != '{' {
		return errors.New("not an object")
	}
	members, err := refObject(obj, 0)
	if err != nil {
		return err
	}
	if k == "mfadetail" {
		ev.mfaGiven = true
	}
	for _, m := range members {
		ik := strings.ToLower(m.key)
		switch {
		case k == "status" && ik == "errorcode":
			err = refCode(m.raw, &ev.statusCode, &ev.hasStatus)
		case k == "devicedetail" && ik == "deviceid":
			ev.deviceID = ""
			err = refText(m.raw, &ev.deviceID)
		case k == "devicedetail" && ik == "displayname":
			ev.deviceName = ""
			err = refText(m.raw, &ev.deviceName)
		case k == "devicedetail" && ik == "operatingsystem":
			ev.os = ""
			err = refText(m.raw, &ev.os)
		case k == "devicedetail" && ik == "browser":
			ev.br = ""
			err = refText(m.raw, &ev.br)
		case k == "mfadetail" && ik == "authmethod":
			ev.mfaMethod = ""
			err = refText(m.raw, &ev.mfaMethod)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *refAgg) add(ev *refEvent, when, code int64, l loc) {
	a.events++
	id := strings.ToLower(ev.upn)
	u, ok := a.users[id]
	if !ok {
		u = &refUser{User: User{ID: id, UPN: ev.upn}, days: map[int64]map[string]bool{}}
		a.users[id] = u
	}
	if u.ObjectID == "" {
		u.ObjectID = ev.userID
	}
	if u.DisplayName == "" {
		u.DisplayName = ev.name
	}
	if u.UserType == "" {
		u.UserType = ev.userType
	}
	u.Events++
	if u.Events == 1 || when > u.latest || when == u.latest && l.off > u.latestOff {
		u.latest, u.latestLine, u.latestPath, u.latestOff = when, l.line, l.path(), l.off
	}
	legacy := false
	for _, c := range LegacyClients {
		legacy = legacy || strings.EqualFold(c, ev.client)
	}
	if code != 0 {
		u.Failed++
		if legacy {
			u.LegacyFailed++
		}
		return
	}
	if !u.hasOK || when > u.lastOK || when == u.lastOK && l.off > u.okOff {
		u.lastOK, u.hasOK, u.okLine, u.okPath, u.okOff = when, true, l.line, l.path(), l.off
	}
	switch {
	case ev.authReq != "":
		if isSingleFactor([]byte(ev.authReq)) {
			u.SingleFactor++
		}
	case ev.mfaGiven:
		if ev.mfaMethod == "" {
			u.SingleFactor++
		}
	default:
		u.FactorUnknown++
	}
	if legacy {
		u.Legacy++
	}
	var key string
	switch {
	case ev.deviceID != "":
		key = "id:" + ev.deviceID
	case ev.deviceName != "":
		key = "name:" + ev.deviceName
	case ev.os+ev.br+ev.ip != "":
		key = fmt.Sprintf("ua:%q|%q|%q", ev.os, ev.br, ev.ip)
	}
	if key != "" {
		day := floorDiv(floorDiv(when, 1e9), 86400)
		if u.days[day] == nil {
			u.days[day] = map[string]bool{}
		}
		u.days[day][key] = true
	}
}

func (a *refAgg) summary() *Summary {
	s := &Summary{Events: a.events}
	for _, u := range a.users {
		out := u.User
		out.Line, out.Path = u.latestLine, u.latestPath
		if u.hasOK {
			out.LastSuccess = time.Unix(0, u.lastOK).UTC()
			out.Line, out.Path = u.okLine, u.okPath
		}
		for _, d := range u.days {
			out.MaxDevicesPerDay = max(out.MaxDevicesPerDay, len(d))
		}
		s.Users = append(s.Users, out)
		s.FactorUnknown += out.FactorUnknown
	}
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].ID < s.Users[j].ID })
	if a.noUser > 0 {
		s.Skipped = []Skip{{Count: a.noUser}}
	}
	return s
}

// sameSummary compares what both readers should agree on, returning a
// description of the first difference.
func sameSummary(got, want *Summary) string {
	if got.Events != want.Events {
		return fmt.Sprintf("events %d, want %d", got.Events, want.Events)
	}
	if skipped(got) != skipped(want) {
		return fmt.Sprintf("skipped %d, want %d", skipped(got), skipped(want))
	}
	if len(got.Users) != len(want.Users) {
		return fmt.Sprintf("%d users, want %d", len(got.Users), len(want.Users))
	}
	for i := range got.Users {
		g, w := got.Users[i], want.Users[i]
		if !g.LastSuccess.Equal(w.LastSuccess) {
			return fmt.Sprintf("%s: last success %v, want %v", w.ID, g.LastSuccess, w.LastSuccess)
		}
		g.LastSuccess, w.LastSuccess = time.Time{}, time.Time{}
		if g != w {
			return fmt.Sprintf("user differs:\n got %+v\nwant %+v", g, w)
		}
	}
	return ""
}

func skipped(s *Summary) int {
	n := 0
	for _, k := range s.Skipped {
		n += k.Count
	}
	return n
}
