package report

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"triage/internal/audit"
)

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 1: "1", 1.25: "1.3", -0.04: "0", 12.96: "13", 24.05: "24.1"} {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestScoreAndRiskBands(t *testing.T) {
	for score, want := range map[int]string{0: "critical", 39: "critical", 40: "poor", 59: "poor", 60: "fair", 79: "fair", 80: "good", 100: "good"} {
		if got, _ := scoreBand(score); got != want {
			t.Errorf("scoreBand(%d) = %s, want %s", score, got, want)
		}
	}
	for risk, want := range map[int]string{1: "low", 5: "low", 6: "medium", 11: "medium", 12: "high", 19: "high", 20: "critical", 25: "critical"} {
		if _, got := riskBand(risk); got != want {
			t.Errorf("riskBand(%d) = %s, want %s", risk, got, want)
		}
	}
}

func TestGaugeMarker(t *testing.T) {
	for _, tc := range []struct {
		score int
		x, y  float64 // where the marker's outer end should be, roughly
	}{
		{0, gaugeCX - gaugeOuter - 5, gaugeCY},
		{50, gaugeCX, gaugeCY - gaugeOuter - 5},
		{100, gaugeCX + gaugeOuter + 5, gaugeCY},
		{150, gaugeCX + gaugeOuter + 5, gaugeCY}, // clamped
	} {
		g := newGauge(tc.score, "")
		x, _ := strconv.ParseFloat(g.Marker.X2, 64)
		y, _ := strconv.ParseFloat(g.Marker.Y2, 64)
		if abs(int(x-tc.x)) > 1 || abs(int(y-tc.y)) > 1 {
			t.Errorf("score %d: marker ends at %v,%v, want %v,%v", tc.score, x, y, tc.x, tc.y)
		}
	}
	g := newGauge(46, "Poor")
	if len(g.Segments) != 4 || len(g.Ticks) != 5 || !strings.Contains(g.Desc, "46, rated Poor") {
		t.Errorf("gauge = %+v", g)
	}
	// The marker would cover the 40 label.
	for _, tick := range newGauge(42, "Poor").Ticks {
		if tick.Text == "40" {
			t.Error("the 40 label is drawn under the marker at 42")
		}
	}
}

func TestBars(t *testing.T) {
	c := newBars([]areaScore{{"Access", 38}, {"People", 100}, {"Incident", 0}})
	if len(c.Rows) != 3 {
		t.Fatalf("%d rows", len(c.Rows))
	}
	for i, want := range []struct{ width, class string }{{"76", "critical"}, {"200", "good"}, {"1.5", "critical"}} {
		if c.Rows[i].Width != want.width || c.Rows[i].Class != want.class {
			t.Errorf("row %d = width %s class %s, want %s %s", i, c.Rows[i].Width, c.Rows[i].Class, want.width, want.class)
		}
	}
	if want := "Scores out of 100: Access 38 (Critical); People 100 (Good); Incident 0 (Critical)."; c.Desc != want {
		t.Errorf("desc = %q, want %q", c.Desc, want)
	}
}

func TestPlaceRisk(t *testing.T) {
	for _, tc := range []struct {
		risk   int
		urgent bool
		l, i   int
	}{
		{25, false, 5, 5}, {20, false, 4, 5}, {16, false, 4, 4}, {15, false, 3, 5}, {12, false, 3, 4},
		{9, false, 3, 3}, {6, false, 2, 3}, {4, false, 2, 2}, {1, false, 1, 1},
		{7, false, 2, 3},                    // not a product of two levels: 6 and 8 are as near; the more even split
		{0, false, 1, 1}, {40, false, 5, 5}, // out of range: clamped
		{20, true, 5, 4}, {16, true, 5, 3}, {25, true, 5, 5}, {3, true, 5, 1},
	} {
		f := audit.Finding{Risk: tc.risk}
		if tc.urgent {
			f.Urgency = []string{"internet-exposed"}
		}
		l, i := placeRisk(f)
		if l != tc.l || i != tc.i {
			t.Errorf("placeRisk(risk %d, urgent %v) = %d,%d, want %d,%d", tc.risk, tc.urgent, l, i, tc.l, tc.i)
		}
	}
}

func TestMatrixCountsOpenFindingsOnly(t *testing.T) {
	m := newMatrix(sample().Findings)
	total := 0
	for _, c := range m.Cells {
		total += c.Count
	}
	if len(m.Cells) != 25 || total != 7 || m.Open != 7 {
		t.Errorf("%d cells holding %d findings (open %d), want 25 cells and the 7 fails and warnings", len(m.Cells), total, m.Open)
	}
	if empty := newMatrix(nil); !strings.Contains(empty.Desc, "No finding is open") {
		t.Errorf("empty matrix desc = %q", empty.Desc)
	}
}

// The trend takes any number of audits, spread evenly, oldest on the left.
func TestTrendSeveralPoints(t *testing.T) {
	pts := []trendPoint{{"2025-11-30", 22}, {"2026-02-28", 31}, {"2026-05-31", 39}, {"2026-11-30", 46}}
	c := newTrend(pts)
	if len(c.Points) != 4 || strings.Count(c.Line, ",") != 4 {
		t.Fatalf("trend = %+v", c)
	}
	var xs []float64
	for i, p := range c.Points {
		x, _ := strconv.ParseFloat(p.X, 64)
		xs = append(xs, x)
		if p.Last != (i == 3) {
			t.Errorf("point %d Last = %v", i, p.Last)
		}
	}
	if !sort.Float64sAreSorted(xs) || xs[0] < trendLeft || xs[3] > trendRight {
		t.Errorf("x positions %v are not in order within the plot", xs)
	}
	y0, _ := strconv.ParseFloat(c.Points[0].Y, 64)
	y3, _ := strconv.ParseFloat(c.Points[3].Y, 64)
	if y3 >= y0 {
		t.Errorf("a higher score is not drawn higher: y %v then %v", y0, y3)
	}
	if !strings.Contains(c.Desc, "2025-11-30: 22") || !strings.Contains(c.Desc, "Change: +24.") {
		t.Errorf("desc = %q", c.Desc)
	}
	one := newTrend(pts[:1])
	if len(one.Points) != 1 || strings.Contains(one.Desc, "Change") {
		t.Errorf("one point: %+v", one)
	}
}

func TestNaturalLess(t *testing.T) {
	labels := []string{"10.1", "5.3", "HPH-E10", "HPH-E2", "164.308(a)(7)(ii)(D)", "164.308(a)(1)(ii)(A)", "C6.4B", "C6.4A", "2.2", "4.4", "MFA ML2 ISM-1504", "MFA ML1 ISM-1679"}
	sort.Slice(labels, func(i, j int) bool { return naturalLess(labels[i], labels[j]) })
	// Numbers compare as numbers: 2.2 < 4.4 < 5.3 < 10.1 < 164.308...
	want := "2.2 4.4 5.3 10.1 164.308(a)(1)(ii)(A) 164.308(a)(7)(ii)(D) C6.4A C6.4B HPH-E2 HPH-E10 MFA ML1 ISM-1679 MFA ML2 ISM-1504"
	if got := strings.Join(labels, " "); got != want {
		t.Errorf("sorted:\n got %s\nwant %s", got, want)
	}
	if naturalLess("a", "a") || !naturalLess("a", "a1") || naturalLess("a01", "a1") {
		t.Error("naturalLess is not a strict order on equal and prefix labels")
	}
}

func TestRequirementStatus(t *testing.T) {
	f := func(ss ...audit.Status) []audit.Finding {
		var out []audit.Finding
		for _, s := range ss {
			out = append(out, audit.Finding{Status: s})
		}
		return out
	}
	for _, tc := range []struct {
		in   []audit.Finding
		want audit.Status
	}{
		{f(audit.Pass, audit.Fail), audit.Fail},
		{f(audit.Pass, audit.Warn, audit.NotChecked), audit.Fail},
		{f(audit.Pass, audit.NotChecked), audit.NotChecked},
		{f(audit.Pass, audit.Accepted, audit.NotChecked), audit.Accepted},
		{f(audit.Pass, audit.NotApplicable), audit.Pass},
		{f(audit.NotApplicable), audit.NotApplicable},
		{f(audit.Pass), audit.Pass},
	} {
		if got := requirementStatus(tc.in); got != tc.want {
			t.Errorf("requirementStatus(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestFrameworkTables(t *testing.T) {
	r := sample()
	tables := frameworkTables(r, findingRefs(r))
	byID := map[string]frameworkTable{}
	var order []string
	for _, tb := range tables {
		byID[tb.ID] = tb
		order = append(order, tb.ID)
	}
	if got := strings.Join(order, " "); got != "e8 racgp cis hipaa hph hicp" {
		t.Errorf("order %s", got)
	}
	if byID["e8"].Strategy == nil || len(byID["e8"].Rows) != 0 {
		t.Error("the Essential Eight should show its strategy table")
	}
	// RACGP C6.4A is met by DAT-MHR-POLICY but ACC-LEAVER-REVOKE fails.
	for _, row := range byID["racgp"].Rows {
		if row.Label == "C6.4A" && (row.Status != audit.Fail || len(row.Findings) != 2) {
			t.Errorf("C6.4A = %+v, want not met with 2 controls", row)
		}
		if row.Label == "C6.4C" && row.Status != audit.Pass {
			t.Errorf("C6.4C = %s, want met", row.Status)
		}
	}
	if c := byID["racgp"].Counts; len(c) != 2 || c[0].Label != "not met" || c[0].N != 4 || c[1].Label != "met" || c[1].N != 2 {
		t.Errorf("racgp counts = %+v", c)
	}
}

func TestE8LevelCell(t *testing.T) {
	s := audit.E8Strategy{Level: 1, Gaps: []string{"MFA ML2 ISM-1679 (ACC-MFA-ADMIN fail)"}}
	got := []string{e8LevelCell(s, 1).Text, e8LevelCell(s, 2).Text, e8LevelCell(s, 3).Text}
	if strings.Join(got, "|") != "Met|Not met|Not yet assessed" {
		t.Errorf("cells = %v", got)
	}
	s = audit.E8Strategy{Level: 0, Gaps: []string{}, Unknown: []string{"RB ML1 ISM-1511 (BAK-PMS-DAILY not checked)"}}
	if c := e8LevelCell(s, 1); c.Text != "Not judged" {
		t.Errorf("unknown at ML1 = %s", c.Text)
	}
	s = audit.E8Strategy{Level: 3}
	if c := e8LevelCell(s, 3); c.Text != "Met" {
		t.Errorf("level 3 = %s", c.Text)
	}
	s = audit.E8Strategy{Level: 1, Gaps: []string{}}
	if c := e8LevelCell(s, 2); c.Text != "No requirement mapped" {
		t.Errorf("nothing mapped at ML2 = %s", c.Text)
	}
}
