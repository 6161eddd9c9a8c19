package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"triage/internal/audit"
	"triage/internal/catalog"
)

func runCatalogue(ctx context.Context, args []string, env Env) error {
	fs := newFlags("catalogue", "[--format text|md|json]", env)
	format := fs.String("format", "text", "output format: text, md or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cat, err := catalog.Default()
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	w := bufio.NewWriter(env.Stdout)
	switch *format {
	case "text":
		catalogueText(w, cat)
	case "md":
		catalogueMarkdown(w, cat)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cat); err != nil {
			return err
		}
	default:
		return errUsage{fmt.Sprintf("--format %q must be text, md or json", *format)}
	}
	return w.Flush()
}

func catalogueText(w io.Writer, cat *audit.Catalog) {
	fmt.Fprintf(w, "Triage control catalogue %s: %d controls\n", cat.Version, len(cat.Controls))
	for _, area := range audit.Areas {
		fmt.Fprintf(w, "\n%s\n", strings.ToUpper(string(area)))
		for _, c := range cat.Controls {
			if c.Area != area {
				continue
			}
			qw := ""
			if c.QuickWin {
				qw = " · quick win"
			}
			fmt.Fprintf(w, "  %-24s risk %2d · %s%s\n  %24s %s\n", c.ID, c.Risk(), c.Effort, qw, "", c.Title)
		}
	}
}

func catalogueMarkdown(w io.Writer, cat *audit.Catalog) {
	fmt.Fprintf(w, "# Triage control catalogue %s\n\n%d controls in %d areas.\n", cat.Version, len(cat.Controls), len(audit.Areas))
	for _, area := range audit.Areas {
		fmt.Fprintf(w, "\n## %s\n", strings.ToUpper(string(area[:1]))+string(area[1:]))
		for _, c := range cat.Controls {
			if c.Area == area {
				controlMarkdown(w, c)
			}
		}
	}
}

func controlMarkdown(w io.Writer, c audit.Control) {
	fmt.Fprintf(w, "\n### %s — %s\n\n", c.ID, c.Title)
	fmt.Fprintf(w, "**Question (%s):** %s\n\n**Why it matters:** %s\n\n", c.AnswerType, c.Question, c.Why)
	fmt.Fprintf(w, "Likelihood %d × impact %d = risk %d · effort: %s · quick win: %s · %s\n\n", c.Likelihood, c.Impact, c.Risk(), c.Effort, yesNo(c.QuickWin), c.Level)
	fmt.Fprintln(w, "**How to fix it:**")
	fmt.Fprintln(w)
	for i, s := range c.Remediation {
		fmt.Fprintf(w, "%d. %s\n", i+1, s)
	}
	if len(c.Checks) > 0 {
		var kinds []string
		for _, ch := range c.Checks {
			kinds = append(kinds, "`"+ch.Kind+"`")
		}
		fmt.Fprintf(w, "\n**Checks:** %s\n", strings.Join(kinds, ", "))
	}
	var maps []string
	for _, id := range catalog.FrameworkIDs {
		if m := c.Mappings[id]; len(m) > 0 {
			maps = append(maps, strings.ToUpper(id)+": "+strings.Join(m, ", "))
		}
	}
	if len(maps) > 0 {
		fmt.Fprintf(w, "\n**Frameworks:** %s\n", strings.Join(maps, " · "))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
