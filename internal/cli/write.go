package cli

import (
	"bytes"
	"os"
	"path/filepath"

	"triage/internal/audit"
	"triage/internal/report"
)

// writeReport renders the whole report in memory first and then replaces the
// output file in one rename, so a failure never leaves half a report.
func writeReport(env Env, out, format string, res *audit.Result, opts report.Options) error {
	var buf bytes.Buffer
	opts.Color = out == "" && format == "text" && isTerminal(env.Stdout) && os.Getenv("NO_COLOR") == ""
	if err := report.Write(&buf, format, res, opts); err != nil {
		return err
	}
	if out == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	return writeFileAtomic(out, buf.Bytes())
}

func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
