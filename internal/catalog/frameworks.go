package catalog

import (
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

type frameworkYAML struct {
	ID           string            `yaml:"id"`
	Name         string            `yaml:"name"`
	Requirements []requirementYAML `yaml:"requirements"`
}

type requirementYAML struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	Strategy string   `yaml:"strategy"`
	Level    int      `yaml:"level"`
	Controls []string `yaml:"controls"`
}

func (l *loader) frameworkFile(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	var f frameworkYAML
	root, err := decodeStrict(name, data, &f)
	if err != nil {
		return err
	}
	if frameworkRank(f.ID) == len(FrameworkIDs) {
		return audit.Invalid(name, lineOf(root, "id"), "framework id %q must be one of %s", f.ID, strings.Join(FrameworkIDs, ", "))
	}
	if _, dup := l.cat.Framework(f.ID); dup {
		return audit.Invalid(name, lineOf(root, "id"), "framework %q is defined twice", f.ID)
	}
	if strings.TrimSpace(f.Name) == "" {
		return audit.Invalid(name, lineOf(root, "name"), "framework %q needs a name", f.ID)
	}
	fw := audit.Framework{ID: f.ID, Name: strings.TrimSpace(f.Name)}
	seen := map[string]bool{}
	reqs := child(root, "requirements")
	for i, r := range f.Requirements {
		req, err := l.requirement(name, item(reqs, i), f.ID, r, seen)
		if err != nil {
			return err
		}
		fw.Requirements = append(fw.Requirements, req)
	}
	l.cat.Frameworks = append(l.cat.Frameworks, fw)
	return nil
}

func (l *loader) requirement(name string, n *yaml.Node, fw string, r requirementYAML, seen map[string]bool) (audit.Requirement, error) {
	line := lineOf(n, "id")
	if strings.TrimSpace(r.ID) == "" {
		return audit.Requirement{}, audit.Invalid(name, line, "requirement needs an id")
	}
	key := r.ID
	if fw == "e8" {
		if _, ok := E8StrategyNames[r.Strategy]; !ok {
			return audit.Requirement{}, audit.Invalid(name, lineOf(n, "strategy"), "requirement %s: strategy %q must be one of %s", r.ID, r.Strategy, strings.Join(E8Strategies, ", "))
		}
		if r.Level < 1 || r.Level > 3 {
			return audit.Requirement{}, audit.Invalid(name, lineOf(n, "level"), "requirement %s: level %d must be 1, 2 or 3", r.ID, r.Level)
		}
		key = r.Strategy + "/" + r.ID
	} else if r.Strategy != "" || r.Level != 0 {
		return audit.Requirement{}, audit.Invalid(name, line, "requirement %s: strategy and level belong to the Essential Eight only", r.ID)
	}
	if seen[key] {
		return audit.Requirement{}, audit.Invalid(name, line, "requirement %s is listed twice", r.ID)
	}
	seen[key] = true
	if len(r.Controls) == 0 {
		return audit.Requirement{}, audit.Invalid(name, lineOf(n, "controls"), "requirement %s lists no controls", r.ID)
	}
	ctlNode := child(n, "controls")
	for i, id := range r.Controls {
		if l.controlAt[id] == "" {
			return audit.Requirement{}, audit.Invalid(name, lineAt(ctlNode, i), "requirement %s maps to unknown control %q", r.ID, id)
		}
	}
	return audit.Requirement{ID: r.ID, Title: strings.TrimSpace(r.Title), Strategy: r.Strategy, Level: r.Level, Controls: r.Controls}, nil
}

func lineAt(seq *yaml.Node, i int) int {
	if n := item(seq, i); n != nil {
		return n.Line
	}
	if seq != nil {
		return seq.Line
	}
	return 0
}
