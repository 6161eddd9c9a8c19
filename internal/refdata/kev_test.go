package refdata

import "testing"

func TestKEVByCVE(t *testing.T) {
	e, ok := KEVByCVE(" cve-2025-48384 ")
	if !ok || e.Vendor != "Git" || e.Product != "Git" || e.DateAdded.String() != "2025-08-25" || e.DueDate.String() != "2025-09-15" || e.Ransomware {
		t.Errorf("CVE-2025-48384: %+v, %v", e, ok)
	}
	if e.Name == "" || e.Description == "" {
		t.Errorf("name and description should be kept: %+v", e)
	}
	if _, ok := KEVByCVE("CVE-1999-0000"); ok {
		t.Error("a CVE outside the catalogue was found")
	}
}

func TestKEVFor(t *testing.T) {
	tests := []struct {
		vendor, product string
		want            int
	}{
		{"Microsoft Corporation", "Exchange Server", 17}, // "Exchange Server" (16) and "Exchange" (1)
		{"microsoft", "exchange", 17},
		{"Veeam Software Group GmbH", "Backup & Replication", 4},
		{"Veeam", "Backup and Replication", 4},
		{"TeamViewer Germany GmbH", "", 1},
		{"ConnectWise, LLC.", "ScreenConnect", 2},
		{"Mozilla", "Thunderbird", 7}, // "Firefox and Thunderbird", "Firefox, Firefox ESR, and Thunderbird"
		{"Google LLC", "Chromium", 57},
		{"Adobe Systems Incorporated", "Acrobat", 20},
		{"Micro", "Windows", 0}, // whole words only
		{"Google", "Chrom", 0},
		{"", "Windows", 0},
		{"Nobody", "Nothing", 0},
	}
	for _, tt := range tests {
		if got := KEVFor(tt.vendor, tt.product); len(got) != tt.want {
			t.Errorf("KEVFor(%q, %q): %d entries, want %d", tt.vendor, tt.product, len(got), tt.want)
		}
	}
	for _, e := range KEVFor("Google", "Chromium") {
		if e.Vendor != "Google" || len(e.Product) < 8 || e.Product[:8] != "Chromium" {
			t.Errorf("KEVFor(Google, Chromium) returned %s %s", e.Vendor, e.Product)
		}
	}
}

func TestKEVAlternatives(t *testing.T) {
	for in, want := range map[string][]string{
		"Acrobat and Reader":                                {"acrobat", "reader"},
		"Firefox, Firefox ESR, and Thunderbird":             {"firefox", "firefox esr", "thunderbird"},
		"Backup & Replication":                              {"backup and replication"},
		".NET Framework":                                    {".net framework"},
		"Application Delivery Controller (ADC) and Gateway": {"application delivery controller adc", "gateway"},
	} {
		got := kevAlternatives(in)
		if len(got) != len(want) {
			t.Errorf("kevAlternatives(%q) = %q, want %q", in, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("kevAlternatives(%q) = %q, want %q", in, got, want)
			}
		}
	}
}
