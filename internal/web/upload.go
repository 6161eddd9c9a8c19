package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
)

// maxUploadFiles is how many evidence files one upload may carry.
const maxUploadFiles = 20

// maxProfileSize bounds an uploaded practice.yaml, as the profile package
// bounds the file when read from disk.
const maxProfileSize = 4 << 20

// parseProfileUpload reads a form that may carry a practice.yaml, bounded
// to what such a form can hold. Temporary files are removed when the
// request ends: the server only cleans up after the request it made, and
// the handlers see a copy.
func parseProfileUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxProfileSize+maxFormBody)
	err := r.ParseMultipartForm(maxFormBody)
	if r.MultipartForm != nil {
		context.AfterFunc(r.Context(), func() { r.MultipartForm.RemoveAll() })
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return invalidInput("the file is larger than %d MiB; a practice.yaml is a few kilobytes, so check this is the right file", maxProfileSize>>20)
	case err != nil && !errors.Is(err, http.ErrNotMultipart):
		return invalidInput("the form could not be read: %v", err)
	}
	return nil
}

// uploadedProfile reads the practice.yaml sent in field of a parsed
// multipart form: its text and file name, or "" when none was chosen.
func uploadedProfile(r *http.Request, field string) (text, name string, err error) {
	f, h, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return "", "", nil
	}
	if err != nil {
		return "", "", invalidInput("the file could not be read: %v", err)
	}
	defer f.Close()
	if h.Size == 0 {
		return "", "", nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxProfileSize+1))
	if err != nil {
		return "", "", err
	}
	name = cleanFileName(h.Filename)
	if len(data) > maxProfileSize {
		return "", "", invalidInput("%s is larger than %d MiB; a practice.yaml is a few kilobytes, so check this is the right file", name, maxProfileSize>>20)
	}
	return string(data), name, nil
}

// cleanFileName keeps the last part of an uploaded file's name, without
// folders (Windows browsers used to send whole paths) or control
// characters, at most 200 bytes.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	for len(name) > 200 {
		_, size := lastRune(name)
		name = name[:len(name)-size]
	}
	return name
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return rune(s[i]), len(s) - i
		}
	}
	return 0, 1
}
