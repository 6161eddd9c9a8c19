package web

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"triage/internal/demo"
	"triage/internal/importer"
	"triage/internal/profile"
	"triage/internal/store"
)

// systemTenant is Triage itself, acting before anyone has signed in (the
// demo practice is loaded at start-up). It may see everything; the log
// records its actions with no user.
var systemTenant = store.Tenant{Role: store.RoleAdmin}

// LoadDemo adds the built-in demo practice, with its evidence, answers and
// accepted risks and one audit as of the demo's date, so a newcomer sees a
// full workspace at once. It does nothing when a practice of that name
// exists already, and returns the practice's id either way.
func (s *Server) LoadDemo(ctx context.Context) (int64, error) {
	files := demo.Files()
	yamlText, err := fs.ReadFile(files, "practice.yaml")
	if err != nil {
		return 0, err
	}
	prof, err := profile.LoadPractice("practice.yaml", bytes.NewReader(yamlText))
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	existing, err := s.st.Practices(ctx, systemTenant, prof.Name, store.SortName)
	if err != nil {
		return 0, err
	}
	for _, p := range existing {
		if p.Name == prof.Name {
			return p.ID, nil
		}
	}
	p, err := s.st.CreatePractice(ctx, systemTenant, string(yamlText))
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	facts, err := fs.ReadFile(files, "facts.json")
	if err != nil {
		return 0, err
	}
	res, err := importer.ImportBytes("facts.json", facts)
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	f := res.Files[0]
	if _, err := s.st.SaveEvidence(ctx, systemTenant, p.ID, store.NewEvidence{Name: f.File, Kind: f.Kind,
		SHA256: f.SHA256, Size: int64(len(facts)), Facts: res.Facts}); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	answersText, err := fs.ReadFile(files, "answers.yaml")
	if err != nil {
		return 0, err
	}
	answers, err := profile.LoadAnswers("answers.yaml", bytes.NewReader(answersText))
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	for _, id := range sortedKeys(answers.Answers.Answers) {
		if _, err := s.st.SaveAnswer(ctx, systemTenant, p.ID, id, answers.Answers.Answers[id]); err != nil {
			return 0, fmt.Errorf("demo: answer %s: %w", id, err)
		}
	}
	for _, id := range sortedKeys(answers.Answers.Accepted) {
		if _, err := s.st.SaveAcceptance(ctx, systemTenant, p.ID, id, answers.Answers.Accepted[id]); err != nil {
			return 0, fmt.Errorf("demo: accepted %s: %w", id, err)
		}
	}
	result, err := s.evaluate(ctx, systemTenant, p, demo.AsOf)
	if err != nil {
		return 0, err
	}
	result.GeneratedAt = s.cfg.Now().UTC().Format(time.RFC3339)
	if _, err := s.st.SaveAudit(ctx, systemTenant, p.ID, result); err != nil {
		return 0, err
	}
	s.record(ctx, systemTenant, p.ID, "demo.load", p.Name)
	return p.ID, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
