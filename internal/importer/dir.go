package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// profileFiles are read by the profile package, not by importers.
var profileFiles = []string{"practice.yaml", "answers.yaml"}

// ImportDir imports an evidence folder with the built-in importers; see
// Registry.ImportDir.
func ImportDir(dir string) (Result, error) { return Default().ImportDir(dir) }

// ImportFile imports one file with the built-in importers; see
// Registry.ImportFile.
func ImportFile(path string) (Result, error) { return Default().ImportFile(path) }

// ImportBytes imports in-memory data with the built-in importers; see
// Registry.ImportBytes.
func ImportBytes(name string, data []byte) (Result, error) { return Default().ImportBytes(name, data) }

// ImportDir reads every regular file directly in dir (not in folders below
// it), in name order, skipping practice.yaml, answers.yaml and hidden files
// (names starting with a dot). Each file's format is detected from its
// first HeadSize bytes, never its name. Recognised files are imported;
// facts that do not say where they came from get the file's base name and
// the SHA-256 of its whole content. Files no importer recognises are listed
// in Result.Unrecognised.
//
// The first import error stops everything: the result is empty and the
// error (an *audit.Error) names the file and line.
func (r *Registry) ImportDir(dir string) (Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Result{}, &audit.Error{Code: audit.ENotFound, File: dir, Msg: "evidence folder not found"}
		}
		return Result{}, &audit.Error{Code: audit.EInvalid, File: dir, Msg: "could not read the evidence folder", Err: err}
	}
	var res Result
	for _, e := range entries { // os.ReadDir sorts by name
		name := e.Name()
		if strings.HasPrefix(name, ".") || oneOf(profileFiles, name) {
			continue
		}
		path := filepath.Join(dir, name)
		info, err := os.Stat(path) // follows links to files
		if err != nil {
			return Result{}, &audit.Error{Code: audit.EInvalid, File: path, Msg: "could not read the file", Err: err}
		}
		if !info.Mode().IsRegular() {
			continue
		}
		if err := r.importInto(&res, path, name); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// ImportFile imports one file, detecting its format like ImportDir. An
// unrecognised file is listed in Result.Unrecognised, not an error.
func (r *Registry) ImportFile(path string) (Result, error) {
	var res Result
	if err := r.importInto(&res, path, filepath.Base(path)); err != nil {
		return Result{}, err
	}
	return res, nil
}

// ImportBytes imports data (for evidence held in memory, such as the
// embedded demo) as if it were a file called name, detecting its format
// like ImportDir.
func (r *Registry) ImportBytes(name string, data []byte) (Result, error) {
	var res Result
	if err := r.importReader(&res, name, bytes.NewReader(data)); err != nil {
		return Result{}, err
	}
	return res, nil
}

// importInto imports the file at path (called name in messages and
// sources) into res.
func (r *Registry) importInto(res *Result, path, name string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &audit.Error{Code: audit.ENotFound, File: path, Msg: "file not found"}
	}
	if err != nil {
		return &audit.Error{Code: audit.EInvalid, File: path, Msg: "could not open the file", Err: err}
	}
	defer f.Close()
	return r.importReader(res, name, f)
}

// importReader detects the format of src from its head, imports the whole
// of it and hashes every byte.
func (r *Registry) importReader(res *Result, name string, src io.ReadSeeker) error {
	readErr := func(err error) error {
		return &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	head := make([]byte, HeadSize)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return readErr(err)
	}
	imp := r.Detect(name, head[:n])
	if imp == nil {
		res.Unrecognised = append(res.Unrecognised, name)
		return nil
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return readErr(err)
	}
	h := sha256.New()
	tee := io.TeeReader(src, h)
	facts, err := imp.Import(name, tee)
	if err != nil {
		return locate(err, name, imp)
	}
	if _, err := io.Copy(io.Discard, tee); err != nil { // hash what the importer left unread
		return readErr(err)
	}
	for i, fact := range facts {
		if p := checkFact(&fact); p != nil {
			return &audit.Error{Code: audit.EInternal, File: name,
				Msg: "the " + imp.Name() + " importer produced an invalid fact (facts[" + strconv.Itoa(i) + "]): " + p.msg}
		}
	}
	sum := hex.EncodeToString(h.Sum(nil))
	fillSource(facts, name, sum)
	res.Facts = append(res.Facts, facts...)
	res.Files = append(res.Files, audit.EvidenceFile{File: name, Kind: imp.Name(), SHA256: sum, Facts: len(facts)})
	return nil
}

// locate makes sure an import error names the file.
func locate(err error, name string, imp Importer) error {
	var e *audit.Error
	if errors.As(err, &e) {
		if e.File != "" {
			return err
		}
		c := *e
		c.File = name
		return &c
	}
	return &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read it as " + imp.Name(), Err: err}
}
