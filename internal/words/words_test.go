package words

import "testing"

func TestCountAndPick(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 accounts"}, {1, "1 account"}, {2, "2 accounts"}} {
		if got := Count(c.n, "account", "accounts"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if Pick(1, "has", "have") != "has" || Pick(3, "has", "have") != "have" {
		t.Error("Pick chose the wrong word")
	}
}
