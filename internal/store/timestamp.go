package store

import (
	"database/sql"
	"fmt"
	"time"
)

// TimeLayout is how instants are stored on both databases: UTC, fixed
// width, microseconds. Fixed width makes text order time order, so
// `expiry > $1` compares correctly as text on SQLite and PostgreSQL alike,
// and a person reading the table sees a readable time.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime is t as stored.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a stored instant.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad timestamp %q in the database", s)
	}
	return t, nil
}

// timeScan scans a stored instant into a time.Time; NULL gives the zero
// time.
type timeScan struct{ t *time.Time }

func (s timeScan) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	if !ns.Valid || ns.String == "" {
		*s.t = time.Time{}
		return nil
	}
	t, err := ParseTime(ns.String)
	if err != nil {
		return err
	}
	*s.t = t
	return nil
}

// scanTime is the Scan destination for an instant column.
func scanTime(t *time.Time) sql.Scanner { return timeScan{t} }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return FormatTime(t)
}

// nullID stores id 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idScan scans a nullable id; NULL gives 0.
type idScan struct{ id *int64 }

func (s idScan) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	*s.id = n.Int64
	return nil
}

func scanID(id *int64) sql.Scanner { return idScan{id} }
