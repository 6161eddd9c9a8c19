package signin

import (
	"bytes"
	"strconv"
)

// field names the event members the aggregates use; everything else is
// skipped unread.
type field uint8

const (
	fNone field = iota
	fCreated
	fTimeGenerated
	fUPN
	fUserID
	fUserName
	fUserType
	fStatus
	fResultType
	fClient
	fAuthReq
	fMFA
	fDevice
	fIP
	fValue // a Graph response page's list of events
)

// fieldNames are the event members read, by field.
var fieldNames = [...]string{
	fCreated:       "createdDateTime",
	fTimeGenerated: "timeGenerated",
	fUPN:           "userPrincipalName",
	fUserID:        "userId",
	fUserName:      "userDisplayName",
	fUserType:      "userType",
	fStatus:        "status",
	fResultType:    "resultType",
	fClient:        "clientAppUsed",
	fAuthReq:       "authenticationRequirement",
	fMFA:           "mfaDetail",
	fDevice:        "deviceDetail",
	fIP:            "ipAddress",
	fValue:         "value",
}

// keySlot hashes a key's length and its first and last letters (in any
// case) into fieldTable. An event has a couple of dozen keys, most of
// them skipped, so ruling a key out must be cheap: a table lookup and at
// most one comparison, with no switch whose branches the processor would
// mispredict.
func keySlot(k []byte) int {
	if len(k) == 0 {
		return 0
	}
	return (len(k) + int(k[0]|0x20)*11 + int(k[len(k)-1]|0x20)) & 63
}

var fieldTable = func() (t [64]field) {
	for f, name := range fieldNames {
		if name == "" {
			continue
		}
		slot := keySlot([]byte(name))
		if t[slot] != fNone {
			panic("signin: field names " + name + " and " + fieldNames[t[slot]] + " share a slot")
		}
		t[slot] = field(f)
	}
	return t
}()

// topField maps an event member's key, in any case, to a field.
func topField(k []byte) field {
	f := fieldTable[keySlot(k)]
	if f != fNone && eqFold(k, fieldNames[f]) {
		return f
	}
	return fNone
}

// eqFold compares ASCII letters without regard to case; it is
// bytes.EqualFold without the Unicode cases keys never need.
func eqFold(k []byte, want string) bool {
	if len(k) != len(want) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i]|0x20 != want[i]|0x20 {
			return false
		}
	}
	return true
}

// eventReader parses event objects. It keeps the scratch space for
// unescaped strings and the nested JSON that Log Analytics stores in
// strings, so reading an event allocates nothing in the usual case.
type eventReader struct {
	scanner
	ev      event
	scratch []byte
	// created and generated keep the time texts, with their keys and
	// offsets, until the end of the object: createdDateTime is when the
	// sign-in happened and wins over TimeGenerated (when Log Analytics
	// stored it) wherever each appears.
	created, generated       []byte
	createdKey, generatedKey []byte
	createdOff, generatedOff int
	// bad* describe a value of the wrong form, reported once the event
	// has been read (so the message can give the line).
	badOff   int
	badField string
	badMsg   string
}

// object reads the event object at b[i] == '{'. It stops early, returning
// page true, at the '[' of a "value" list: the object is a response page,
// whose events are read one by one by the caller.
func (r *eventReader) object(i int) (next int, page bool) {
	r.ev.reset()
	r.scratch = r.scratch[:0]
	r.created, r.generated = nil, nil
	r.createdKey, r.generatedKey = nil, nil
	r.badField = ""
	b := r.b
	i = r.ws(i + 1)
	if i < len(b) && b[i] == '}' {
		return i + 1, false
	}
	for {
		if i >= len(b) {
			return short, false
		}
		if b[i] != '"' {
			return r.fail(i, "expected a quoted key, found "+quoteByte(b[i])), false
		}
		j, key, esc := r.str(i)
		if j < 0 {
			return j, false
		}
		if esc {
			key = r.unescaped(key)
		}
		if i = r.colon(j); i < 0 {
			return i, false
		}
		f := topField(key)
		if f == fValue && i < len(b) && b[i] == '[' {
			return i, true
		}
		if i = r.member(f, key, i); i < 0 {
			return i, false
		}
		var end bool
		if i, end = r.next(i, '}'); i < 0 || end {
			return i, false
		}
	}
}

