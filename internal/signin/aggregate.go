package signin

import (
	"hash/maphash"
	"strings"
	"time"
)

// loc is where an event is: its line, its byte offset in the input (which
// orders events that happened at the same time), and its place in the
// JSON structure (-1 where it has none).
type loc struct {
	line  int
	off   int64
	outer int // index in a top-level list
	inner int // index in a response page's value list
	// rel marks an event a parallel worker read in a list it could not
	// place: outer counts from the chunk's start until fixed up.
	rel bool
}

// userAgg is one user's running totals.
type userAgg struct {
	id                              string // lower-cased UPN
	upn                             string // as first written
	objectID, displayName, userType string

	events, failed                      int
	single, legacy, legacyFailed, other int // other: factor unknown

	lastOK    int64 // latest successful sign-in, when hasOK
	hasOK     bool
	okLoc     loc
	latest    int64 // latest event of any outcome
	latestLoc loc

	days   map[int32]*daySet
	curDay int32
	cur    *daySet
}

// daySet holds the distinct device keys of one user's day. Days hold a
// few devices, so a slice searched in order beats a map until it grows.
type daySet struct {
	keys []uint64
	set  map[uint64]struct{}
}

const daySetSliceMax = 32

func (d *daySet) add(k uint64) {
	if d.set != nil {
		d.set[k] = struct{}{}
		return
	}
	for _, x := range d.keys {
		if x == k {
			return
		}
	}
	d.keys = append(d.keys, k)
	if len(d.keys) > daySetSliceMax {
		d.set = make(map[uint64]struct{}, 2*len(d.keys))
		for _, x := range d.keys {
			d.set[x] = struct{}{}
		}
		d.keys = nil
	}
}

func (d *daySet) len() int {
	if d.set != nil {
		return len(d.set)
	}
	return len(d.keys)
}

func (d *daySet) each(f func(uint64)) {
	if d.set != nil {
		for k := range d.set {
			f(k)
		}
		return
	}
	for _, k := range d.keys {
		f(k)
	}
}

// aggregator sums events up per user.
type aggregator struct {
	// bySpelling finds a user by the UPN exactly as written, which saves
	// lower-casing it for every event; byID holds one entry per user.
	bySpelling map[string]*userAgg
	byID       map[string]*userAgg
	seed       maphash.Seed
	zone       *time.Location // nil for UTC

	events        int
	noUser        int
	noUserLine    int
	first, last   int64
	factorUnknown int
}

func newAggregator(seed maphash.Seed, zone *time.Location) *aggregator {
	if zone == time.UTC {
		zone = nil
	}
	return &aggregator{
		bySpelling: map[string]*userAgg{},
		byID:       map[string]*userAgg{},
		seed:       seed,
		zone:       zone,
	}
}

// add counts one event whose time and code have been checked.
func (a *aggregator) add(ev *event, l loc) {
	if len(ev.upn) == 0 {
		if a.noUser == 0 {
			a.noUserLine = l.line
		}
		a.noUser++
		return
	}
	a.events++
	if a.events == 1 || ev.when < a.first {
		a.first = ev.when
	}
	if a.events == 1 || ev.when > a.last {
		a.last = ev.when
	}
	u := a.user(ev)
	u.events++
	if u.events == 1 || ev.when > u.latest || ev.when == u.latest && l.off > u.latestLoc.off {
		u.latest, u.latestLoc = ev.when, l
	}
	legacy := isLegacy(ev.client)
	if code, _ := ev.code(); code != 0 {
		u.failed++
		if legacy {
			u.legacyFailed++
		}
		return
	}
	if !u.hasOK || ev.when > u.lastOK || ev.when == u.lastOK && l.off > u.okLoc.off {
		u.lastOK, u.hasOK, u.okLoc = ev.when, true, l
	}
	switch ev.factor() {
	case factorSingle:
		u.single++
	case factorUnknown:
		u.other++
		a.factorUnknown++
	}
	if legacy {
		u.legacy++
	}
	if k, ok := a.deviceKey(ev); ok {
		u.day(a.dayOf(ev.when)).add(k)
	}
}

