package check

import (
	"testing"

	"triage/internal/audit"
)

func scanFact(s audit.Scan) audit.Fact {
	return audit.Fact{Kind: audit.FactScan, Source: audit.Source{File: "scan.json"}, Scan: &s}
}

// A scan that covered a host and found nothing open is a pass, not a
// missing scan; a scan that failed is not checked, naming why.
func TestExposureUsesScanCoverage(t *testing.T) {
	names := Params{"names": []any{"rdp", "smb"}}
	clean := scanFact(audit.Scan{Host: "203.0.113.24", Ports: []int{445, 3389}})
	failed := scanFact(audit.Scan{Host: "203.0.113.25", Ports: []int{3389}, Error: "connection timed out"})
	for _, kind := range []string{"services.exposed", "services.admin", "services.kev"} {
		params := Params(nil)
		if kind == "services.exposed" {
			params = names
		}
		runKind(t, kind, []kindCase{
			{name: "clean scan", params: params, facts: []audit.Fact{clean}, status: audit.Pass, contains: "1 host scanned, 0 services found open"},
			{name: "failed scan only", params: params, facts: []audit.Fact{failed}, status: audit.NotChecked, contains: "203.0.113.25 (connection timed out)"},
			{name: "no scan", params: params, status: audit.NotChecked, contains: "No external scan results"},
		})
	}
	runKind(t, "services.exposed", []kindCase{{
		name: "rdp found by the scan", params: names,
		facts:  []audit.Fact{clean, service(audit.Service{Host: "203.0.113.24", Port: 3389, Proto: "tcp", Name: "rdp"})},
		status: audit.Fail, subjects: []string{"203.0.113.24:3389/tcp"}, urgency: []string{"internet-exposed"},
	}})
}