// member reads the value of one member into the event.
func (r *eventReader) member(f field, key []byte, i int) int {
	switch f {
	case fNone, fValue:
		return r.skip(i)
	case fStatus, fDevice, fMFA:
		return r.nested(i, key, f)
	case fResultType:
		return r.code(i, key, &r.ev.resultCode, &r.ev.hasResult)
	}
	j, v, isNull := r.text(i, key)
	if j < 0 || isNull {
		return j
	}
	ev := &r.ev
	switch f {
	case fCreated:
		r.created, r.createdKey, r.createdOff = v, key, i
	case fTimeGenerated:
		r.generated, r.generatedKey, r.generatedOff = v, key, i
	case fUPN:
		ev.upn = v
	case fUserID:
		ev.userID = v
	case fUserName:
		ev.displayName = v
	case fUserType:
		ev.userType = v
	case fClient:
		ev.client = v
	case fAuthReq:
		ev.authReq = v
	case fIP:
		ev.ip = v
	}
	return j
}

// text reads a string (or null) member.
func (r *eventReader) text(i int, key []byte) (next int, v []byte, isNull bool) {
	b := r.b
	if i >= len(b) {
		return short, nil, false
	}
	switch b[i] {
	case '"':
		j, raw, esc := r.str(i)
		if j >= 0 && esc {
			raw = r.unescaped(raw)
		}
		return j, raw, false
	case 'n':
		return r.literal(i, "null"), nil, true
	}
	r.wrongForm(i, key, "must be text")
	return r.skip(i), nil, true
}

// unescaped decodes an escaped string into the scratch space. A string
// with an invalid escape is kept as written; encoding/json would refuse
// it, but a stray backslash in a display name is no reason to give up on
// a log.
func (r *eventReader) unescaped(raw []byte) []byte {
	start := len(r.scratch)
	out, ok := unescape(r.scratch, raw)
	if !ok {
		out = append(out[:start], raw...)
	}
	r.scratch = out
	// Later appends may move the scratch space; this slice keeps the old
	// array alive and unchanged.
	return out[start:len(out):len(out)]
}

// wrongForm records the first member whose value has the wrong form.
func (r *eventReader) wrongForm(off int, key []byte, msg string) {
	if r.badField == "" {
		r.badOff, r.badField, r.badMsg = off, string(key), msg
	}
}

// nested reads an object member, or a string holding one (Log Analytics
// keeps dynamic columns as JSON text), into the event.
func (r *eventReader) nested(i int, key []byte, f field) int {
	b := r.b
	if i >= len(b) {
		return short
	}
	switch b[i] {
	case '{':
		r.given(f)
		return r.innerObject(i, f)
	case '"':
		j, raw, esc := r.str(i)
		if j < 0 {
			return j
		}
		if esc {
			raw = r.unescaped(raw)
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			r.given(f)
			r.parseEmbedded(raw, key, i, f)
		}
		return j
	case 'n':
		return r.literal(i, "null")
	}
	r.wrongForm(i, key, "must be an object")
	return r.skip(i)
}

// given notes that the event carries an MFA detail, even an empty one:
// Log Analytics writes {} for a sign-in without MFA.
func (r *eventReader) given(f field) {
	if f == fMFA {
		r.ev.mfaGiven = true
	}
}

