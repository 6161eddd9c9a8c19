package spf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"triage/internal/probe/dnsx"
)

// suiteTests is the number of tests in testdata/rfc7208-tests.yml. The test
// fails if it runs any other number, so none can be skipped silently.
const suiteTests = 203

type suiteDoc struct {
	Description string                 `yaml:"description"`
	Comment     string                 `yaml:"comment"`
	Tests       map[string]suiteCase   `yaml:"tests"`
	Zonedata    map[string][]yaml.Node `yaml:"zonedata"`
}

type suiteCase struct {
	Description string     `yaml:"description"`
	Comment     string     `yaml:"comment"`
	Spec        string     `yaml:"spec"`
	Helo        string     `yaml:"helo"`
	Host        string     `yaml:"host"`
	MailFrom    string     `yaml:"mailfrom"`
	Result      resultList `yaml:"result"`
	Explanation string     `yaml:"explanation"`
	Strict      int        `yaml:"strict"`
}

// resultList accepts "result: fail" and "result: [fail, permerror]".
type resultList []Result

func (r *resultList) UnmarshalYAML(n *yaml.Node) error {
	var list []string
	if n.Kind == yaml.ScalarNode {
		list = []string{n.Value}
	} else if err := n.Decode(&list); err != nil {
		return err
	}
	for _, s := range list {
		*r = append(*r, Result(s))
	}
	return nil
}

func loadSuite(t testing.TB, path string) []suiteDoc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var docs []suiteDoc
	for {
		var d suiteDoc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: document %d: %v", path, len(docs)+1, err)
		}
		docs = append(docs, d)
	}
}

// buildZone serves a document's zonedata the way SOURCE.md describes.
func buildZone(zonedata map[string][]yaml.Node) (*dnsx.Zone, error) {
	z := dnsx.NewZone()
	for name, records := range zonedata {
		hasTXT := false
		for _, rr := range records {
			if rr.Kind == yaml.MappingNode && rr.Content[0].Value == "TXT" {
				hasTXT = true
			}
		}
		z.AddName(name)
		for _, rr := range records {
			if rr.Kind == yaml.ScalarNode && rr.Value == "TIMEOUT" {
				z.SetTimeout(name)
				continue
			}
			if rr.Kind != yaml.MappingNode || len(rr.Content) != 2 {
				return nil, fmt.Errorf("%s: line %d: unexpected record", name, rr.Line)
			}
			typ, val := rr.Content[0].Value, rr.Content[1]
			if err := addRecord(z, name, typ, val, hasTXT); err != nil {
				return nil, fmt.Errorf("%s: line %d: %s: %w", name, rr.Line, typ, err)
			}
		}
	}
	return z, nil
}

func addRecord(z *dnsx.Zone, name, typ string, val *yaml.Node, hasTXT bool) error {
	switch typ {
	case "SPF", "TXT":
		if typ == "SPF" && hasTXT {
			return nil // the name's own TXT records win; type 99 is never asked for
		}
		var text string
		if val.Kind == yaml.SequenceNode {
			var parts []string
			if err := val.Decode(&parts); err != nil {
				return err
			}
			text = strings.Join(parts, "")
		} else {
			text = val.Value
			if typ == "TXT" && text == "NONE" {
				return nil
			}
		}
		z.AddTXT(name, text)
	case "A", "AAAA":
		addr, err := netip.ParseAddr(val.Value)
		if err != nil {
			return err
		}
		z.AddAddr(name, addr)
	case "MX":
		var mx []string
		if err := val.Decode(&mx); err != nil || len(mx) != 2 {
			return fmt.Errorf("want [preference, host]: %v", err)
		}
		pref, err := strconv.ParseUint(mx[0], 10, 16)
		if err != nil {
			return err
		}
		z.AddMX(name, uint16(pref), mx[1])
	case "PTR":
		z.AddPTR(name, val.Value)
	case "CNAME":
		z.SetCNAME(name, val.Value)
	default:
		return fmt.Errorf("record type not supported by the test driver")
	}
	return nil
}

func TestRFC7208Suite(t *testing.T) {
	docs := loadSuite(t, "testdata/rfc7208-tests.yml")
	ran := 0
	for _, doc := range docs {
		zone, err := buildZone(doc.Zonedata)
		if err != nil {
			t.Fatalf("%s: %v", doc.Description, err)
		}
		names := make([]string, 0, len(doc.Tests))
		for name := range doc.Tests {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			tc := doc.Tests[name]
			ran++
			t.Run(doc.Description+"/"+name, func(t *testing.T) {
				runSuiteCase(t, zone, tc)
			})
		}
	}
	if ran != suiteTests {
		t.Fatalf("ran %d suite tests, want %d", ran, suiteTests)
	}
}

func runSuiteCase(t *testing.T, zone *dnsx.Zone, tc suiteCase) {
	ip, err := netip.ParseAddr(tc.Host)
	if err != nil {
		t.Fatalf("host %q: %v", tc.Host, err)
	}
	domain, sender := tc.Helo, tc.MailFrom
	if sender == "" {
		sender = "postmaster@" + tc.Helo
	}
	if at := strings.LastIndexByte(sender, '@'); at >= 0 {
		domain = sender[at+1:]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := &Checker{Resolver: zone, Now: func() time.Time { return time.Unix(1700000000, 0) }}
	v := c.Check(ctx, ip, domain, sender, tc.Helo)
	t.Logf("%s (%s); lookups %d, void %d; explanation %q", v.Result, v.Reason, v.Lookups, v.VoidLookups, v.Explanation)
	if !slices.Contains(tc.Result, v.Result) {
		t.Fatalf("%s\nresult %s, want one of %v\nreason: %s", tc.Description, v.Result, tc.Result, v.Reason)
	}
	if tc.Explanation == "" || v.Result != Fail {
		return
	}
	want := tc.Explanation
	if want == "DEFAULT" {
		want = ""
	}
	if !strings.EqualFold(v.Explanation, want) {
		t.Errorf("explanation %q, want %q", v.Explanation, want)
	}
}
