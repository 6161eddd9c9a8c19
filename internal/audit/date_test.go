package audit

import (
	"testing"
	"time"
)

func TestDayInPracticeZone(t *testing.T) {
	at := time.Date(2026, 11, 19, 22, 0, 0, 0, time.UTC) // 09:00 next day in Sydney
	for _, c := range []struct {
		p    Practice
		want string
	}{
		{Practice{Country: "AU"}, "2026-11-20"},
		{Practice{Country: "AU", TimeZone: "Australia/Perth"}, "2026-11-20"}, // 06:00
		{Practice{Country: "US"}, "2026-11-19"},                              // 17:00 in New York
		{Practice{Country: "US", TimeZone: "America/Los_Angeles"}, "2026-11-19"},
		{Practice{Country: "NZ"}, "2026-11-19"},                        // no default: UTC
		{Practice{Country: "AU", TimeZone: "Not/AZone"}, "2026-11-19"}, // unknown: UTC
	} {
		if got := DayIn(at, c.p.Location()).Format(DateLayout); got != c.want {
			t.Errorf("%+v: %s, want %s", c.p, got, c.want)
		}
	}
	if d := DayIn(at, time.UTC); !d.Equal(Day(at)) {
		t.Errorf("DayIn UTC %v differs from Day %v", d, Day(at))
	}
}

func TestBandRank(t *testing.T) {
	for i, b := range Bands {
		if b.Rank() != i {
			t.Errorf("%s ranks %d, want %d", b, b.Rank(), i)
		}
	}
	if Band("someday").Rank() != len(Bands) {
		t.Error("an unknown band should sort after every known one")
	}
}
