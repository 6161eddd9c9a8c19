package signin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/maphash"
	"io"
	"runtime"
	"sort"
	"strings"
	"time"

	"triage/internal/audit"
)

// Format names a sign-in log format.
type Format string

// The formats Read understands; see the package documentation.
const (
	GraphJSON        Format = "graph_json"
	LogAnalyticsJSON Format = "log_analytics_json"
	LogAnalyticsCSV  Format = "log_analytics_csv"
	EntraCSV         Format = "entra_csv"
)

// Options tune Read.
type Options struct {
	// Zone is where calendar days begin for devices per day. nil means
	// UTC, the logs' own zone.
	Zone *time.Location
	// Workers is how many goroutines parse JSON. 0 means one per CPU (at
	// most 4); 1 reads on the calling goroutine alone.
	Workers int
	// chunk is the parallel reader's chunk size; tests make it small to
	// cut inside events often.
	chunk int
	// stats, when set, receives the parallel reader's counts, for tests.
	stats *parallelStats
	// small is the input's whole size when it is known to be small.
	small int
}

type parallelStats struct{ accepted, reread int }

// Summary is what a sign-in log says, per user.
type Summary struct {
	Format Format
	// Events is how many events were counted. Together with Skipped it
	// accounts for every event in the input.
	Events  int
	Skipped []Skip
	// First and Last are the earliest and latest counted events: the
	// window the log covers. Zero when there are none.
	First, Last time.Time
	// FactorUnknown counts successful sign-ins whose format said neither
	// the authentication requirement nor an MFA detail.
	FactorUnknown int
	// Users are in ID order.
	Users []User
}

// Skip is a kind of event that was not counted.
type Skip struct {
	Reason string
	Count  int
	Line   int // the first such event
}

// User is one user's sign-ins.
type User struct {
	ID          string // the user principal name, lower-cased
	UPN         string // as first written in the log
	ObjectID    string // Entra object id (userId), when given
	DisplayName string
	UserType    string // Member or Guest, when the format says

	Events int // every sign-in, successful or not
	Failed int // sign-ins with a non-zero error code

	// LastSuccess is the latest successful sign-in; zero when the log
	// holds none for the user.
	LastSuccess time.Time
	// SingleFactor counts successful sign-ins that needed a password alone.
	SingleFactor int
	// Legacy and LegacyFailed count successful and failed sign-ins from
	// legacy authentication clients.
	Legacy, LegacyFailed int
	// FactorUnknown counts successful sign-ins whose factor the log does
	// not say.
	FactorUnknown int
	// MaxDevicesPerDay is the most distinct devices with a successful
	// sign-in on one calendar day.
	MaxDevicesPerDay int

	// Line and Path locate the user's latest successful sign-in, or the
	// latest event when none succeeded. Path is the JSON place
	// ("[12]", "value[3]", "[2].value[40]"), empty for JSON Lines and CSV.
	Line int
	Path string
}

// headSize is how much of the input Read looks at to tell the format.
const headSize = 64 << 10

// Read reads a whole sign-in log and sums it up per user. name is used in
// errors, which are *audit.Error values naming the line. Bad input fails
// the whole read: a summary of part of a log would understate use.
func Read(name string, r io.Reader, opt Options) (*Summary, error) {
	br := bufio.NewReaderSize(r, headSize)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	if ok, big := utf16Order(head); ok {
		br.Discard(len(utf16LEBOM))
		br = bufio.NewReaderSize(newUTF16Reader(br, big), headSize)
		if head, err = br.Peek(headSize); err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
		}
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(body) == 0 {
		return nil, audit.Invalid(name, 0, "the file is empty")
	}
	agg := newAggregator(maphash.MakeSeed(), opt.Zone)
	format := Detect(head)
	if body[0] == '{' || body[0] == '[' {
		if format == "" {
			format = GraphJSON
		}
		if len(head) < headSize && opt.chunk == 0 {
			// The whole input is in the head: read it in one buffer of
			// its size, sequentially.
			opt.Workers, opt.small = 1, len(head)
		}
		err = readJSONParallel(name, br, agg, opt)
	} else {
		format, err = readCSV(name, br, agg)
	}
	if err != nil {
		return nil, err
	}
	return agg.summary(format), nil
}

func workerCount(n int) int {
	if n > 0 {
		return n
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

// summary turns the totals into a Summary.
func (a *aggregator) summary(format Format) *Summary {
	s := &Summary{Format: format, Events: a.events, FactorUnknown: a.factorUnknown}
	if a.noUser > 0 {
		s.Skipped = append(s.Skipped, Skip{Reason: "no user principal name (a service principal or managed identity)", Count: a.noUser, Line: a.noUserLine})
	}
	if a.events > 0 {
		s.First, s.Last = time.Unix(0, a.first).UTC(), time.Unix(0, a.last).UTC()
	}
	for _, u := range a.byID {
		s.Users = append(s.Users, u.user())
	}
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].ID < s.Users[j].ID })
	return s
}

func (u *userAgg) user() User {
	out := User{
		ID: u.id, UPN: u.upn, ObjectID: u.objectID, DisplayName: u.displayName, UserType: u.userType,
		Events: u.events, Failed: u.failed,
		SingleFactor: u.single, Legacy: u.legacy, LegacyFailed: u.legacyFailed, FactorUnknown: u.other,
		MaxDevicesPerDay: u.maxDevices(),
	}
	l := u.latestLoc
	if u.hasOK {
		out.LastSuccess = time.Unix(0, u.lastOK).UTC()
		l = u.okLoc
	}
	out.Line, out.Path = l.line, l.path()
	return out
}

// Detect tells a sign-in log's format from the first bytes of a file, or
// returns "" when they are not a sign-in log.
func Detect(head []byte) Format {
	if ok, big := utf16Order(head); ok {
		head = utf16Head(head, big)
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(body) == 0 {
		return ""
	}
	if body[0] == '{' || body[0] == '[' {
		return detectJSON(body)
	}
	return detectCSV(body)
}

// detectJSON looks at the keys of the first event, descending into a list
// or a response page's value list. A head cut off inside the event is
// judged on the keys seen so far.
func detectJSON(body []byte) Format {
	dec := json.NewDecoder(bytes.NewReader(body))
	keys := map[string]bool{}
	depth := 0 // of the object whose keys are collected
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if tok == json.Delim('[') && depth == 0 {
			continue
		}
		if tok == json.Delim('{') && depth == 0 {
			depth = 1
			continue
		}
		key, ok := tok.(string)
		if depth != 1 || !ok {
			break
		}
		k := strings.ToLower(key)
		if k == "value" && dec.More() {
			// A page: its events are in the list that follows.
			if t, err := dec.Token(); err == nil && t == json.Delim('[') {
				clear(keys)
				depth = 0
				continue
			}
			break
		}
		keys[k] = true
		if !skipJSONValue(dec) {
			break
		}
		if !dec.More() {
			break
		}
	}
	switch {
	case keys["userprincipalname"] && keys["resulttype"] && (keys["timegenerated"] || keys["createddatetime"]):
		return LogAnalyticsJSON
	case keys["userprincipalname"] && keys["createddatetime"] && (keys["status"] || keys["appdisplayname"]):
		return GraphJSON
	}
	return ""
}

// skipJSONValue reads past one value with the decoder.
func skipJSONValue(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}
