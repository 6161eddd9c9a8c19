package profile

import (
	"errors"
	"strings"
	"testing"

	"triage/internal/audit"
)

// fuzzErr checks the contract every loader error keeps: an EInvalid
// *audit.Error naming the file.
func fuzzErr(t *testing.T, err error, file string) {
	var e *audit.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %q is not an *audit.Error", err, err)
	}
	if e.Code != audit.EInvalid || e.File != file || e.Line < 0 || e.Msg == "" {
		t.Fatalf("bad error %+v", e)
	}
}

func FuzzLoadPractice(f *testing.F) {
	docSeeds(f, "practice.yaml")
	f.Add("name: X\ncountry: AU\nstaff:\n  - {name: A, role: gp, start: 2024-01-01, end: 2023-01-01}\n")
	f.Add("name: X\ncountry: US\npublic_ips: ['::ffff:203.0.113.1', 203.0.113.2]\ndomains: [A.com.]\n")
	f.Add("a: &x [*x]\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := LoadPractice("practice.yaml", strings.NewReader(in))
		if err != nil {
			fuzzErr(t, err, "practice.yaml")
			return
		}
		if p.Name == "" || (p.Country != "AU" && p.Country != "US") {
			t.Fatalf("loaded a practice without name or country: %+v", p)
		}
		for _, s := range p.Staff {
			if s.Name == "" || s.Role == "" {
				t.Fatalf("loaded a person without name or role: %+v", s)
			}
		}
	})
}

func FuzzLoadAnswers(f *testing.F) {
	docSeeds(f, "answers.yaml")
	f.Add("answers:\n  ACC-X: {value: [a, b], note: x}\n  ACC-Y: 2024-02-29\n  ACC-Z: 1.5\n")
	f.Add("accepted:\n  ACC-X: {owner: a, reason: b, until: 2025-01-01}\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := LoadAnswers("answers.yaml", strings.NewReader(in))
		if err != nil {
			fuzzErr(t, err, "answers.yaml")
			return
		}
		for id, a := range file.Answers.Answers {
			if !ValidControlID(id) || file.AnswerLine(id) < 1 {
				t.Fatalf("answer id %q at line %d", id, file.AnswerLine(id))
			}
			switch a.Kind {
			case audit.KindChoice:
				if a.Choice != "yes" && a.Choice != "partly" && a.Choice != "no" {
					t.Fatalf("choice %q", a.Choice)
				}
			case audit.KindNumber:
				if a.Number == nil {
					t.Fatal("number answer without a number")
				}
			case audit.KindDate:
				if a.Date == nil {
					t.Fatal("date answer without a date")
				}
			case audit.KindList:
				if a.List == nil {
					t.Fatal("list answer without a list")
				}
			case audit.KindUnknown, audit.KindNA:
			default:
				t.Fatalf("answer kind %q", a.Kind)
			}
		}
		for id, acc := range file.Answers.Accepted {
			if acc.Owner == "" || acc.Reason == "" || acc.Until.IsZero() || file.AcceptedLine(id) < 1 {
				t.Fatalf("incomplete acceptance %s: %+v", id, acc)
			}
		}
	})
}
