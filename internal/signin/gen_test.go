package signin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Random sign-in logs for the tests: events with every variation the
// readers must handle (key case, missing and null fields, Log Analytics
// strings holding JSON, escapes, decoys that look like events inside
// events), written in every JSON layout.

// member is one key and value of an event, kept in order.
type member struct {
	key string
	val any
}

// object marshals members in order.
type object []member

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

var testUsers = []string{"amy@clinic.example", "Ben.Ng@clinic.example", "reception@clinic.example",
	"zoë@clinic.example", "dr.o'brien@clinic.example", "guest_x#EXT#@clinic.example"}

var testClients = []string{"Browser", "Mobile Apps and Desktop clients", "IMAP4", "pop3", "Authenticated SMTP",
	"Exchange ActiveSync", "Other clients", "", "MAPI Over HTTP", "Exchange Web Services"}

// pick returns one of the choices.
func pick[T any](rng *rand.Rand, choices ...T) T { return choices[rng.IntN(len(choices))] }

// randomEvent returns one event; la makes it a Log Analytics row.
func randomEvent(rng *rand.Rand, la bool) object {
	var o object
	add := func(k string, v any) { o = append(o, member{k, v}) }
	name := func(camel string) string {
		if la || rng.IntN(20) == 0 {
			return strings.ToUpper(camel[:1]) + camel[1:]
		}
		return camel
	}
	when := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(20 * 24 * time.Hour))))
	when = when.Truncate(time.Duration(pick(rng, 1, 1000, int(time.Second))))
	if rng.IntN(6) == 0 {
		add("id", fmt.Sprintf("%x", rng.Uint64()))
	}
	switch {
	case la && rng.IntN(2) == 0:
		add("TimeGenerated", when.Format(time.RFC3339Nano))
		if rng.IntN(2) == 0 {
			add("CreatedDateTime", when.Format(time.RFC3339Nano))
		}
	case rng.IntN(10) == 0:
		add(name("createdDateTime"), fmt.Sprintf("/Date(%d)/", when.UnixMilli()))
	case rng.IntN(10) == 0:
		add(name("createdDateTime"), when.In(time.FixedZone("", 10*3600)).Format(time.RFC3339Nano))
	default:
		add(name("createdDateTime"), when.Format("2006-01-02T15:04:05.0000000Z"))
	}
	if rng.IntN(8) == 0 { // a decoy: an object inside an event that looks like an event
		decoy := object{{"createdDateTime", "2024-01-01T00:00:00Z"}, {"userPrincipalName", "x@y"}, {"status", object{{"errorCode", 0}}}}
		add("additionalDetails", []any{decoy, decoy})
	}
	switch r := rng.IntN(40); {
	case r == 0:
	case r == 1:
		add(name("userPrincipalName"), nil)
	case r == 2:
		add(name("userPrincipalName"), "")
	default:
		upn := pick(rng, testUsers...)
		if rng.IntN(5) == 0 {
			upn = strings.ToUpper(upn[:1]) + upn[1:]
		}
		add(name("userPrincipalName"), upn)
	}
	if rng.IntN(2) == 0 {
		add(name("userId"), fmt.Sprintf("id-%d", rng.IntN(5)))
	}
	if rng.IntN(2) == 0 {
		add(name("userDisplayName"), pick(rng, "Amy", "Ben \"B\" Ng", "Réception", "tab\there"))
	}
	if rng.IntN(3) == 0 {
		add(name("userType"), pick(rng, "Member", "Guest"))
	}
	add(name("appDisplayName"), pick(rng, "Microsoft Teams", "Office 365 Exchange Online", "{weird},[app]"))
	add(name("clientAppUsed"), pick(rng, testClients...))
	if rng.IntN(4) > 0 {
		add(name("authenticationRequirement"), pick(rng, "singleFactorAuthentication", "multiFactorAuthentication", "SingleFactorAuthentication"))
	}
	if rng.IntN(4) == 0 {
		mfa := object{}
		if rng.IntN(2) == 0 {
			mfa = object{{"authMethod", pick(rng, "PhoneAppNotification", "")}, {"authDetail", nil}}
		}
		if la {
			b, _ := json.Marshal(mfa)
			add("MfaDetail", string(b))
		} else {
			add("mfaDetail", mfa)
		}
	}
	code := pick(rng, 0, 0, 0, 0, 0, 50126, 50074, 16000)
	status := object{{"errorCode", code}, {"failureReason", pick(rng, "Other.", "Invalid \\ password")}}
	switch {
	case la:
		add("ResultType", fmt.Sprint(code))
		b, _ := json.Marshal(status)
		add("Status", string(b))
	case rng.IntN(10) == 0:
		add("status", object{{"failureReason", "x"}, {"errorCode", fmt.Sprint(code)}})
	default:
		add(name("status"), status)
	}
	dev := object{{"deviceId", pick(rng, "", "", "d1", "d2", "d3")}, {"displayName", pick(rng, "", "", "PC-1", "PC-2")},
		{"operatingSystem", pick(rng, "Windows 10", "Ios 17", "")}, {"browser", pick(rng, "Edge 124", "Safari", "")},
		{"isCompliant", rng.IntN(2) == 0}}
	switch {
	case rng.IntN(15) == 0:
	case rng.IntN(15) == 0:
		add(name("deviceDetail"), nil)
	case la:
		b, _ := json.Marshal(dev)
		add("DeviceDetail", string(b))
	default:
		add(name("deviceDetail"), dev)
	}
	add(name("ipAddress"), pick(rng, "203.0.113.5", "198.51.100.7", ""))
	add(name("location"), object{{"city", "Hobart"}, {"geoCoordinates", object{{"latitude", -42.88}, {"longitude", 147.33}}}})
	add(name("appliedConditionalAccessPolicies"), []any{
		object{{"id", "p1"}, {"displayName", "Require MFA, {all}"}, {"result", "success"}},
		object{{"id", "p2"}, {"enforcedGrantControls", []string{"Mfa"}}, {"result", "notApplied"}},
	})
	rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
	return o
}

