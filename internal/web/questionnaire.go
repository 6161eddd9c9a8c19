package web

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/store"
)

// The questionnaire form. Each question has up to three fields, named after
// its control id: a.ID (the value: a choice, number, date or list), k.ID
// (for non-yes/no questions: "never", "unknown", "na" or "none" instead of
// a value) and n.ID (a note). o.ID carries a fingerprint of the three as
// the page showed them, so "Save" writes only the questions this person
// changed and leaves alone answers someone else gave meanwhile: the last
// write wins per question, not per page.

// question is one control as the questionnaire shows it.
type question struct {
	PracticeID int64
	Control    audit.Control
	Value      string
	Special    string
	Note       string
	Orig       string
	Answered   *store.Answered
	Error      string // why the last save failed (htmx answers)
	Saved      bool   // just saved (htmx answers)
}

// Field names, for the templates.
func (q question) A() string { return "a." + q.Control.ID }
func (q question) K() string { return "k." + q.Control.ID }
func (q question) N() string { return "n." + q.Control.ID }
func (q question) O() string { return "o." + q.Control.ID }

// HXParams lists the fields an htmx save of this question sends.
func (q question) HXParams() string { return q.A() + "," + q.K() + "," + q.N() }

// Choices are the options of a yes/no question.
func (q question) Choices() []choice {
	return []choice{{"yes", "Yes"}, {"partly", "Partly"}, {"no", "No"}, {"unknown", "Don't know"}, {"na", "Not applicable"}}
}

// Specials are the alternatives to typing a value.
func (q question) Specials() []choice {
	out := []choice{{"", valuePrompt(q.Control.AnswerType)}}
	switch q.Control.AnswerType {
	case audit.AnswerDate:
		out = append(out, choice{"never", "Never"})
	case audit.AnswerList:
		out = append(out, choice{"none", "None"})
	}
	return append(out, choice{"unknown", "Don't know"}, choice{"na", "Not applicable"})
}

type choice struct{ Value, Label string }

func valuePrompt(t audit.AnswerType) string {
	switch t {
	case audit.AnswerDate:
		return "The date below"
	case audit.AnswerNumber:
		return "The number below"
	}
	return "The list below"
}

func newQuestion(practiceID int64, ctl audit.Control, set store.AnswerSet) question {
	q := question{PracticeID: practiceID, Control: ctl}
	if a, ok := set.Answers.Answers[ctl.ID]; ok {
		q.Value, q.Special, q.Note = answerFields(ctl.AnswerType, a)
		by := set.AnsweredBy[ctl.ID]
		q.Answered = &by
	}
	q.Orig = fingerprint(q.Value, q.Special, q.Note)
	return q
}

// answerFields is an answer as the form shows it.
func answerFields(t audit.AnswerType, a audit.Answer) (value, special, note string) {
	note = a.Note
	switch a.Kind {
	case audit.KindUnknown:
		if t == audit.AnswerYesNo {
			return "unknown", "", note
		}
		return "", "unknown", note
	case audit.KindNA:
		if t == audit.AnswerYesNo {
			return "na", "", note
		}
		return "", "na", note
	case audit.KindChoice:
		if t == audit.AnswerDate && a.Choice == "no" {
			return "", "never", note
		}
		return a.Choice, "", note
	case audit.KindList:
		if len(a.List) == 0 {
			return "", "none", note
		}
		return strings.Join(a.List, "\n"), "", note
	}
	return a.String(), "", note
}

// fingerprint identifies what a question's fields hold, whitespace and line
// endings aside (browsers send text areas back with CRLF).
func fingerprint(value, special, note string) string {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	sum := sha256.Sum256([]byte(norm(value) + "\x00" + special + "\x00" + norm(note)))
	return hex.EncodeToString(sum[:8])
}

// parseAnswer reads a question's fields. clear is true when they hold no
// answer, which removes any earlier one.
func parseAnswer(ctl audit.Control, value, special, note string) (a audit.Answer, clear bool, err error) {
	value = strings.TrimSpace(strings.ReplaceAll(value, "\r\n", "\n"))
	a.Note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if len(value) > 10000 || len(a.Note) > 10000 {
		return a, false, invalidInput("%s: the answer is too long; keep it under 10,000 characters", ctl.ID)
	}
	if ctl.AnswerType == audit.AnswerYesNo {
		special, value = value, ""
		switch special {
		case "yes", "partly", "no":
			a.Kind, a.Choice = audit.KindChoice, special
			return a, false, nil
		}
	}
	switch special {
	case "unknown":
		a.Kind = audit.KindUnknown
		return a, false, nil
	case "na":
		a.Kind = audit.KindNA
		return a, false, nil
	case "never":
		if ctl.AnswerType == audit.AnswerDate {
			a.Kind, a.Choice = audit.KindChoice, "no"
			return a, false, nil
		}
	case "none":
		if ctl.AnswerType == audit.AnswerList {
			a.Kind, a.List = audit.KindList, []string{}
			return a, false, nil
		}
	case "", "value":
	default:
		return a, false, invalidInput("%s: %q is not one of the choices", ctl.ID, special)
	}
	if value == "" {
		if a.Note != "" {
			return a, false, invalidInput("%s: give an answer as well as the note", ctl.ID)
		}
		return a, true, nil
	}
	switch ctl.AnswerType {
	case audit.AnswerDate:
		d, err := audit.ParseDate(value)
		if err != nil {
			return a, false, invalidInput("%s: %v", ctl.ID, err)
		}
		a.Kind, a.Date = audit.KindDate, &d
	case audit.AnswerNumber:
		n, err := strconv.ParseFloat(value, 64)
		if err != nil || n < 0 || n != n {
			return a, false, invalidInput("%s: %q is not a number; write a plain number like 12 or 2.5", ctl.ID, value)
		}
		a.Kind, a.Number = audit.KindNumber, &n
	case audit.AnswerList:
		a.Kind, a.List = audit.KindList, lines(value)
	default:
		return a, false, invalidInput("%s: %q is not one of the choices", ctl.ID, value)
	}
	return a, false, nil
}

// areaProgress is one tab of the questionnaire: an area and how much of it
// is answered.
type areaProgress struct {
	Area     audit.Area
	Answered int
	Total    int
	Current  bool
}

// ID is the element id htmx updates after each answer.
func (p areaProgress) ID() string { return "progress-" + string(p.Area) }

// questions returns the controls that apply to a practice in country, by
// area in report order.
func (s *Server) questions(country string) map[audit.Area][]audit.Control {
	out := map[audit.Area][]audit.Control{}
	for _, c := range s.cat.Controls {
		if c.AppliesTo(country) {
			out[c.Area] = append(out[c.Area], c)
		}
	}
	return out
}

func progress(byArea map[audit.Area][]audit.Control, set store.AnswerSet, current audit.Area) []areaProgress {
	var out []areaProgress
	for _, a := range audit.Areas {
		p := areaProgress{Area: a, Total: len(byArea[a]), Current: a == current}
		for _, c := range byArea[a] {
			if _, ok := set.Answers.Answers[c.ID]; ok {
				p.Answered++
			}
		}
		if p.Total > 0 {
			out = append(out, p)
		}
	}
	return out
}

// questionControl finds a control a practice in country is asked about.
func (s *Server) questionControl(id, country string) (audit.Control, bool) {
	c, ok := s.cat.Control(id)
	return c, ok && c.AppliesTo(country)
}
