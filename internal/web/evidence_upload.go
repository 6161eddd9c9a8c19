package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"triage/internal/words"

	"triage/internal/importer"
	"triage/internal/store"
)

// evidenceUpload imports evidence files. Each file is detected and
// imported whole before anything of it is stored, and stored in one
// transaction, so a file is either all in or not in at all. A file that
// cannot be read is recorded with its error (file:line), unless an
// earlier good upload of the same name exists, which is then kept.
func (s *Server) evidenceUpload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	existing, err := s.st.EvidenceFiles(ctx, t, p.ID)
	if err != nil {
		return err
	}
	good := map[string]bool{}
	for _, e := range existing {
		good[e.Name] = e.Error == ""
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return invalidInput("choose one or more evidence files to upload")
	}
	var report []string
	count := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			report = append(report, fmt.Sprintf("The upload was larger than %d MB in all; send fewer files at a time.", mbe.Limit>>20))
			break
		}
		if err != nil {
			return invalidInput("the upload could not be read: %v", err)
		}
		if part.FormName() != "files" || part.FileName() == "" {
			part.Close()
			continue
		}
		count++
		name := cleanFileName(part.FileName())
		if count > maxUploadFiles {
			report = append(report, fmt.Sprintf("%s: not read; upload at most %d files at a time.", name, maxUploadFiles))
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, s.cfg.MaxUpload+1))
		part.Close()
		if errors.As(err, &mbe) {
			report = append(report, fmt.Sprintf("The upload was larger than %d MB in all; send fewer files at a time.", mbe.Limit>>20))
			break
		}
		if err != nil {
			return err
		}
		line, err := s.importOne(r, p.ID, name, data, good[name])
		if err != nil {
			return err
		}
		report = append(report, line)
	}
	if len(report) == 0 {
		report = append(report, "Choose one or more evidence files to upload.")
	}
	s.flash(r, strings.Join(report, "\n"))
	return redirect(w, r, practicePath(p.ID)+"/workspace#evidence")
}

// importOne imports and stores one file and says what happened to it.
func (s *Server) importOne(r *http.Request, practiceID int64, name string, data []byte, keepGood bool) (string, error) {
	ctx := r.Context()
	t := tenant(r)
	fail := func(msg string) (string, error) {
		if keepGood {
			return name + ": not imported, so the earlier upload of this name is kept: " + msg, nil
		}
		_, err := s.st.SaveEvidence(ctx, t, practiceID, store.NewEvidence{Name: name, Kind: "unrecognised",
			SHA256: "", Size: int64(len(data)), Error: msg})
		return name + ": not imported: " + msg, err
	}
	switch {
	case int64(len(data)) > s.cfg.MaxUpload:
		return fail(fmt.Sprintf("the file is larger than %d MB", s.cfg.MaxUpload>>20))
	case len(data) == 0:
		return fail("the file is empty")
	case name == "practice.yaml":
		return fail("practice.yaml is the practice profile: import it on the practice's page")
	}
	res, err := importer.ImportBytes(name, data)
	if err != nil {
		if !isInvalid(err) {
			return "", err
		}
		return fail(userMessage(err))
	}
	if len(res.Unrecognised) > 0 || len(res.Files) == 0 {
		return fail("not a format Triage reads; docs/evidence.md lists the exports it understands")
	}
	f := res.Files[0]
	_, err = s.st.SaveEvidence(ctx, t, practiceID, store.NewEvidence{Name: name, Kind: f.Kind, SHA256: f.SHA256,
		Size: int64(len(data)), Facts: res.Facts})
	if err != nil {
		if isInvalid(err) {
			return fail(userMessage(err))
		}
		return "", err
	}
	return fmt.Sprintf("%s: read as %s, %s.", name, importer.KindLabel(f.Kind), words.Count(len(res.Facts), "fact", "facts")), nil
}
