package dataset

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const kevJSON = `{
  "title": "CISA Catalog of Known Exploited Vulnerabilities",
  "catalogVersion": "2030.01.02",
  "dateReleased": "2030-01-02T10:00:00.000Z",
  "count": 2,
  "vulnerabilities": [
    {"cveID": "CVE-2029-0002", "vendorProject": "Example", "product": "Remote Desktop",
     "vulnerabilityName": "Example Remote Desktop Bypass", "dateAdded": "2030-01-02",
     "shortDescription": "Synthetic.", "requiredAction": "Patch.", "dueDate": "2030-01-23",
     "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-287"]},
    {"cveID": "CVE-2029-0001", "vendorProject": "Example", "product": "Server",
     "vulnerabilityName": "Example Server Injection", "dateAdded": "2030-01-01",
     "shortDescription": "Synthetic too.", "requiredAction": "Patch.", "dueDate": "2030-01-22",
     "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []}
  ]
}`

func TestParseKEV(t *testing.T) {
	k, err := ParseKEV("kev.json", []byte(kevJSON))
	if err != nil {
		t.Fatal(err)
	}
	want := KEVEntry{CVE: "CVE-2029-0002", Vendor: "Example", Product: "Remote Desktop", Name: "Example Remote Desktop Bypass",
		DateAdded: "2030-01-02", DueDate: "2030-01-23", Ransomware: true, Description: "Synthetic."}
	if k.CatalogVersion != "2030.01.02" || k.Count != 2 || k.Source.Date != "2030-01-02" || !reflect.DeepEqual(k.Entries[0], want) || k.Entries[1].Ransomware {
		t.Errorf("ParseKEV: %+v", k)
	}
}

