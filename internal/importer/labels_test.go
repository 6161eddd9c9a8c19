package importer

import "testing"

// Every built-in format has a readable name, and no name is left over from
// a format that is gone.
func TestEveryKindHasALabel(t *testing.T) {
	seen := map[string]bool{}
	for _, im := range Builtin() {
		seen[im.Name()] = true
		if KindLabel(im.Name()) == im.Name() {
			t.Errorf("%s has no label", im.Name())
		}
	}
	for kind := range kindLabels {
		if !seen[kind] {
			t.Errorf("label for %s, which no built-in importer reads", kind)
		}
	}
	if KindLabel("something_new") != "something_new" {
		t.Error("an unknown kind should read as itself")
	}
}
