package web

import (
	"net/http"
	"strings"

	"triage/internal/store"
)

type practiceListView struct {
	Query     string
	Sort      string
	Sorts     []sortOption
	Practices []store.PracticeSummary
}

type sortOption struct{ Value, Label string }

var practiceSorts = []sortOption{
	{string(store.SortName), "Name"},
	{string(store.SortScore), "Lowest score first"},
	{string(store.SortLastAudit), "Longest since audit first"},
	{string(store.SortOpenNow), "Most open \u201cdo now\u201d actions first"},
}

// practiceList is the provider's overview: every practice with its latest
// score, Essential Eight level, open "now" actions and last audit date.
func (s *Server) practiceList(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	sort := r.URL.Query().Get("sort")
	known := false
	for _, o := range practiceSorts {
		known = known || o.Value == sort
	}
	if !known {
		sort = string(store.SortName)
	}
	list, err := s.st.Practices(r.Context(), tenant(r), q, store.PracticeSort(sort))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "practices", page{Title: "Practices", Tab: "practices",
		Data: practiceListView{Query: q, Sort: sort, Sorts: practiceSorts, Practices: list}})
	return nil
}