func TestParseKEVErrors(t *testing.T) {
	tests := []struct {
		edit func(string) string
		want string
	}{
		{func(s string) string { return strings.Replace(s, `"count": 2`, `"count": 3`, 1) }, "kev.json: count: says 3 but the file lists 2"},
		{func(s string) string { return strings.Replace(s, `"count": 2,`, ``, 1) }, "kev.json: count: missing"},
		{func(s string) string { return strings.Replace(s, `"catalogVersion": "2030.01.02",`, ``, 1) }, "catalogVersion: missing"},
		{func(s string) string { return strings.Replace(s, `2030-01-02T10:00:00.000Z`, `yesterday`, 1) }, `dateReleased: "yesterday" is not a date-time`},
		{func(s string) string { return strings.Replace(s, `"CVE-2029-0001"`, `"CVE-29-1"`, 1) }, `kev.json:11: vulnerabilities[1]: cveID "CVE-29-1" is not a CVE id`},
		{func(s string) string { return strings.Replace(s, `"2030-01-22"`, `"22/01/2030"`, 1) }, `kev.json:11: vulnerabilities[1]: CVE-2029-0001: dueDate "22/01/2030"`},
		{func(s string) string { return strings.Replace(s, `"Unknown"`, `"Maybe"`, 1) }, `knownRansomwareCampaignUse "Maybe"`},
		{func(s string) string { return strings.Replace(s, `"product": "Server"`, `"product": ""`, 1) }, `vendorProject and product must not be empty`},
		{func(s string) string { return strings.Replace(s, `"CVE-2029-0001"`, `"CVE-2029-0002"`, 1) }, `kev.json:11: vulnerabilities[1]: CVE-2029-0002 is also vulnerabilities[0]`},
		{func(s string) string { return strings.Replace(s, `"count": 2,`, `"count": 2`, 1) }, `kev.json:6: not valid JSON`},
		{func(s string) string { return strings.Replace(s, `"count": 2`, `"count": "two"`, 1) }, `kev.json:5: count: expected int`},
	}
	for _, tt := range tests {
		_, err := ParseKEV("kev.json", []byte(tt.edit(kevJSON)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v; want an error containing %q", err, tt.want)
		}
	}
}

const productMD = `---
title: Microsoft Example
releaseLabel: "Example __RELEASE_CYCLE__ (__CODENAME__)"

releases:
  - releaseCycle: "8.10"
    codename: Tenner
    releaseDate: 2024-01-02
    eoas: 2025-01-02
    eol: 2026-01-02 # a comment
    eoes: 2028-01-02
    lts: 2024-06-01
    latest: 8.10.3
    latestReleaseDate: 2024-05-06

  - releaseCycle: "7"
    releaseLabel: "Seven"
    releaseDate: 2020-01-01
    eol: true
    eoas: true

  - releaseCycle: "6"
    eol: false
    link: null
---

# Prose follows, and is ignored.
`

func TestParseProduct(t *testing.T) {
	p, err := ParseProduct("products/example.md", "example", []byte(productMD))
	if err != nil {
		t.Fatal(err)
	}
	want := &Product{ID: "example", Title: "Microsoft Example", Cycles: []Cycle{
		{ID: "8.10", Label: "Example 8.10 (Tenner)", Codename: "Tenner", Released: "2024-01-02", EOAS: "2025-01-02", EOL: "2026-01-02",
			EOES: "2028-01-02", LTS: true, Latest: "8.10.3", LatestDate: "2024-05-06"},
		{ID: "7", Label: "Seven", Released: "2020-01-01", Ended: true},
		{ID: "6", Label: "Example 6 ()"},
	}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
}

func TestParseProductErrors(t *testing.T) {
	tests := []struct{ md, want string }{
		{"title: x\n", "example.md:1: no front matter"},
		{"---\ntitle: x\nreleases: []\n", "front matter is not closed"},
		{"---\ntitle: x\n---\n", "example.md:2: no releases: list"},
		{"---\ntitle: x\nreleases:\n  - releaseCycle: \"1\"\n    eol: 2025-13-01\n---\n", `example.md:5: releases[0]: eol "2025-13-01" is not a date`},
		{"---\ntitle: x\nreleases:\n  - eol: 2025-01-01\n---\n", `example.md:4: releases[0]: releaseCycle is missing`},
		{"---\ntitle: x\nreleases:\n  - releaseCycle: \"1\"\n  - releaseCycle: \"1\"\n---\n", `example.md:5: releases[1]: releaseCycle "1" repeats releases[0]`},
		{"---\ntitle: x\nreleases:\n  - releaseCycle: \"1\"\n   bad: [\n---\n", `example.md:`},
		{"---\ntitle: [x\n---\n", "front matter is not valid YAML"},
		{"---\n- a\n- b\n---\n", "not a YAML mapping"},
		{"---\ntitle: x\nreleases:\n  - releaseCycle: [1]\n---\n", "releases[0]"},
	}
	for _, tt := range tests {
		_, err := ParseProduct("products/example.md", "example", []byte(tt.md))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseProduct(%q): %v; want an error containing %q", tt.md, err, tt.want)
		}
	}
}

func TestParseProductYAMLLine(t *testing.T) {
	// The YAML library counts lines from the start of the front matter;
	// the error must name the line of the .md file.
	md := "---\ntitle: x\nreleases:\n  - releaseCycle: \"1\"\n    eol: [unclosed\n---\n"
	_, err := ParseProduct("p.md", "p", []byte(md))
	if err == nil || !strings.HasPrefix(err.Error(), "p.md:") || strings.HasPrefix(err.Error(), "p.md:1:") {
		t.Errorf("error %v should name a line of p.md past the opening line", err)
	}
}

func TestParseReleaseData(t *testing.T) {
	rd, err := ParseReleaseData("r.json", []byte(`{"releases": {
		"8": {"name": "8", "releaseDate": "2014-03-18", "eol": "2022-03-31", "eoes": "2030-12-31"},
		"9": {"name": "9", "releaseDate": "2017-09-21", "eol": true}},
		"versions": {"8u401": {"name": "8u401", "date": "2024-01-16"}, "bad": {"name": "bad", "date": "soon"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Cycle{{ID: "9", Label: "9", Released: "2017-09-21", Ended: true}, {ID: "8", Label: "8", Released: "2014-03-18", EOL: "2022-03-31", EOES: "2030-12-31"}}
	if !reflect.DeepEqual(rd.Cycles, want) || len(rd.Versions) != 1 || rd.Versions["8u401"] != "2024-01-16" {
		t.Errorf("got %+v", rd)
	}
	for in, want := range map[string]string{
		`{}`: "neither", `[`: "r.json:1: not valid JSON", `{"releases": {"1": {"eol": 5}}}`: "releases.1: eol: expected a date or true/false",
		`{"releases": {"1": {"eol": "tomorrow"}}}`: `eol "tomorrow" is not a date`,
	} {
		if _, err := ParseReleaseData("r.json", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseReleaseData(%s): %v; want %q", in, err, want)
		}
	}
}

func TestVersionNumbers(t *testing.T) {
	for in, want := range map[string][]int{
		"126.0.6478.127": {126, 0, 6478, 127}, "ad 8.0.8": {8, 0, 8}, "17.0.9+9": {17, 0, 9},
		"10.00.5861": {10, 0, 5861}, "12.0.6449.1 CU4+GDR": {12, 0, 6449, 1}, "8u392": {8},
		"v1.2.": {1, 2}, "": nil, "abc": nil, "1.2.3.4.5.6.7.8": {1, 2, 3, 4, 5, 6},
		"99999999999999999999.1": {999999999, 1},
	} {
		if got := VersionNumbers(in); !reflect.DeepEqual(got, want) {
			t.Errorf("VersionNumbers(%q) = %v, want %v", in, got, want)
		}
	}
	if CompareVersions([]int{8}, []int{8, 0, 0}) != 0 || CompareVersions([]int{3, 10}, []int{3, 9, 9}) != 1 || CompareVersions(nil, []int{1}) != -1 {
		t.Error("CompareVersions")
	}
}

func testFS() fstest.MapFS {
	return fstest.MapFS{
		KEVFile:                                 {Data: []byte(kevJSON)},
		"cisa-kev/SOURCE.md":                    {Data: []byte("- Repository: https://example.org/kev\n- Commit: 0123456789abcdef (2030-01-02, \"update\")\n")},
		ProductsDir + "/example.md":             {Data: []byte(productMD)},
		"endoflife-products/SOURCE.md":          {Data: []byte("- Commit: abcdef0 (2030-02-03)\n")},
		ReleasesDir + "/example.json":           {Data: []byte(`{"releases": {}, "versions": {"6.5.1": {"name": "6.5.1", "date": "2023-04-05"}, "8.10.3": {"name": "8.10.3", "date": "2024-05-06"}}}`)},
		ReleasesDir + "/only-release-data.json": {Data: []byte(`{"releases": {"2": {"name": "2", "eol": "2031-01-01"}}, "versions": {}}`)},
	}
}

func TestBuild(t *testing.T) {
	s, missing, err := Build(testFS(), "data", []string{"example", "only-release-data", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(missing, []string{"absent"}) {
		t.Errorf("missing %v", missing)
	}
	if s.KEV.Source.Repository != "https://example.org/kev" || s.KEV.Source.Commit != "0123456789abcdef" || s.KEV.Source.Licence != "CC0-1.0" {
		t.Errorf("KEV source %+v", s.KEV.Source)
	}
	l := s.Lifecycle
	// The SOURCE.md date wins over the newest observed release date.
	if l.Date != "2030-02-03" || len(l.Products) != 2 || len(l.Sources) != 2 {
		t.Fatalf("lifecycle %s, %d products, %d sources", l.Date, len(l.Products), len(l.Sources))
	}
	ex := l.Product("example")
	if ex.Cycles[0].LatestDate != "2024-05-06" || ex.Cycles[2].Latest != "6.5.1" || ex.Cycles[2].LatestDate != "2023-04-05" {
		t.Errorf("latest versions not filled from release-data: %+v", ex.Cycles)
	}
	if p := l.Product("only-release-data"); p == nil || p.Cycles[0].EOL != "2031-01-01" {
		t.Errorf("product from release-data only: %+v", p)
	}
	if err := s.Validate(); err != nil {
		t.Error(err)
	}
}

func TestBuildPartsAndDates(t *testing.T) {
	fsys := testFS()
	delete(fsys, "endoflife-products/SOURCE.md")
	delete(fsys, KEVFile)
	s, _, err := Build(fsys, "data", []string{"example"})
	if err != nil {
		t.Fatal(err)
	}
	// Without source notes the date is the newest release seen.
	if s.KEV != nil || s.Lifecycle.Date != "2024-05-06" {
		t.Errorf("KEV %v, lifecycle date %s", s.KEV, s.Lifecycle.Date)
	}
	if _, _, err := Build(fstest.MapFS{"x": {Data: []byte("x")}}, "empty", nil); err == nil || !strings.Contains(err.Error(), "empty: found neither") {
		t.Errorf("empty directory: %v", err)
	}
	fsys = testFS()
	fsys[ProductsDir+"/example.md"] = &fstest.MapFile{Data: []byte("no front matter")}
	if _, _, err := Build(fsys, "data", []string{"example"}); err == nil || !strings.Contains(err.Error(), "data/endoflife-products/products/example.md:1:") {
		t.Errorf("bad product page: %v", err)
	}
}

func TestEncodeDecode(t *testing.T) {
	s, _, err := Build(testFS(), "data", []string{"example"})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Encode(&a, s); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("Encode is not deterministic")
	}
	got, err := Decode("snap", bytes.NewReader(a.Bytes()))
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip: %v\n%+v\n%+v", err, got, s)
	}
	for name, raw := range map[string][]byte{
		"not gzip":       []byte("hello"),
		"unknown field":  gz(`{"schema":1,"extra":true}`),
		"wrong schema":   gz(`{"schema":2}`),
		"bad count":      gz(`{"schema":1,"kev":{"catalog_version":"1","date_released":"2030-01-02T00:00:00Z","count":1,"source":{"name":"x"},"entries":[]}}`),
		"bad cve":        gz(`{"schema":1,"kev":{"catalog_version":"1","date_released":"2030-01-02T00:00:00Z","count":1,"source":{"name":"x"},"entries":[{"cve":"x","vendor":"v","product":"p","added":"2030-01-01"}]}}`),
		"repeated cycle": gz(`{"schema":1,"lifecycle":{"date":"2030-01-01","sources":[],"products":[{"id":"a","title":"A","cycles":[{"id":"1"},{"id":"1"}]}]}}`),
		"bad date":       gz(`{"schema":1,"lifecycle":{"date":"2030-01-01","sources":[],"products":[{"id":"a","title":"A","cycles":[{"id":"1","eol":"soon"}]}]}}`),
	} {
		if _, err := Decode("snap", bytes.NewReader(raw)); err == nil || !strings.HasPrefix(err.Error(), "snap: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func FuzzParseProduct(f *testing.F) {
	f.Add([]byte(productMD))
	f.Add([]byte("---\nreleases:\n  - releaseCycle: &a \"1\"\n    eol: *a\n---\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProduct("p.md", "p", data)
		if err == nil && (p == nil || p.ID != "p") {
			t.Errorf("no error but product %+v", p)
		}
	})
}

func FuzzParseKEV(f *testing.F) {
	f.Add([]byte(kevJSON))
	f.Add([]byte(`{"catalogVersion":"1","dateReleased":"2030-01-01T00:00:00Z","count":0,"vulnerabilities":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseKEV("k.json", data)
		if err == nil && k.Count != len(k.Entries) {
			t.Errorf("count %d with %d entries", k.Count, len(k.Entries))
		}
	})
}

func FuzzParseReleaseData(f *testing.F) {
	f.Add([]byte(`{"releases": {"8": {"eol": true}}, "versions": {"8.1": {"date": "2020-01-01"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseReleaseData("r.json", data)
	})
}

func FuzzVersionNumbers(f *testing.F) {
	f.Add("126.0.6478.127")
	f.Add("ad 8.0.8")
	f.Fuzz(func(t *testing.T, s string) {
		if v := VersionNumbers(s); len(v) > 6 {
			t.Errorf("%d numbers", len(v))
		}
	})
}
