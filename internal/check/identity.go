package check

import (
	"slices"
	"strings"

	"triage/internal/audit"
)

// The identity join ties sign-in accounts in every system to the people in
// practice.yaml. It is deliberately strict: a wrong match could clear a
// leaver's live account, so only exact identifiers count, and a display name
// only when it is the one thing left and points at exactly one person.

// PersonAccounts is one person from practice.yaml with the accounts that
// are theirs.
type PersonAccounts struct {
	Person   audit.Person
	Accounts []audit.Fact
}

// JoinAccounts matches account facts to staff. People keep practice.yaml
// order and accounts keep evidence order. An account that names several
// people (a shared alias) is listed under each of them. Accounts matching
// nobody are returned in evidence order; facts that are not accounts are
// ignored.
func JoinAccounts(staff []audit.Person, accounts []audit.Fact) (people []PersonAccounts, unmatched []audit.Fact) {
	dir := newDirectory(staff)
	people = make([]PersonAccounts, len(staff))
	for i, p := range staff {
		people[i].Person = p
	}
	for _, f := range accounts {
		a := f.Account
		if a == nil {
			continue
		}
		idx := dir.match(identifierKeys(a.ID, a.UPN, a.Email, a.SAM), a.DisplayName)
		if len(idx) == 0 {
			unmatched = append(unmatched, f)
		}
		for _, i := range idx {
			people[i].Accounts = append(people[i].Accounts, f)
		}
	}
	return people, unmatched
}

// directory indexes staff by identifier and by name.
type directory struct {
	byKey  map[string][]int
	byName map[string][]int
}

func newDirectory(staff []audit.Person) directory {
	d := directory{byKey: map[string][]int{}, byName: map[string][]int{}}
	for i, p := range staff {
		for _, k := range personKeys(p) {
			if !slices.Contains(d.byKey[k], i) {
				d.byKey[k] = append(d.byKey[k], i)
			}
		}
		if n := nameKey(p.Name); n != "" {
			d.byName[n] = append(d.byName[n], i)
		}
	}
	return d
}

// match returns the indexes of the people the identifiers belong to, in
// staff order. The name is a last resort, used only when no identifier
// matched and the name belongs to a single person.
func (d directory) match(keys []string, name string) []int {
	var idx []int
	for _, k := range keys {
		for _, i := range d.byKey[k] {
			if !slices.Contains(idx, i) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		if same := d.byName[nameKey(name)]; len(same) == 1 {
			idx = same
		}
	}
	slices.Sort(idx)
	return idx
}

func personKeys(p audit.Person) []string {
	return identifierKeys(append([]string{p.Email}, p.Accounts...)...)
}

// identifierKeys lower-cases identifiers and adds the bare name of a
// DOMAIN\name form, since AD exports and practice.yaml rarely agree on the
// domain prefix.
func identifierKeys(ids ...string) []string {
	var keys []string
	add := func(k string) {
		if k != "" && !contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, id := range ids {
		k := strings.ToLower(strings.TrimSpace(id))
		add(k)
		if i := strings.LastIndex(k, `\`); i >= 0 {
			add(k[i+1:])
		}
	}
	return keys
}

func nameKey(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}