// parseEmbedded reads JSON text held in a string. The scanner is pointed
// at the text for the duration, then back at the input.
//
// Positions inside the text are not positions in the input: a problem
// found in it is reported at the string itself (off), so its line is the
// event's, whichever reader (sequential or parallel) finds it.
func (r *eventReader) parseEmbedded(raw, key []byte, off int, f field) {
	outer, hadBad := r.b, r.badField != ""
	errOff, errMsg := r.errOff, r.errMsg
	r.b = raw
	i := r.ws(0)
	ok := i < len(raw) && raw[i] == '{'
	if ok {
		i = r.innerObject(i, f)
		ok = i >= 0 && r.ws(i) == len(raw)
	}
	r.b = outer
	// A syntax error inside the text becomes "must hold a JSON object"
	// below; it must not stand as an error of the input.
	r.errOff, r.errMsg = errOff, errMsg
	if !hadBad && r.badField != "" {
		r.badOff = off
	}
	if !ok {
		r.wrongForm(off, key, "must hold a JSON object")
	}
}

// innerObject reads the members of a nested object.
func (r *eventReader) innerObject(i int, f field) int {
	b := r.b
	i = r.ws(i + 1)
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(b) {
			return short
		}
		if b[i] != '"' {
			return r.fail(i, "expected a quoted key, found "+quoteByte(b[i]))
		}
		j, key, esc := r.str(i)
		if j < 0 {
			return j
		}
		if esc {
			key = r.unescaped(key)
		}
		if i = r.colon(j); i < 0 {
			return i
		}
		switch f {
		case fStatus:
			i = r.statusMember(key, i)
		case fDevice:
			i = r.deviceMember(key, i)
		default:
			i = r.mfaMember(key, i)
		}
		if i < 0 {
			return i
		}
		var end bool
		if i, end = r.next(i, '}'); i < 0 || end {
			return i
		}
	}
}

func (r *eventReader) statusMember(k []byte, i int) int {
	if eqFold(k, "errorCode") {
		return r.code(i, k, &r.ev.statusCode, &r.ev.hasStatus)
	}
	return r.skip(i)
}

func (r *eventReader) deviceMember(k []byte, i int) int {
	var dst *[]byte
	switch {
	case eqFold(k, "deviceId"):
		dst = &r.ev.deviceID
	case eqFold(k, "displayName"):
		dst = &r.ev.deviceName
	case eqFold(k, "operatingSystem"):
		dst = &r.ev.os
	case eqFold(k, "browser"):
		dst = &r.ev.browser
	default:
		return r.skip(i)
	}
	j, v, _ := r.text(i, k)
	*dst = v
	return j
}

func (r *eventReader) mfaMember(k []byte, i int) int {
	if !eqFold(k, "authMethod") {
		return r.skip(i)
	}
	j, v, _ := r.text(i, k)
	r.ev.mfaMethod = v
	return j
}

// code reads an error code: a number (Graph's status.errorCode) or a
// string holding one (Log Analytics' ResultType). null leaves it unset.
func (r *eventReader) code(i int, key []byte, dst *int64, has *bool) int {
	b := r.b
	if i >= len(b) {
		return short
	}
	var (
		j   int
		raw []byte
	)
	switch c := b[i]; {
	case c == '"':
		var esc bool
		if j, raw, esc = r.str(i); j >= 0 && esc {
			raw = r.unescaped(raw)
		}
	case c == '-' || c >= '0' && c <= '9':
		if j = r.number(i); j >= 0 {
			raw = b[i:j]
		}
	case c == 'n':
		*has = false
		return r.literal(i, "null")
	default:
		r.wrongForm(i, key, "must be a number")
		return r.skip(i)
	}
	if j < 0 {
		return j
	}
	n, ok := atoi(raw)
	if !ok {
		r.wrongForm(i, key, "must be a whole number, not "+strconv.Quote(string(raw)))
		return j
	}
	*dst, *has = n, true
	return j
}

// atoi reads a decimal integer that fits comfortably in an int64.
func atoi(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
