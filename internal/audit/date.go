package audit

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is the only date form Triage writes: ISO 8601 calendar dates.
const DateLayout = "2006-01-02"

// Date is a calendar day in UTC, written as YYYY-MM-DD.
type Date struct{ t time.Time }

// NewDate returns the calendar day of t.
func NewDate(t time.Time) Date { return Date{Day(t)} }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// Time returns midnight UTC at the start of the day.
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.t.Format(DateLayout) }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string in the form YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Day truncates t to midnight UTC.
func Day(t time.Time) time.Time {
	u := t.UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
}

// DaysBetween counts calendar days (UTC) from a to b, negative when b is
// earlier: a sign-in on 12 August is 100 days before 20 November whatever
// the hour.
func DaysBetween(a, b time.Time) int {
	return int(Day(b).Sub(Day(a)).Hours() / 24)
}
