package web

import (
	"io/fs"
	"net/http"
)

// staticFS is static/ without the folder name: the style sheet and htmx.
var staticFS = func() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded layout is fixed at build time
	}
	return sub
}()

func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	if _, err := fs.Stat(staticFS, name); err != nil {
		return s.notFound(w, r)
	}
	http.ServeFileFS(w, r, staticFS, name)
	return nil
}
