package hint

import "testing"

func TestDidYouMean(t *testing.T) {
	known := []string{"reception", "manager", "nurse"}
	cases := map[string]string{
		"receptoin": ` (did you mean "reception"?)`,
		"Nurse":     ` (did you mean "nurse"?)`,
		"doctor":    "",
	}
	for in, want := range cases {
		if got := DidYouMean(in, known); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Fatalf("distance %d, want 3", d)
	}
	if d := Distance("", "abc"); d != 3 {
		t.Fatalf("distance %d, want 3", d)
	}
}
