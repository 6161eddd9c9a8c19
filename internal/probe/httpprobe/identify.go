package httpprobe

import (
	"context"
	"strings"
	"sync"
)

// Finding is what a web port on a public address turned out to be.
type Finding struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Title  string `json:"title,omitempty"`
	Server string `json:"server,omitempty"` // the Server header
	// Product and the rest are set when a fingerprint matched.
	Product    string `json:"product,omitempty"`
	Version    string `json:"version,omitempty"`
	Vendor     string `json:"vendor,omitempty"`
	KEVProduct string `json:"kev_product,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Admin      bool   `json:"admin,omitempty"`
	Remote     bool   `json:"remote,omitempty"`
	MatchedAt  string `json:"matched_at,omitempty"` // the URL that gave it away
	// Error is set when the port did not answer HTTP at all.
	Error string `json:"error,omitempty"`
}

// maxHops bounds redirects followed within one target.
const maxHops = 3

// Identify fetches the root page of t and, when no fingerprint matches it,
// the well-known paths of the portals in Fingerprints, and says what the
// web server is.
func (c *Client) Identify(ctx context.Context, t Target) Finding {
	s := c.session(t)
	defer s.close()
	f := Finding{URL: t.URL("/")}
	root, err := s.follow(ctx, "/")
	if err != nil {
		f.Error = errText(err)
		return f
	}
	last := root[len(root)-1]
	f.Status, f.Title, f.Server = last.Status, last.Title, last.Header.Get("Server")
	if c.match(&f, root) {
		return f
	}
	c.probePaths(ctx, s, &f)
	return f
}

// pathWorkers bounds the well-known paths fetched at once from one
// target.
const pathWorkers = 4

// probePaths fetches every fingerprint's well-known paths, a few at once,
// and keeps the first match in table order, so the answer does not depend
// on which response came back first.
func (c *Client) probePaths(ctx context.Context, s *session, f *Finding) {
	type job struct {
		fp   *Fingerprint
		path string
	}
	var jobs []job
	seen := map[string]bool{"/": true}
	for i := range Fingerprints {
		for _, path := range Fingerprints[i].Paths {
			if !seen[path] {
				seen[path] = true
				jobs = append(jobs, job{&Fingerprints[i], path})
			}
		}
	}
	pages := make([]*Page, len(jobs))
	sem := make(chan struct{}, pathWorkers)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ps, err := s.follow(ctx, j.path); err == nil {
				pages[i] = ps[len(ps)-1]
			}
		}()
	}
	wg.Wait()
	for i := range Fingerprints {
		fp := &Fingerprints[i]
		for k, j := range jobs {
			// A page counts for any fingerprint it matches, not only the
			// one whose path it was: /RDWeb/ may lead to a gateway page.
			if p := pages[k]; p != nil && p.Status < 400 && fp.matches(p) && (j.fp == fp || len(fp.Paths) == 0) {
				f.set(fp, p)
				return
			}
		}
	}
}

// match tries every fingerprint against the pages of one fetch, portals
// first.
func (c *Client) match(f *Finding, pages []*Page) bool {
	for i := range Fingerprints {
		fp := &Fingerprints[i]
		for _, p := range pages {
			if fp.matches(p) {
				f.set(fp, p)
				return true
			}
		}
	}
	return false
}

func (f *Finding) set(fp *Fingerprint, p *Page) {
	f.Product, f.Vendor, f.KEVProduct, f.Kind = fp.Product, fp.Vendor, fp.KEVProduct, fp.Kind
	f.Admin, f.Remote = fp.Admin, fp.Remote
	f.Version = fp.version(p)
	f.MatchedAt = p.URL
}

// follow fetches path and follows redirects that stay on the target,
// returning every page on the way (at least one).
func (s *session) follow(ctx context.Context, path string) ([]*Page, error) {
	var pages []*Page
	for hop := 0; ; hop++ {
		p, err := s.get(ctx, path)
		if err != nil {
			if len(pages) > 0 {
				return pages, nil
			}
			return nil, err
		}
		pages = append(pages, p)
		if p.Status < 300 || p.Status >= 400 || p.Location == "" || hop == maxHops {
			return pages, nil
		}
		next, ok := s.t.sameTarget(p.Location)
		if !ok {
			return pages, nil
		}
		if !strings.HasPrefix(next, "/") {
			next = "/" + next
		}
		path = next
	}
}
