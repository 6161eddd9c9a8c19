package audit

// Status is the verdict on one control.
type Status string

// The closed set of statuses. NotChecked is never a pass and never a fail:
// it always carries the reason the control could not be judged.
const (
	Pass          Status = "pass"
	Warn          Status = "warn"
	Fail          Status = "fail"
	NotChecked    Status = "not_checked"
	NotApplicable Status = "not_applicable"
	Accepted      Status = "accepted"
)

// Statuses lists every status in report order.
var Statuses = []Status{Fail, Warn, Pass, Accepted, NotChecked, NotApplicable}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Decided reports whether the status is a verdict drawn from evidence or an
// answer (pass, warn or fail), as opposed to not judged at all.
func (s Status) Decided() bool { return s == Pass || s == Warn || s == Fail }

// Open reports whether the finding still needs work (warn or fail).
func (s Status) Open() bool { return s == Warn || s == Fail }

// Worse returns the more serious of two decided statuses (fail > warn > pass).
func Worse(a, b Status) Status {
	rank := func(s Status) int {
		switch s {
		case Fail:
			return 3
		case Warn:
			return 2
		case Pass:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// Severity grades an open finding for people who triage many of them.
type Severity string

// Severities, from worst.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Area groups controls the way a practice owner thinks about them.
type Area string

// The seven areas, in report order.
const (
	AreaAccess     Area = "access"
	AreaContinuity Area = "continuity"
	AreaPeople     Area = "people"
	AreaTechnology Area = "technology"
	AreaExposure   Area = "exposure"
	AreaIncident   Area = "incident"
	AreaData       Area = "data"
)

// Areas lists every area in report order.
var Areas = []Area{AreaAccess, AreaContinuity, AreaPeople, AreaTechnology, AreaExposure, AreaIncident, AreaData}

// Valid reports whether a is one of the seven areas.
func (a Area) Valid() bool {
	for _, v := range Areas {
		if a == v {
			return true
		}
	}
	return false
}

// Band says how soon an action should be done.
type Band string

// Bands, from most urgent.
const (
	BandNow   Band = "now"
	Band30d   Band = "30d"
	Band90d   Band = "90d"
	BandLater Band = "later"
)

// Bands lists every band from most urgent.
var Bands = []Band{BandNow, Band30d, Band90d, BandLater}

// Rank is the band's place in Bands, most urgent first, for sorting; a band
// Bands does not know sorts after all of them.
func (b Band) Rank() int {
	for i, v := range Bands {
		if v == b {
			return i
		}
	}
	return len(Bands)
}

// Effort is the size of the work to fix a control.
type Effort string

// Efforts, from smallest.
const (
	EffortHours   Effort = "hours"
	EffortDays    Effort = "days"
	EffortProject Effort = "project"
)

// Owner says who should carry out an action.
type Owner string

// Owners.
const (
	OwnerPractice Owner = "practice"
	OwnerProvider Owner = "provider"
)
