package signin

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf16"

	"triage/internal/audit"
)

// TestReadMatchesReference reads random logs in every layout, with one
// and several workers and chunks small enough to cut through events, and
// compares everything (totals, last sign-ins, lines and paths) with the
// encoding/json reference.
func TestReadMatchesReference(t *testing.T) {
	rounds := 120
	if testing.Short() {
		rounds = 30
	}
	for seed := range uint64(rounds) {
		rng := rand.New(rand.NewPCG(seed, 7))
		la := rng.IntN(4) == 0
		events := make([]object, rng.IntN(120))
		for i := range events {
			events[i] = randomEvent(rng, la)
		}
		layout := layouts[rng.IntN(len(layouts))]
		data := writeLog(events, layout, 1+rng.IntN(30), rng)
		want, err := refRead(data)
		if err != nil {
			t.Fatalf("seed %d (%s): the reference cannot read the log: %v", seed, layout, err)
		}
		for _, opt := range []Options{{Workers: 1}, {Workers: 2, chunk: 256 + rng.IntN(4096)}, {Workers: 3, chunk: 64 + rng.IntN(20000)}} {
			got, err := Read("log.json", iotest.HalfReader(bytes.NewReader(data)), opt)
			if err != nil {
				t.Fatalf("seed %d (%s, %d workers, chunk %d): %v", seed, layout, opt.Workers, opt.chunk, err)
			}
			if diff := sameSummary(got, want); diff != "" {
				t.Fatalf("seed %d (%s, %d workers, chunk %d): %s", seed, layout, opt.Workers, opt.chunk, diff)
			}
		}
	}
}

// graphEvents are three users' sign-ins, for the layout tests. amy has a
// legacy IMAP sign-in, a single-factor one and two devices on 1 May; ben
// only failed; the service principal has no user.
const graphEvents = `{"id":"1","createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"Amy@clinic.example","userId":"u-amy","userDisplayName":"Amy","appDisplayName":"Microsoft Teams","clientAppUsed":"Browser","authenticationRequirement":"multiFactorAuthentication","ipAddress":"203.0.113.5","status":{"errorCode":0,"failureReason":"Other."},"deviceDetail":{"deviceId":"dev-1","displayName":"PC-1","operatingSystem":"Windows 11","browser":"Edge 124"}}
{"id":"2","createdDateTime":"2024-05-01T23:59:59.9999999Z","userPrincipalName":"amy@clinic.example","appDisplayName":"Office 365 Exchange Online","clientAppUsed":"IMAP4","authenticationRequirement":"singleFactorAuthentication","ipAddress":"198.51.100.7","status":{"errorCode":0},"deviceDetail":{"deviceId":"","operatingSystem":"","browser":""}}
{"id":"3","createdDateTime":"2024-05-02T00:00:01Z","userPrincipalName":"amy@clinic.example","appDisplayName":"Microsoft Teams","clientAppUsed":"IMAP4","authenticationRequirement":"singleFactorAuthentication","ipAddress":"198.51.100.7","status":{"errorCode":50126,"failureReason":"Invalid username or password."},"deviceDetail":{"deviceId":""}}
{"id":"4","createdDateTime":"2024-04-30T08:00:00Z","userPrincipalName":"ben@clinic.example","appDisplayName":"Microsoft Teams","clientAppUsed":"Browser","status":{"errorCode":50074},"deviceDetail":{"deviceId":"dev-2"}}
{"id":"5","createdDateTime":"2024-05-01T10:00:00Z","userPrincipalName":"","appDisplayName":"Backup agent","clientAppUsed":"","status":{"errorCode":0}}`

func graphLayouts() map[string]string {
	lines := strings.Split(graphEvents, "\n")
	list := "[" + strings.Join(lines, ",") + "]"
	return map[string]string{
		"lines":  graphEvents + "\n",
		"array":  list,
		"page":   `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":` + list + `}`,
		"pages":  `[{"value":[` + strings.Join(lines[:2], ",") + `],"@odata.nextLink":"https://x/?$skiptoken=1"},{"value":[` + strings.Join(lines[2:], ",") + `]}]`,
		"paged":  `{"value":[` + strings.Join(lines[:3], ",") + "]}\n" + `{"value":[` + strings.Join(lines[3:], ",") + "]}\n",
		"pretty": "[\n  " + strings.Join(lines, ",\n  ") + "\n]\n",
	}
}

