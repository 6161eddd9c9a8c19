package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"triage/internal/audit"
)

// factsFile is the facts.json envelope.
type factsFile struct {
	SchemaVersion int          `json:"schema_version"`
	Facts         []audit.Fact `json:"facts"`
}

// WriteFacts writes facts in the facts.json format: indented, fields in a
// fixed order, so the same facts always give the same bytes. Every fact
// must pass ValidateFact; otherwise nothing is written and the error (code
// EInternal, since the caller built the facts) names the fact's index.
func WriteFacts(w io.Writer, facts []audit.Fact) error {
	for i, f := range facts {
		if p := checkFact(&f); p != nil {
			return &audit.Error{Code: audit.EInternal, Msg: "facts[" + strconv.Itoa(i) + "]: " + p.msg}
		}
	}
	if facts == nil {
		facts = []audit.Fact{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(factsFile{SchemaVersion: FactsSchemaVersion, Facts: facts})
}

// ReadFactsFile reads one facts.json file (the CLI's --facts flag), without
// content detection. Errors name path as given. Facts that do not say which
// file they came from get the file's base name and SHA-256.
func ReadFactsFile(path string) ([]audit.Fact, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &audit.Error{Code: audit.ENotFound, File: path, Msg: "file not found"}
	}
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: path, Msg: "could not open the file", Err: err}
	}
	defer f.Close()
	h := sha256.New()
	tee := io.TeeReader(f, h)
	facts, err := FactsJSON{}.Import(path, tee)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, tee); err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: path, Msg: "could not read the file", Err: err}
	}
	fillSource(facts, filepath.Base(path), hex.EncodeToString(h.Sum(nil)))
	return facts, nil
}

// fillSource gives facts that do not say where they came from the file's
// name and hash. Facts naming another file (a collector's output relayed in
// facts.json) keep their own source.
func fillSource(facts []audit.Fact, file, sum string) {
	for i := range facts {
		src := &facts[i].Source
		if src.File == "" {
			src.File = file
		}
		if src.File == file && src.SHA256 == "" {
			src.SHA256 = sum
		}
	}
}
