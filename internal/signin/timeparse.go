package signin

import "bytes"

// Times are kept as nanoseconds since 1970 UTC. Parsing by hand, rather than
// with time.Parse, matters here: every event has a time, and time.Parse
// with its layout interpretation costs as much as reading the rest of the
// event.

const (
	minYear = 1900
	maxYear = 2200
)

// parseTime reads the time forms sign-in logs use:
//
//	2024-05-01T09:30:00Z, 2024-05-01T09:30:00.1234567Z, 2024-05-01T19:30:00+10:00
//	2024-05-01 09:30:00 (no zone: sign-in logs are in UTC)
//	/Date(1714555800000)/ (Graph PowerShell SDK through ConvertTo-Json)
//	4/28/2021, 2:08:45.221 PM and 9/3/2021 3:59:14 PM (portal exports, month first)
func parseTime(b []byte) (int64, bool) {
	if len(b) >= 10 && b[4] == '-' {
		return parseISO(b)
	}
	if bytes.HasPrefix(b, []byte("/Date(")) {
		return parseMSDate(b)
	}
	return parseUS(b)
}

func parseISO(b []byte) (int64, bool) {
	y, ok1 := num(b, 0, 4)
	mo, ok2 := num(b, 5, 2)
	d, ok3 := num(b, 8, 2)
	if !ok1 || !ok2 || !ok3 || b[7] != '-' {
		return 0, false
	}
	if len(b) < 19 || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	h, ok1 := num(b, 11, 2)
	mi, ok2 := num(b, 14, 2)
	s, ok3 := num(b, 17, 2)
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	i := 19
	frac, i := fraction(b, i)
	if i < 0 {
		return 0, false
	}
	offset := 0
	switch {
	case i == len(b):
	case i+1 == len(b) && (b[i] == 'Z' || b[i] == 'z'):
	case b[i] == '+' || b[i] == '-':
		oh, ok1 := num(b, i+1, 2)
		rest := b[i+3:]
		if len(rest) > 0 && rest[0] == ':' {
			rest = rest[1:]
		}
		om, ok2 := num(rest, 0, 2)
		if !ok1 || !ok2 || len(rest) != 2 || oh > 23 || om > 59 {
			return 0, false
		}
		offset = oh*3600 + om*60
		if b[i] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	return civil(y, mo, d, h, mi, s, frac, offset)
}

// fraction reads an optional ".digits" at b[i], as nanoseconds; digits past
// the ninth are dropped.
func fraction(b []byte, i int) (int64, int) {
	if i >= len(b) || b[i] != '.' {
		return 0, i
	}
	i++
	start := i
	var ns int64
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if i-start < 9 {
			ns = ns*10 + int64(b[i]-'0')
		}
	}
	n := i - start
	if n == 0 {
		return 0, -1
	}
	for ; n < 9; n++ {
		ns *= 10
	}
	return ns, i
}

// parseMSDate reads /Date(milliseconds)/ with an optional +hhmm suffix,
// which describes the writer's zone; the milliseconds are already UTC.
func parseMSDate(b []byte) (int64, bool) {
	inner, ok := bytes.CutPrefix(b, []byte("/Date("))
	if !ok {
		return 0, false
	}
	inner, ok = bytes.CutSuffix(inner, []byte(")/"))
	if !ok || len(inner) == 0 {
		return 0, false
	}
	if k := bytes.IndexAny(inner[1:], "+-"); k >= 0 {
		zone := inner[k+1:]
		if _, ok := num(zone, 1, 4); !ok || len(zone) != 5 {
			return 0, false
		}
		inner = inner[:k+1]
	}
	neg := inner[0] == '-'
	if neg {
		inner = inner[1:]
	}
	if len(inner) == 0 || len(inner) > 15 {
		return 0, false
	}
	var ms int64
	for _, c := range inner {
		if c < '0' || c > '9' {
			return 0, false
		}
		ms = ms*10 + int64(c-'0')
	}
	if neg {
		ms = -ms
	}
	ns := ms * 1e6
	if ns < minUnixNS || ns > maxUnixNS {
		return 0, false
	}
	return ns, true
}

// parseUS reads month/day/year, an optional comma, and a time with
// optional seconds and fraction, in 12-hour form with AM or PM, or 24-hour
// form without.
func parseUS(b []byte) (int64, bool) {
	mo, i := upTo2(b, 0)
	if i < 0 || i >= len(b) || b[i] != '/' {
		return 0, false
	}
	d, i := upTo2(b, i+1)
	if i < 0 || i >= len(b) || b[i] != '/' {
		return 0, false
	}
	y, ok := num(b, i+1, 4)
	if !ok {
		return 0, false
	}
	i += 5
	if i < len(b) && b[i] == ',' {
		i++
	}
	if i >= len(b) || b[i] != ' ' {
		return 0, false
	}
	h, i := upTo2(b, i+1)
	if i < 0 || i >= len(b) || b[i] != ':' {
		return 0, false
	}
	mi, ok := num(b, i+1, 2)
	if !ok {
		return 0, false
	}
	i += 3
	s := 0
	if i < len(b) && b[i] == ':' {
		if s, ok = num(b, i+1, 2); !ok {
			return 0, false
		}
		i += 3
	}
	frac, i := fraction(b, i)
	if i < 0 {
		return 0, false
	}
	switch rest := b[i:]; {
	case len(rest) == 0:
	case len(rest) == 3 && rest[0] == ' ' && (rest[2] == 'M' || rest[2] == 'm'):
		if h < 1 || h > 12 {
			return 0, false
		}
		switch rest[1] | 0x20 {
		case 'a':
			if h == 12 {
				h = 0
			}
		case 'p':
			if h != 12 {
				h += 12
			}
		default:
			return 0, false
		}
	default:
		return 0, false
	}
	return civil(y, mo, d, h, mi, s, frac, 0)
}

// upTo2 reads one or two digits at b[i].
func upTo2(b []byte, i int) (int, int) {
	if i >= len(b) || b[i] < '0' || b[i] > '9' {
		return 0, -1
	}
	n := int(b[i] - '0')
	i++
	if i < len(b) && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int(b[i]-'0')
		i++
	}
	return n, i
}

// num reads exactly n digits at b[i].
func num(b []byte, i, n int) (int, bool) {
	if i < 0 || i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

var (
	minUnixNS = daysFromCivil(minYear, 1, 1) * 86400 * 1e9
	maxUnixNS = daysFromCivil(maxYear, 12, 31) * 86400 * 1e9
)

// civil checks the fields and returns the time in nanoseconds since 1970,
// offset seconds east of UTC taken away.
func civil(y, mo, d, h, mi, s int, frac int64, offset int) (int64, bool) {
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) ||
		h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	secs := daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+s-offset)
	return secs*1e9 + frac, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
