package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// The charts of the HTML report are drawn by templates/charts.tmpl from the
// geometry worked out here, so the templates hold no arithmetic and the
// numbers can be tested. Every chart has a title and a description that say
// in words what the picture shows, for screen readers and for anyone who
// prints in greyscale. Colours always come with a pattern (see the <pattern>
// definitions in the template) and a text label, never alone.

// num formats a coordinate with at most one decimal, so the same result
// always gives the same bytes.
func num(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// scoreBand is the rating band of a score, as docs/scoring.md defines it:
// the class that picks the chart fill, and its name.
func scoreBand(score int) (class, name string) {
	switch {
	case score >= 80:
		return "good", "Good"
	case score >= 60:
		return "fair", "Fair"
	case score >= 40:
		return "poor", "Poor"
	}
	return "critical", "Critical"
}

// riskBand grades a risk of 1 to 25 the way the engine grades the severity of
// a fail: 20 and over critical, 12 high, 6 medium, else low.
func riskBand(risk int) (class, name string) {
	switch {
	case risk >= 20:
		return "critical", "critical"
	case risk >= 12:
		return "poor", "high"
	case risk >= 6:
		return "fair", "medium"
	}
	return "good", "low"
}

func clampScore(s int) int { return max(0, min(100, s)) }

// gaugeChart is a half-circle dial from 0 (left) to 100 (right), split into
// the four rating bands, with a marker at the score.
type gaugeChart struct {
	Score    int
	Rating   string
	Segments []gaugeSegment
	Ticks    []chartLabel
	Marker   chartLine
	Legend   []legendItem
	Title    string
	Desc     string
}

type gaugeSegment struct {
	Path  string
	Class string
}

type chartLabel struct {
	X, Y   string
	Anchor string
	Text   string
}

type chartLine struct {
	X1, Y1, X2, Y2 string
}

type legendItem struct {
	X, Y  string // swatch corner
	TextX string
	TextY string
	Class string
	Text  string
}

const (
	gaugeCX     = 120.0
	gaugeCY     = 116.0
	gaugeOuter  = 96.0
	gaugeInner  = 62.0
	gaugeLegend = 158.0
)

// gaugePoint is the point at radius r for a score: 0 is at the left, 100 at
// the right, 50 at the top.
func gaugePoint(score float64, r float64) (x, y float64) {
	a := math.Pi * (1 - score/100)
	return gaugeCX + r*math.Cos(a), gaugeCY - r*math.Sin(a)
}

func newGauge(score int, rating string) gaugeChart {
	s := clampScore(score)
	_, band := scoreBand(s)
	if rating == "" {
		rating = band
	}
	g := gaugeChart{Score: score, Rating: rating, Title: "Overall score"}
	g.Desc = fmt.Sprintf("A dial from 0 to 100 with bands Critical (under 40), Poor (40 to 59), Fair (60 to 79) and Good (80 and over). The marker is at %d, rated %s.", score, rating)
	bands := []struct {
		from, to float64
		class    string
		name     string
	}{{0, 40, "critical", "Critical"}, {40, 60, "poor", "Poor"}, {60, 80, "fair", "Fair"}, {80, 100, "good", "Good"}}
	for i, b := range bands {
		g.Segments = append(g.Segments, gaugeSegment{Path: annulusPath(b.from, b.to), Class: b.class})
		x := 6 + float64(i)*60
		g.Legend = append(g.Legend, legendItem{X: num(x), Y: num(gaugeLegend), TextX: num(x + 15), TextY: num(gaugeLegend + 10), Class: b.class, Text: b.name})
	}
	// 0 and 100 sit under the ends of the dial, the band boundaries just
	// outside it. A boundary the marker would cover is left out; the score
	// is written in the middle anyway.
	for _, t := range []float64{0, 40, 60, 80, 100} {
		if t > 0 && t < 100 && math.Abs(t-float64(s)) < 6 {
			continue
		}
		var x, y float64
		anchor := "middle"
		switch t {
		case 0, 100:
			x, y = gaugePoint(t, (gaugeOuter+gaugeInner)/2)
			y += 13
		default:
			x, y = gaugePoint(t, gaugeOuter+7)
			if t < 50 {
				anchor = "end"
			} else if t > 50 {
				anchor = "start"
			}
		}
		g.Ticks = append(g.Ticks, chartLabel{X: num(x), Y: num(y), Anchor: anchor, Text: strconv.Itoa(int(t))})
	}
	x1, y1 := gaugePoint(float64(s), gaugeInner-8)
	x2, y2 := gaugePoint(float64(s), gaugeOuter+5)
	g.Marker = chartLine{num(x1), num(y1), num(x2), num(y2)}
	return g
}

// annulusPath is the band of the dial between two scores.
func annulusPath(from, to float64) string {
	ox1, oy1 := gaugePoint(from, gaugeOuter)
	ox2, oy2 := gaugePoint(to, gaugeOuter)
	ix2, iy2 := gaugePoint(to, gaugeInner)
	ix1, iy1 := gaugePoint(from, gaugeInner)
	// Each band is under half a turn, so the small arc; sweep 1 runs
	// clockwise on screen, over the top from left to right.
	return fmt.Sprintf("M%s %s A%s %s 0 0 1 %s %s L%s %s A%s %s 0 0 0 %s %s Z",
		num(ox1), num(oy1), num(gaugeOuter), num(gaugeOuter), num(ox2), num(oy2),
		num(ix2), num(iy2), num(gaugeInner), num(gaugeInner), num(ix1), num(iy1))
}

// barChart is one horizontal bar per area, 0 to 100, with the rating band
// boundaries drawn as dashed lines.
type barChart struct {
	Height int
	Rows   []barRow
	Grid   []gridLine
	Title  string
	Desc   string
}

type barRow struct {
	Label  string
	LabelY string
	BarY   string
	Width  string
	Value  string
	ValueX string
	Class  string
	Band   string
}

type gridLine struct {
	X1, Y1, X2, Y2 string
	Label          chartLabel
}

const (
	barX     = 92.0  // where the bars start
	barScale = 2.0   // pixels per point
	barTop   = 18.0  // room for the axis labels
	barStep  = 24.0  // one row
	barH     = 14.0  // one bar
	barsW    = 340.0 // the chart's width
)

type areaScore struct {
	Label string
	Score int
}

func newBars(rows []areaScore) barChart {
	c := barChart{Title: "Score by area", Height: int(barTop + barStep*float64(len(rows)) + 4)}
	var desc []string
	for i, r := range rows {
		s := clampScore(r.Score)
		class, band := scoreBand(s)
		y := barTop + barStep*float64(i)
		w := math.Max(float64(s)*barScale, 1.5) // a zero still shows a sliver
		c.Rows = append(c.Rows, barRow{
			Label: r.Label, LabelY: num(y + barH - 3), BarY: num(y), Width: num(w),
			Value: strconv.Itoa(r.Score), ValueX: num(barX + w + 5), Class: class, Band: band,
		})
		desc = append(desc, fmt.Sprintf("%s %d (%s)", r.Label, r.Score, band))
	}
	bottom := barTop + barStep*float64(len(rows)) - (barStep - barH)
	for _, t := range []int{0, 40, 60, 80, 100} {
		x := num(barX + float64(t)*barScale)
		c.Grid = append(c.Grid, gridLine{X1: x, Y1: num(barTop - 4), X2: x, Y2: num(bottom + 2),
			Label: chartLabel{X: x, Y: num(barTop - 7), Anchor: "middle", Text: strconv.Itoa(t)}})
	}
	c.Desc = "Scores out of 100: " + strings.Join(desc, "; ") + "."
	return c
}

// matrixChart is a 5 x 5 grid of likelihood (rows, 5 at the top) by impact
// (columns, 5 at the right), each cell showing how many open findings sit
// there.
type matrixChart struct {
	Cells   []matrixCell
	XLabels []chartLabel
	YLabels []chartLabel
	Legend  []legendItem
	Open    int
	Title   string
	Desc    string
}

type matrixCell struct {
	X, Y   string
	CX, CY string
	TextY  string
	Class  string
	Count  int
}

const (
	matrixX      = 52.0
	matrixY      = 8.0
	matrixSize   = 40.0
	matrixLegend = 256.0
)

// placeRisk returns the likelihood and impact (1 to 5) of an open finding.
//
// A finding carries only risk = likelihood x impact. An urgent finding has
// likelihood 5 (docs/scoring.md), so its impact is risk / 5. Otherwise the
// split is the most even pair of factors, with impact the larger, the most
// cautious reading for a practice holding patient data. When findings carry
// likelihood and impact themselves, this guess should go.
func placeRisk(f audit.Finding) (likelihood, impact int) {
	if f.Likelihood >= 1 && f.Likelihood <= 5 && f.Impact >= 1 && f.Impact <= 5 {
		return f.Likelihood, f.Impact
	}
	// Reports written before findings carried likelihood and impact:
	// place them by their risk alone.
	r := max(1, min(25, f.Risk))
	if len(f.Urgency) > 0 {
		return 5, max(1, min(5, int(math.Round(float64(r)/5))))
	}
	best, bl, bi := math.MaxInt, 1, 1
	for l := 1; l <= 5; l++ {
		for i := l; i <= 5; i++ {
			// Nearest product first, then the most even split.
			cost := abs(l*i-r)*10 + (i - l)
			if cost < best {
				best, bl, bi = cost, l, i
			}
		}
	}
	return bl, bi
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func newMatrix(findings []audit.Finding) matrixChart {
	var grid [6][6][]string // [likelihood][impact] -> control ids
	m := matrixChart{Title: "Open findings by likelihood and impact"}
	for _, f := range findings {
		if !f.Status.Open() {
			continue
		}
		l, i := placeRisk(f)
		grid[l][i] = append(grid[l][i], f.ControlID)
		m.Open++
	}
	var desc []string
	for l := 5; l >= 1; l-- {
		for i := 1; i <= 5; i++ {
			x := matrixX + float64(i-1)*matrixSize
			y := matrixY + float64(5-l)*matrixSize
			class, _ := riskBand(l * i)
			ids := grid[l][i]
			m.Cells = append(m.Cells, matrixCell{
				X: num(x), Y: num(y), CX: num(x + matrixSize/2), CY: num(y + matrixSize/2),
				TextY: num(y + matrixSize/2 + 4.5), Class: class, Count: len(ids),
			})
			if len(ids) > 0 {
				desc = append(desc, fmt.Sprintf("likelihood %d, impact %d: %s (%s)", l, i, words.Count(len(ids), "finding", "findings"), strings.Join(ids, ", ")))
			}
		}
	}
	for n := 1; n <= 5; n++ {
		m.XLabels = append(m.XLabels, chartLabel{X: num(matrixX + (float64(n)-0.5)*matrixSize), Y: num(matrixY + 5*matrixSize + 14), Anchor: "middle", Text: strconv.Itoa(n)})
		m.YLabels = append(m.YLabels, chartLabel{X: num(matrixX - 6), Y: num(matrixY + (5-float64(n)+0.5)*matrixSize + 4), Anchor: "end", Text: strconv.Itoa(n)})
	}
	for i, b := range []struct{ class, name string }{{"critical", "Critical"}, {"poor", "High"}, {"fair", "Medium"}, {"good", "Low"}} {
		x := 4 + float64(i)*64
		m.Legend = append(m.Legend, legendItem{X: num(x), Y: num(matrixLegend), TextX: num(x + 15), TextY: num(matrixLegend + 10), Class: b.class, Text: b.name})
	}
	if m.Open == 0 {
		m.Desc = "A 5 by 5 grid of likelihood by impact. No finding is open."
		return m
	}
	m.Desc = fmt.Sprintf("A 5 by 5 grid of likelihood (1 to 5, up) by impact (1 to 5, right); cells further up and right are riskier, shaded low, medium, high and critical. %s open: %s.",
		words.Count(m.Open, "finding", "findings"), strings.Join(desc, "; "))
	return m
}

// trendChart plots the overall score of successive audits, oldest first. It
// takes any number of points; a re-audit today has two.
type trendChart struct {
	Points []trendMark
	Line   string
	Grid   []gridLine
	Title  string
	Desc   string
}

type trendPoint struct {
	Label string // the audit's as-of date
	Score int
}

type trendMark struct {
	X, Y   string
	Value  string
	ValueY string
	Label  string
	LabelY string
	Last   bool
}

const (
	trendLeft   = 40.0
	trendRight  = 340.0
	trendTop    = 18.0
	trendBottom = 158.0
	trendPad    = 36.0 // keeps the first and last date labels inside
)

func trendY(score int) float64 {
	return trendBottom - float64(clampScore(score))*(trendBottom-trendTop)/100
}

func newTrend(points []trendPoint) trendChart {
	c := trendChart{Title: "Overall score over time"}
	for _, t := range []int{0, 40, 60, 80, 100} {
		y := num(trendY(t))
		c.Grid = append(c.Grid, gridLine{X1: num(trendLeft), Y1: y, X2: num(trendRight), Y2: y,
			Label: chartLabel{X: num(trendLeft - 6), Y: num(trendY(t) + 3.5), Anchor: "end", Text: strconv.Itoa(t)}})
	}
	var line, desc []string
	n := len(points)
	for i, p := range points {
		x := (trendLeft + trendRight) / 2
		if n > 1 {
			x = trendLeft + trendPad + float64(i)*(trendRight-trendLeft-2*trendPad)/float64(n-1)
		}
		y := trendY(p.Score)
		c.Points = append(c.Points, trendMark{X: num(x), Y: num(y), Value: strconv.Itoa(p.Score), ValueY: num(y - 9),
			Label: p.Label, LabelY: num(trendBottom + 18), Last: i == n-1})
		line = append(line, num(x)+","+num(y))
		desc = append(desc, fmt.Sprintf("%s: %d", p.Label, p.Score))
	}
	c.Line = strings.Join(line, " ")
	c.Desc = "Overall score out of 100 at each audit, oldest first: " + strings.Join(desc, "; ") + "."
	if n > 1 {
		change := points[n-1].Score - points[0].Score
		c.Desc += fmt.Sprintf(" Change: %s.", signed(change))
	}
	return c
}
