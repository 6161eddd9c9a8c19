package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"triage/internal/audit"
	"triage/internal/collect"
	"triage/internal/importer"
)

const collectSynopsis = "[--out FILE] [--upload URL --token TOKEN]"

// errNoUpload is the answer to --upload until a Triage server exists to
// receive the file.
const errNoUpload = "uploading needs a Triage server; not available in this version — use --out and copy the file"

func runCollect(ctx context.Context, args []string, env Env) error {
	fs := newFlags("collect", collectSynopsis, env)
	out := fs.String("out", "", "write the facts to this file (facts.json, for 'triage audit --evidence') instead of standard output")
	upload := fs.String("upload", "", "send the facts to a Triage server at this URL (not available in this version)")
	token := fs.String("token", "", "the upload token the Triage server issued (with --upload)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *upload != "" || *token != "" {
		if *upload == "" {
			return errUsage{"--token goes with --upload"}
		}
		return errUsage{errNoUpload}
	}
	res, err := collect.Collect(ctx, collect.Local(env.now()))
	if err != nil {
		return err
	}
	return writeCollected(env, *out, res)
}

// writeCollected writes the facts (whole, or not at all) and tells the
// person running it what was found and what was not checked.
func writeCollected(env Env, out string, res collect.Result) error {
	var buf bytes.Buffer
	if err := importer.WriteFacts(&buf, res.Facts); err != nil {
		return err
	}
	if out == "" {
		if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	summarizeCollect(env.Stderr, out, res)
	return nil
}

func summarizeCollect(w io.Writer, out string, res collect.Result) {
	n := res.Counts()
	who := "without administrator rights"
	if res.Elevated {
		who = "with administrator rights"
	}
	dest := "standard output"
	if out != "" {
		dest = out
	}
	fmt.Fprintf(w, "triage collect: %s (%s), run %s: %d programs, %d settings, %d checks not possible; written to %s\n",
		res.Host, res.OS, who, n[audit.FactSoftware], n[audit.FactSetting], n[audit.FactGap], dest)
	for _, f := range res.Facts {
		if f.Kind == audit.FactGap {
			fmt.Fprintf(w, "  not checked: %s\n", strings.TrimPrefix(f.Gap.Reason, res.Host+": "))
		}
	}
	for _, note := range res.Notes {
		fmt.Fprintf(w, "  note: %s\n", note.Text)
	}
}