// layouts are the ways a JSON sign-in log can be written.
var layouts = []string{"lines", "array", "pretty", "page", "pages", "page-lines", "pretty-pages"}

// writeLog writes events in a layout; pageSize is the events per page.
func writeLog(events []object, layout string, pageSize int, rng *rand.Rand) []byte {
	var b bytes.Buffer
	marshal := func(v any, pretty bool) []byte {
		var out []byte
		if pretty {
			out, _ = json.MarshalIndent(v, "", pick(rng, "  ", "\t", "    "))
		} else {
			out, _ = json.Marshal(v)
		}
		return out
	}
	pages := func() []object {
		var ps []object
		for i := 0; i < len(events) || i == 0; i += pageSize {
			evs := make([]any, 0, pageSize)
			for _, e := range events[i:min(i+pageSize, len(events))] {
				evs = append(evs, e)
			}
			p := object{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns"}, {"value", evs}}
			if rng.IntN(2) == 0 {
				p = append(p, member{"@odata.nextLink", "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc{"})
			}
			ps = append(ps, p)
		}
		return ps
	}
	switch layout {
	case "lines":
		for _, e := range events {
			b.Write(marshal(e, false))
			b.WriteString(pick(rng, "\n", "\r\n", "\n\n"))
		}
	case "array":
		b.Write(marshal(events, false))
	case "pretty":
		b.Write(marshal(events, true))
	case "page":
		all := object{{"@odata.context", "x"}, {"value", events}}
		b.Write(marshal(all, rng.IntN(2) == 0))
	case "pages":
		b.Write(marshal(pages(), false))
	case "pretty-pages":
		b.Write(marshal(pages(), true))
	case "page-lines":
		for _, p := range pages() {
			b.Write(marshal(p, false))
			b.WriteByte('\n')
		}
	}
	if rng.IntN(5) == 0 {
		return append(append([]byte{}, utf8BOM...), b.Bytes()...)
	}
	return b.Bytes()
}
