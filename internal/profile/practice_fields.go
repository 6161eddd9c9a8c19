package profile

import (
	"net/netip"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

func (r *reader) staff(n *yaml.Node) ([]audit.Person, error) {
	var out []audit.Person
	emails := map[string]string{} // lower-cased email -> "staff[i] (line n)"
	err := r.sequence(n, "staff", "each person has name, role and, ideally, email", func(i int, item *yaml.Node) error {
		where := index("staff", i)
		var p audit.Person
		var endNode *yaml.Node
		seen := map[string]bool{}
		err := r.mapping(item, where, personFields, func(key string, f field) error {
			seen[key] = true
			var err error
			path := where + "." + key
			switch key {
			case "name":
				p.Name, err = r.required(f.val, path, "the person's full name")
			case "role":
				p.Role, err = r.role(f.val, path)
			case "email":
				p.Email, err = r.email(f.val, path)
				if err == nil && p.Email != "" {
					if first, dup := emails[p.Email]; dup {
						return r.errf(f.val, "%s %q is already used by %s; each person needs their own email", path, p.Email, first)
					}
					emails[p.Email] = where + " (line " + strconv.Itoa(f.val.Line) + ")"
				}
			case "accounts":
				p.Accounts, err = r.list(f.val, path, "DOMAIN\\jsmith, jsmith@example.com.au")
			case "start":
				var d audit.Date
				d, err = r.date(f.val, path)
				p.Start = &d
			case "end":
				var d audit.Date
				d, err = r.date(f.val, path)
				p.End, endNode = &d, f.val
			}
			return err
		})
		if err != nil {
			return err
		}
		if !seen["name"] {
			return r.errf(item, "%s has no name; add name: with the person's full name", where)
		}
		if !seen["role"] {
			return r.errf(item, "%s (%s) has no role; add role: with one of %s", where, p.Name, strings.Join(audit.Roles, ", "))
		}
		if p.Start != nil && p.End != nil && p.End.Time().Before(p.Start.Time()) {
			return r.errf(endNode, "%s.end %s is before start %s; fix whichever date is wrong", where, p.End, p.Start)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

func (r *reader) role(n *yaml.Node, path string) (string, error) {
	s, err := r.required(n, path, "one of "+strings.Join(audit.Roles, ", "))
	if err != nil {
		return "", err
	}
	role := strings.ToLower(s)
	if !contains(audit.Roles, role) {
		return "", r.errf(n, "%s %q is not a known role; use one of %s", path, s, strings.Join(audit.Roles, ", "))
	}
	return role, nil
}

// email reads an address, trimmed and lower-cased so that it joins with
// account exports regardless of case.
func (r *reader) email(n *yaml.Node, path string) (string, error) {
	s, err := r.text(n, path)
	if err != nil || s == "" {
		return "", err
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !validDomain(strings.ToLower(domain)) || strings.ContainsAny(s, " \t<>,;") || strings.Count(s, "@") != 1 {
		return "", r.errf(n, "%s %q is not an email address; write it like jsmith@example.com.au", path, s)
	}
	return strings.ToLower(s), nil
}

func (r *reader) systems(n *yaml.Node) ([]audit.System, error) {
	var out []audit.System
	names := map[string]int{}
	err := r.sequence(n, "systems", "each system has name and optionally kind, critical and hosting", func(i int, item *yaml.Node) error {
		where := index("systems", i)
		var s audit.System
		err := r.mapping(item, where, systemFields, func(key string, f field) error {
			var err error
			path := where + "." + key
			switch key {
			case "name":
				s.Name, err = r.required(f.val, path, "the system's name, like Best Practice")
				if err == nil {
					err = r.unique(names, s.Name, f.val, path, "system")
				}
			case "kind":
				s.Kind, err = r.text(f.val, path)
			case "critical":
				s.Critical, err = r.boolean(f.val, path)
			case "hosting":
				s.Hosting, err = r.text(f.val, path)
			}
			return err
		})
		if err == nil && s.Name == "" {
			err = r.errf(item, "%s has no name; add name: with the system's name", where)
		}
		out = append(out, s)
		return err
	})
	return out, err
}

func (r *reader) vendors(n *yaml.Node) ([]audit.Vendor, error) {
	var out []audit.Vendor
	names := map[string]int{}
	err := r.sequence(n, "vendors", "each vendor has name, access and mfa", func(i int, item *yaml.Node) error {
		where := index("vendors", i)
		var v audit.Vendor
		err := r.mapping(item, where, vendorFields, func(key string, f field) error {
			var err error
			path := where + "." + key
			switch key {
			case "name":
				v.Name, err = r.required(f.val, path, "the vendor's name")
				if err == nil {
					err = r.unique(names, v.Name, f.val, path, "vendor")
				}
			case "access":
				v.Access, err = r.text(f.val, path)
			case "mfa":
				v.MFA, err = r.boolean(f.val, path)
			}
			return err
		})
		if err == nil && v.Name == "" {
			err = r.errf(item, "%s has no name; add name: with the vendor's name", where)
		}
		out = append(out, v)
		return err
	})
	return out, err
}

// unique records name (case-insensitively) and fails on a repeat.
func (r *reader) unique(seen map[string]int, name string, n *yaml.Node, path, what string) error {
	k := strings.ToLower(name)
	if line, dup := seen[k]; dup {
		return r.errf(n, "%s %q is listed twice (first on line %d); keep one %s entry", path, name, line, what)
	}
	seen[k] = n.Line
	return nil
}

// domains reads domain names, trimmed and lower-cased.
func (r *reader) domains(n *yaml.Node) ([]string, error) {
	items, err := r.list(n, "domains", "example.com.au")
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	out := make([]string, 0, len(items))
	for i, s := range items {
		item := n.Content[i]
		path := index("domains", i)
		d := strings.TrimSuffix(strings.ToLower(s), ".")
		if !validDomain(d) {
			return nil, r.errf(item, "%s %q is not a domain name; write just the name, like example.com.au (no https:// or /path)", path, s)
		}
		if err := r.unique(seen, d, item, path, "domain"); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// validDomain accepts an ASCII host name of two or more labels.
func validDomain(d string) bool {
	if len(d) == 0 || len(d) > 253 {
		return false
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// publicIPs reads single public addresses, written in canonical form.
func (r *reader) publicIPs(n *yaml.Node) ([]string, error) {
	items, err := r.list(n, "public_ips", "203.0.113.10")
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	out := make([]string, 0, len(items))
	for i, s := range items {
		item := n.Content[i]
		path := index("public_ips", i)
		if strings.Contains(s, "/") {
			return nil, r.errf(item, "%s %q is a range; list each public address on its own line", path, s)
		}
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" {
			return nil, r.errf(item, "%s %q is not an IP address; write it like 203.0.113.10", path, s)
		}
		addr = addr.Unmap()
		if !addr.IsGlobalUnicast() || addr.IsPrivate() {
			return nil, r.errf(item, "%s %s is not a public address; list the addresses the internet sees (your router's WAN address), not ones inside the practice", path, addr)
		}
		if err := r.unique(seen, addr.String(), item, path, "address"); err != nil {
			return nil, err
		}
		out = append(out, addr.String())
	}
	return out, nil
}

// selectors reads DKIM selectors, the first label of <selector>._domainkey.
func (r *reader) selectors(n *yaml.Node) ([]string, error) {
	items, err := r.list(n, "dkim_selectors", "selector1, google")
	if err != nil {
		return nil, err
	}
	for i, s := range items {
		ok := len(s) <= 253
		for _, c := range s {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				ok = false
			}
		}
		if !ok || strings.Contains(s, "_domainkey") {
			return nil, r.errf(n.Content[i], "%s %q is not a DKIM selector; write only the selector, like selector1 (not selector1._domainkey.example.com)", index("dkim_selectors", i), s)
		}
	}
	return items, nil
}