func TestGraphLayouts(t *testing.T) {
	for name, text := range graphLayouts() {
		t.Run(name, func(t *testing.T) {
			if f := Detect([]byte(text)); f != GraphJSON {
				t.Errorf("Detect = %q, want %q", f, GraphJSON)
			}
			s, err := Read("signins.json", strings.NewReader(text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Events != 4 || skipped(s) != 1 || len(s.Users) != 2 {
				t.Fatalf("events %d, skipped %d, users %d; want 4, 1, 2", s.Events, skipped(s), len(s.Users))
			}
			amy, ben := s.Users[0], s.Users[1]
			want := User{ID: "amy@clinic.example", UPN: "Amy@clinic.example", ObjectID: "u-amy", DisplayName: "Amy",
				Events: 3, Failed: 1, SingleFactor: 1, Legacy: 1, LegacyFailed: 1, MaxDevicesPerDay: 2}
			last := amy.LastSuccess
			amy.LastSuccess, amy.Line, amy.Path = time.Time{}, 0, ""
			if amy != want {
				t.Errorf("amy:\n got %+v\nwant %+v", amy, want)
			}
			if w := time.Date(2024, 5, 1, 23, 59, 59, 999999900, time.UTC); !last.Equal(w) {
				t.Errorf("amy's last success %v, want %v", last, w)
			}
			if !ben.LastSuccess.IsZero() || ben.Failed != 1 || ben.Events != 1 {
				t.Errorf("ben: %+v", ben)
			}
			if !s.First.Equal(time.Date(2024, 4, 30, 8, 0, 0, 0, time.UTC)) || !s.Last.Equal(time.Date(2024, 5, 2, 0, 0, 1, 0, time.UTC)) {
				t.Errorf("window %v to %v", s.First, s.Last)
			}
		})
	}
}

// TestLocations checks where each layout says a user's latest successful
// sign-in is.
func TestLocations(t *testing.T) {
	want := map[string]string{
		"lines":  "2 ",
		"array":  "1 [1]",
		"page":   "1 value[1]",
		"pages":  "1 [0].value[1]",
		"paged":  "1 value[1]",
		"pretty": "3 [1]",
	}
	for name, text := range graphLayouts() {
		s, err := Read("signins.json", strings.NewReader(text), Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%d %s", s.Users[0].Line, s.Users[0].Path); got != want[name] {
			t.Errorf("%s: amy's last sign-in at %q, want %q", name, got, want[name])
		}
	}
}

// TestLogAnalyticsJSON reads SigninLogs rows: PascalCase, ResultType as a
// string, DeviceDetail and MfaDetail as JSON text, TimeGenerated only.
func TestLogAnalyticsJSON(t *testing.T) {
	text := `[
 {"TimeGenerated":"2024-05-01T09:30:00.123Z","ResultType":"0","UserPrincipalName":"amy@clinic.example","UserType":"Member","ClientAppUsed":"Exchange ActiveSync","DeviceDetail":"{\"deviceId\":\"\",\"operatingSystem\":\"Android\",\"browser\":\"\"}","MfaDetail":"{}","IPAddress":"203.0.113.5","Status":"{\"errorCode\":0}"},
 {"TimeGenerated":"2024-05-01T10:30:00Z","CreatedDateTime":"2024-05-01T10:29:59Z","ResultType":"0","UserPrincipalName":"amy@clinic.example","ClientAppUsed":"Browser","AuthenticationRequirement":"multiFactorAuthentication","DeviceDetail":{"deviceId":"d-9"},"IPAddress":"203.0.113.5"},
 {"TimeGenerated":"2024-05-01T11:00:00Z","ResultType":"50126","UserPrincipalName":"amy@clinic.example","ClientAppUsed":"Browser","DeviceDetail":""}
]`
	if f := Detect([]byte(text)); f != LogAnalyticsJSON {
		t.Errorf("Detect = %q", f)
	}
	s, err := Read("la.json", strings.NewReader(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Users[0]
	if u.Events != 3 || u.Failed != 1 || u.Legacy != 1 || u.SingleFactor != 1 || u.MaxDevicesPerDay != 2 || u.UserType != "Member" {
		t.Errorf("got %+v", u)
	}
	if want := time.Date(2024, 5, 1, 10, 29, 59, 0, time.UTC); !u.LastSuccess.Equal(want) {
		t.Errorf("last success %v, want %v (CreatedDateTime wins over TimeGenerated)", u.LastSuccess, want)
	}
}

// TestPowerShellDates reads the Graph PowerShell SDK's ConvertTo-Json
// output: PascalCase and \/Date(ms)\/ times.
func TestPowerShellDates(t *testing.T) {
	text := `[{"CreatedDateTime":"\/Date(1714555800000)\/","UserPrincipalName":"amy@clinic.example","AppDisplayName":"x","Status":{"ErrorCode":0,"FailureReason":"Other."},"DeviceDetail":{"DeviceId":"a"}}]`
	s, err := Read("ps.json", strings.NewReader(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC); !s.Users[0].LastSuccess.Equal(want) {
		t.Errorf("last success %v, want %v", s.Users[0].LastSuccess, want)
	}
}

// TestDevicesPerDayZone: two devices either side of midnight UTC are one
// day in Sydney.
func TestDevicesPerDayZone(t *testing.T) {
	text := `{"createdDateTime":"2024-05-01T23:00:00Z","userPrincipalName":"a@b","status":{"errorCode":0},"deviceDetail":{"deviceId":"1"}}
{"createdDateTime":"2024-05-02T01:00:00Z","userPrincipalName":"a@b","status":{"errorCode":0},"deviceDetail":{"deviceId":"2"}}`
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	for zone, want := range map[*time.Location]int{nil: 1, sydney: 2} {
		s, err := Read("z.json", strings.NewReader(text), Options{Zone: zone})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Users[0].MaxDevicesPerDay; got != want {
			t.Errorf("zone %v: %d devices per day, want %d", zone, got, want)
		}
	}
}

// TestBadJSON: every problem fails the whole read with the file, the line
// and what is wrong.
func TestBadJSON(t *testing.T) {
	ok := `{"createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b","status":{"errorCode":0}}`
	for _, tc := range []struct{ name, text, want string }{
		{"truncated", "[" + ok + ",\n" + ok[:40], `log.json:2: the file ends before the JSON is complete`},
		{"unclosed list", "[" + ok + ",\n" + ok + "\n", `log.json:3: the file ends before the JSON is complete`},
		{"bad date", ok + "\n" + strings.Replace(ok, "2024-05-01T09:30:00Z", "2024-13-01T09:30:00Z", 1), `log.json:2: createdDateTime "2024-13-01T09:30:00Z" is not a date and time`},
		{"day first", strings.Replace(ok, "2024-05-01T09:30:00Z", "28/4/2021, 2:08:45 PM", 1), `dates must be month first`},
		{"bad date in list", "[\n" + ok + ",\n" + strings.Replace(ok, "2024-05-01T09:30:00Z", "yesterday", 1) + "]", `log.json:3: event [1]: createdDateTime "yesterday"`},
		{"no time", `{"userPrincipalName":"a@b","status":{"errorCode":0}}`, `log.json:1: the event has no createdDateTime`},
		{"no status", `{"createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b"}`, `no status.errorCode`},
		{"code not a number", strings.Replace(ok, `"errorCode":0`, `"errorCode":"zero"`, 1), `errorCode must be a whole number, not "zero"`},
		{"upn not text", strings.Replace(ok, `"a@b"`, `42`, 1) + "\n" + ok, ``},
		{"name not text", strings.Replace(ok, `"status"`, `"userDisplayName":{},"status"`, 1), `log.json:1: userDisplayName must be text`},
		{"syntax", ok + "\n" + `{"createdDateTime" "x"}`, `log.json:2: not valid JSON: expected ':' after a key`},
		{"not events", `["a","b"]`, `log.json:1: not valid JSON: expected a sign-in event object`},
		{"empty", "  \n", `log.json: the file is empty`},
		{"bad embedded", strings.Replace(ok, `"status":{"errorCode":0}`, `"ResultType":"0","DeviceDetail":"{not json"`, 1), `DeviceDetail must hold a JSON object`},
		{"trailing junk", ok + "\n]", `log.json:2: not valid JSON`},
		// A problem inside embedded JSON text is reported on the event's
		// line, not at its position within the text.
		{"embedded wrong form", ok + "\n\n" + strings.Replace(ok, `"status":{"errorCode":0}`, `"ResultType":"0","DeviceDetail":"{\"deviceId\":5}"`, 1), `log.json:3: deviceId must be text`},
		{"leading zero", strings.Replace(ok, `"errorCode":0`, `"errorCode":01`, 1), `not valid JSON`},
	} {
		for _, workers := range []int{1, 2} {
			s, err := Read("log.json", strings.NewReader(tc.text), Options{Workers: workers, chunk: 64})
			if tc.want == "" {
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s (%d workers): no error; summary %+v", tc.name, workers, s)
				continue
			}
			var e *audit.Error
			if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != "log.json" {
				t.Errorf("%s: %#v is not a located EInvalid error", tc.name, err)
			}
			if s != nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s (%d workers): got %q, want it to contain %q", tc.name, workers, err, tc.want)
			}
		}
	}
}

// TestHugeEvent: the reader refuses to buffer without limit.
func TestHugeEvent(t *testing.T) {
	text := `{"createdDateTime":"2024-05-01T09:30:00Z","x":"` + strings.Repeat("a", maxUnit+10) + `"}`
	for _, workers := range []int{1, 2} {
		_, err := Read("big.json", strings.NewReader(text), Options{Workers: workers})
		if err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Fatalf("%d workers: got %v", workers, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339 in UTC, "" for invalid
	}{
		{"2024-05-01T09:30:00Z", "2024-05-01T09:30:00Z"},
		{"2024-05-01T09:30:00.1234567Z", "2024-05-01T09:30:00.1234567Z"},
		{"2024-05-01T09:30:00.123456789123Z", "2024-05-01T09:30:00.123456789Z"},
		{"2024-05-01T19:30:00+10:00", "2024-05-01T09:30:00Z"},
		{"2024-05-01T04:00:00-0530", "2024-05-01T09:30:00Z"},
		{"2024-05-01 09:30:00", "2024-05-01T09:30:00Z"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
		{"/Date(1714555800000)/", "2024-05-01T09:30:00Z"},
		{"/Date(1714555800000+1000)/", "2024-05-01T09:30:00Z"},
		{"4/28/2021, 2:08:45.221 PM", "2021-04-28T14:08:45.221Z"},
		{"9/3/2021, 3:59:14 PM", "2021-09-03T15:59:14Z"},
		{"9/3/2021 12:05:00 AM", "2021-09-03T00:05:00Z"},
		{"12/31/2021 12:00 PM", "2021-12-31T12:00:00Z"},
		{"12/31/2021 23:15:00", "2021-12-31T23:15:00Z"},
		{"2023-02-29T00:00:00Z", ""},
		{"2024-13-01T00:00:00Z", ""},
		{"2024-05-01T24:00:00Z", ""},
		{"2024-05-01T09:30:00.Z", ""},
		{"2024-05-01T09:30:00+25:00", ""},
		{"2024-05-01", ""},
		{"1800-01-01T00:00:00Z", ""},
		{"28/4/2021, 2:08:45 PM", ""},
		{"4/28/2021, 13:08:45 PM", ""},
		{"4/28/2021, 2:08:45 XM", ""},
		{"/Date(abc)/", ""},
		{"", ""},
	} {
		ns, ok := parseTime([]byte(tc.in))
		got := ""
		if ok {
			got = time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
		}
		if got != tc.want {
			t.Errorf("parseTime(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLegacyAndFactor(t *testing.T) {
	for _, c := range LegacyClients {
		if !isLegacy([]byte(c)) || !isLegacy([]byte(strings.ToUpper(c))) {
			t.Errorf("%q is not legacy", c)
		}
	}
	for _, c := range []string{"Browser", "Mobile Apps and Desktop clients", "", "IMAP", "Exchange"} {
		if isLegacy([]byte(c)) {
			t.Errorf("%q is legacy", c)
		}
	}
	for v, want := range map[string]bool{"singleFactorAuthentication": true, "Single-factor authentication": true,
		"multiFactorAuthentication": false, "Multifactor authentication": false, "single": false} {
		if isSingleFactor([]byte(v)) != want {
			t.Errorf("isSingleFactor(%q) != %v", v, want)
		}
	}
}

func TestDetect(t *testing.T) {
	for text, want := range map[string]Format{
		`{"value":[{"id":"1","createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b","status":{"errorCode":0}}]}`: GraphJSON,
		`[{"createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b","appDisplayName":"x"`:                          GraphJSON,
		"\xEF\xBB\xBF[{\"TimeGenerated\":\"x\",\"ResultType\":\"0\",\"UserPrincipalName\":\"a@b\"}]":                         LogAnalyticsJSON,
		`{"schema_version":1,"facts":[]}`: "",
		`[{"userPrincipalName":"a@b","createdDateTime":"2020-01-01T00:00:00Z","accountEnabled":true}]`: "",
		"TenantId,ResultType,CreatedDateTime [UTC],UserPrincipalName\n":                                LogAnalyticsCSV,
		"Date (UTC);Request ID;User;Username;Status\n":                                                 EntraCSV,
		"userPrincipalName,displayName,accountEnabled\n":                                               "",
		"": "",
	} {
		if got := Detect([]byte(text)); got != want {
			t.Errorf("Detect(%.50q) = %q, want %q", text, got, want)
		}
	}
}

// TestParallelUsesWorkers: on ordinary logs the merger takes nearly every
// chunk as its worker read it, in each layout that allows it.
func TestParallelUsesWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	events := make([]object, 2000)
	for i := range events {
		events[i] = randomEvent(rng, false)
	}
	for _, layout := range []string{"lines", "array", "pretty", "page"} {
		data := writeLog(events, layout, 500, rng)
		var st parallelStats
		if _, err := Read("log.json", bytes.NewReader(data), Options{Workers: 2, chunk: 16 << 10, stats: &st}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d chunks used, %d read again", layout, st.accepted, st.reread)
		if st.accepted < 10*st.reread {
			t.Errorf("%s: %d chunks used as the workers read them, %d read again", layout, st.accepted, st.reread)
		}
	}
}

// TestCutAfterSpace: a cut must leave the next chunk room to grow, however
// much space stands between events (this once looped for ever).
func TestCutAfterSpace(t *testing.T) {
	ev := `{"createdDateTime":"2024-05-01T09:30:00Z","userPrincipalName":"a@b","status":{"errorCode":0}}`
	text := "[" + ev + "," + strings.Repeat(" ", 300) + ev + "," + strings.Repeat("\n", 100) + ev + "]"
	for chunk := 16; chunk < 600; chunk += 7 {
		s, err := Read("log.json", strings.NewReader(text), Options{Workers: 2, chunk: chunk})
		if err != nil || s.Events != 3 {
			t.Fatalf("chunk %d: %v", chunk, err)
		}
	}
}

// TestUTF16 reads what Windows PowerShell's Out-File writes.
func TestUTF16(t *testing.T) {
	// A name outside the Basic Multilingual Plane takes a surrogate pair.
	text := strings.Replace(graphLayouts()["pretty"], `"Amy"`, "\"Amy \U0001F600\"", 1)
	for _, big := range []bool{false, true} {
		var b bytes.Buffer
		if big {
			b.Write(utf16BEBOM)
		} else {
			b.Write(utf16LEBOM)
		}
		for _, u := range utf16.Encode([]rune(text)) {
			if big {
				b.Write([]byte{byte(u >> 8), byte(u)})
			} else {
				b.Write([]byte{byte(u), byte(u >> 8)})
			}
		}
		if f := Detect(b.Bytes()); f != GraphJSON {
			t.Errorf("big endian %v: Detect = %q", big, f)
		}
		s, err := Read("ps.json", iotest.OneByteReader(&b), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Read("utf8.json", strings.NewReader(text), Options{})
		if diff := sameSummary(s, want); diff != "" {
			t.Errorf("big endian %v: %s", big, diff)
		}
	}
}