// user finds or creates the event's user.
func (a *aggregator) user(ev *event) *userAgg {
	u, ok := a.bySpelling[string(ev.upn)]
	if !ok {
		upn := string(ev.upn)
		id := strings.ToLower(upn)
		if u, ok = a.byID[id]; !ok {
			u = &userAgg{id: id, upn: upn, days: map[int32]*daySet{}, curDay: -1 << 31}
			a.byID[id] = u
		}
		a.bySpelling[upn] = u
	}
	// The first event that gives a detail sets it.
	if u.objectID == "" && len(ev.userID) > 0 {
		u.objectID = string(ev.userID)
	}
	if u.displayName == "" && len(ev.displayName) > 0 {
		u.displayName = string(ev.displayName)
	}
	if u.userType == "" && len(ev.userType) > 0 {
		u.userType = string(ev.userType)
	}
	return u
}

func (u *userAgg) day(d int32) *daySet {
	if d == u.curDay && u.cur != nil {
		return u.cur
	}
	s, ok := u.days[d]
	if !ok {
		s = &daySet{}
		u.days[d] = s
	}
	u.curDay, u.cur = d, s
	return s
}

// dayOf returns the calendar day of a time, counted from 1970-01-01, in
// the aggregator's zone.
func (a *aggregator) dayOf(ns int64) int32 {
	sec := floorDiv(ns, 1e9)
	if a.zone != nil {
		_, off := time.Unix(sec, 0).In(a.zone).Zone()
		sec += int64(off)
	}
	return int32(floorDiv(sec, 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Device key kinds, mixed into the hash so a device id never equals a
// display name or fallback with the same text.
const (
	keyID   = 0x9e3779b97f4a7c15
	keyName = 0xc2b2ae3d27d4eb4f
	keyUA   = 0x165667b19e3779f9
)

// deviceKey returns a hash identifying the event's device: its id, else
// its display name, else operating system + browser + IP address. ok is
// false when the event names none of them.
func (a *aggregator) deviceKey(ev *event) (uint64, bool) {
	switch {
	case len(ev.deviceID) > 0:
		return maphash.Bytes(a.seed, ev.deviceID) ^ keyID, true
	case len(ev.deviceName) > 0:
		return maphash.Bytes(a.seed, ev.deviceName) ^ keyName, true
	case len(ev.os)+len(ev.browser)+len(ev.ip) > 0:
		h := maphash.Bytes(a.seed, ev.os)
		h = mix(h, maphash.Bytes(a.seed, ev.browser))
		h = mix(h, maphash.Bytes(a.seed, ev.ip))
		return h ^ keyUA, true
	}
	return 0, false
}

// mix combines two hashes so that the order of the parts matters.
func mix(h, x uint64) uint64 {
	h ^= x + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h *= 0xff51afd7ed558ccd
	return h ^ h>>33
}

// merge adds the totals of b, which read a later part of the same input,
// into a.
func (a *aggregator) merge(b *aggregator) {
	if b.events > 0 {
		if a.events == 0 || b.first < a.first {
			a.first = b.first
		}
		if a.events == 0 || b.last > a.last {
			a.last = b.last
		}
	}
	a.events += b.events
	if a.noUser == 0 {
		a.noUserLine = b.noUserLine
	}
	a.noUser += b.noUser
	a.factorUnknown += b.factorUnknown
	for id, ub := range b.byID {
		ua, ok := a.byID[id]
		if !ok {
			a.byID[id] = ub
			a.bySpelling[ub.upn] = ub
			continue
		}
		ua.mergeUser(ub)
	}
}

func (u *userAgg) mergeUser(b *userAgg) {
	if u.objectID == "" {
		u.objectID = b.objectID
	}
	if u.displayName == "" {
		u.displayName = b.displayName
	}
	if u.userType == "" {
		u.userType = b.userType
	}
	hadEvents := u.events > 0
	u.events += b.events
	u.failed += b.failed
	u.single += b.single
	u.legacy += b.legacy
	u.legacyFailed += b.legacyFailed
	u.other += b.other
	if b.events > 0 && (!hadEvents || b.latest > u.latest || b.latest == u.latest && b.latestLoc.off > u.latestLoc.off) {
		u.latest, u.latestLoc = b.latest, b.latestLoc
	}
	if b.hasOK && (!u.hasOK || b.lastOK > u.lastOK || b.lastOK == u.lastOK && b.okLoc.off > u.okLoc.off) {
		u.lastOK, u.hasOK, u.okLoc = b.lastOK, true, b.okLoc
	}
	for d, sb := range b.days {
		sa, ok := u.days[d]
		if !ok {
			u.days[d] = sb
			continue
		}
		sb.each(sa.add)
	}
	u.cur, u.curDay = nil, -1<<31
}

// maxDevices is the most distinct devices on one day.
func (u *userAgg) maxDevices() int {
	m := 0
	for _, s := range u.days {
		m = max(m, s.len())
	}
	return m
}
