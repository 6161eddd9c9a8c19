package audit

import (
	"sync"
	"time"
	// The zone database is built in so that a practice's time zone works
	// on machines and containers without /usr/share/zoneinfo (about
	// 450 KB of the binary).
	_ "time/tzdata"
)

// DefaultTimeZones is the time zone assumed for a practice of each country
// whose practice.yaml names none: where most of its practices are (Sydney,
// Melbourne and Brisbane keep the same date nearly all day; so do the US
// eastern states, with the most practices).
var DefaultTimeZones = map[string]string{
	"AU": "Australia/Sydney",
	"US": "America/New_York",
}

// Location is the practice's time zone: the one practice.yaml names, else
// the default for its country, else UTC. The practice's "today" (the
// audit's as-of date when none is given) is the date there, not in UTC,
// which in Australia is still yesterday until 10 or 11 in the morning.
func (p Practice) Location() *time.Location {
	name := p.TimeZone
	if name == "" {
		name = DefaultTimeZones[p.Country]
	}
	if name == "" {
		return time.UTC
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		// practice.yaml's loader refuses unknown zones; a Practice built
		// another way falls back to UTC rather than failing an audit.
		return time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// locations caches loaded zones: time.LoadLocation reads and parses the
// zone's file on every call, and pages ask for a practice's "today" on
// every request. Only zones that loaded are kept, so it holds at most the
// few hundred names the database has.
var locations sync.Map // zone name -> *time.Location

// DayIn is the calendar date of t in loc, as midnight UTC (the form every
// date takes inside Triage): 2026-11-20 09:00 in Sydney is 2026-11-19
// 22:00 UTC, and its day is 2026-11-20.
func DayIn(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}
