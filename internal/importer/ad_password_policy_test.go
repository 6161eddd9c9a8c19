package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func adPolicyWant(line int, n float64, text string) audit.Fact {
	return audit.Fact{Kind: audit.FactSetting, Source: audit.Source{Line: line},
		Setting: &audit.Setting{System: "ad", Name: "password.min_length", Number: &n, Text: text}}
}

func TestADPasswordPolicyFixtures(t *testing.T) {
	const text = "default domain password policy of banksia.local"
	for file, want := range map[string][]audit.Fact{
		"policy-ps51.txt": {adPolicyWant(9, 7, text)},
		"policy.csv":      {adPolicyWant(3, 7, text)},
	} {
		got := evidenceImport(t, ADPasswordPolicy{}, file, evidenceFixture(t, "ad_password_policy", file))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", file, diff)
		}
	}
}

func TestADPasswordPolicyCases(t *testing.T) {
	list := "ComplexityEnabled           : True\nDistinguishedName           : DC=clinic,DC=example,DC=com\nLockoutThreshold            : 5\nMinPasswordLength           : 14\n"
	cases := []struct {
		name string
		in   []byte
		want []audit.Fact
	}{
		{"PowerShell 7 text, UTF-8, LF", []byte(list), []audit.Fact{adPolicyWant(4, 14, "default domain policy of clinic.example.com")}},
		{"UTF-16 without a byte-order mark", evidenceUTF16LE("\r\n"+list, false), []audit.Fact{adPolicyWant(5, 14, "default domain policy of clinic.example.com")}},
		{"no DistinguishedName", []byte("MinPasswordLength : 8\nLockoutThreshold : 10\n"), []audit.Fact{adPolicyWant(1, 8, "default domain policy")}},
		{"two domains, and a wrapped long value", []byte("MinPasswordLength : 8\nobjectClass : {domainDNS,\n               top}\nComplexityEnabled : True\n\nMinPasswordLength : 12\nComplexityEnabled : True\nDistinguishedName : DC=b,DC=local\n"),
			[]audit.Fact{adPolicyWant(1, 8, "default domain policy"), adPolicyWant(6, 12, "default domain policy of b.local")}},
		{"semicolon CSV from PowerShell 7", []byte("\"ComplexityEnabled\";\"MinPasswordLength\";\"LockoutThreshold\"\n\"True\";\"10\";\"0\"\n"), []audit.Fact{adPolicyWant(2, 10, "default domain policy")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for i := range c.want {
				c.want[i].Setting.Text = strings.Replace(c.want[i].Setting.Text, "default domain policy", "default domain password policy", 1)
			}
			got := evidenceImport(t, ADPasswordPolicy{}, "in.txt", c.in)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestADPasswordPolicyErrors(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		line  int
		parts []string
	}{
		{"not a number", "\nComplexityEnabled : True\nMinPasswordLength : seven\n", 3, []string{"MinPasswordLength", `"seven"`, "whole number"}},
		{"negative", "ComplexityEnabled : True\nMinPasswordLength : -1\n", 2, []string{`"-1"`}},
		{"given twice", "MinPasswordLength : 7\nComplexityEnabled : True\nMinPasswordLength : 8\n", 3, []string{"twice", "line 1"}},
		{"fine-grained list", "Name : Admins\nMinPasswordLength : 14\nComplexityEnabled : True\nPrecedence : 1\n", 4, []string{"fine-grained"}},
		{"fine-grained CSV", "#TYPE Microsoft.ActiveDirectory.Management.ADFineGrainedPasswordPolicy\n\"MinPasswordLength\",\"Precedence\"\n", 1, []string{"fine-grained"}},
		{"CSV value", "\"ComplexityEnabled\",\"MinPasswordLength\"\n\"True\",\"7\"\n\"True\",\"7.5\"\n", 3, []string{"MinPasswordLength", `"7.5"`}},
		{"CSV wrong field count", "\"ComplexityEnabled\",\"MinPasswordLength\"\n\"True\"\n", 2, []string{"1 cells", "2 columns"}},
		{"no length", "ComplexityEnabled : True\nLockoutThreshold : 0\n", 1, []string{"no MinPasswordLength"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evidenceWantError(t, ADPasswordPolicy{}, []byte(c.in), c.line, c.parts...)
		})
	}
}

func FuzzADPasswordPolicy(f *testing.F) {
	evidenceFuzzSeeds(f, "ad_password_policy")
	f.Add([]byte("MinPasswordLength : 8\nComplexityEnabled : True\n\nMinPasswordLength : 9\n"))
	f.Add([]byte("\"MinPasswordLength\";\"LockoutThreshold\"\n\"8\";\"0\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		evidenceFuzzOne(t, ADPasswordPolicy{}, data)
	})
}
