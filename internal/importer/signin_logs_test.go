package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
	"triage/internal/signin"
)

const signinDir = "testdata/signin"

// The real export from Microsoft's Sentinel training lab (see
// testdata/signin/SOURCE.md), and where the full dataset lives in the
// workspace.
const (
	adeleCSV    = "sign-in_adelete.csv"
	sharedAdele = "../../../shared/datasets/azure-sentinel-signinlogs/" + adeleCSV
)

func readSignin(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(signinDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// csvRows counts a CSV file's data rows with encoding/csv alone.
func csvRows(t *testing.T, data []byte) int {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	n := -1 // the header
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
}

func skippedRows(s *signin.Summary) int {
	n := 0
	for _, k := range s.Skipped {
		n += k.Count
	}
	return n
}

// TestSignInLogsRealExport imports the real Log Analytics CSV export: every
// row is accounted for, and the one user's facts are what the rows say.
func TestSignInLogsRealExport(t *testing.T) {
	data := readSignin(t, adeleCSV)
	if !(SignInLogs{}).Detect(adeleCSV, data[:min(len(data), HeadSize)]) {
		t.Fatal("the real export is not detected")
	}
	sum, err := signin.Read(adeleCSV, bytes.NewReader(data), signin.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := csvRows(t, data)
	if rows != 56 || sum.Events+skippedRows(sum) != rows {
		t.Fatalf("%d events + %d skipped, %d rows in the file (56 expected)", sum.Events, skippedRows(sum), rows)
	}
	facts, err := SignInLogs{}.Import(adeleCSV, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(2021, 4, 28, 15, 19, 8, 373e6, time.UTC)
	want := []audit.Fact{{
		Kind: audit.FactAccount,
		// The 3:19:08.373 PM row, the latest successful one, starts on line 1150.
		Source: audit.Source{File: adeleCSV, Line: 1150},
		Account: &audit.Account{
			System: "entra", ID: "adelev@m365x816222.onmicrosoft.com", ObjectID: "9b117c67-170e-4aed-9702-658b3fddc889",
			Partial: true, UPN: "adelev@m365x816222.onmicrosoft.com", DisplayName: "Adele Vance", Kind: audit.AccountMember,
			LastSignIn: &last, SignInKnown: true,
			// All 53 successful rows say singleFactorAuthentication; all
			// come from one browser on one unregistered Windows 10 PC.
			SingleFactorSignIns: 53, MaxDevicesPerDay: 1,
		},
	}}
	if diff := cmp.Diff(want, facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Error(err)
		}
	}
}

// TestSignInLogsSharedDataset checks the copy in testdata against the
// dataset in the workspace, where present.
func TestSignInLogsSharedDataset(t *testing.T) {
	shared, err := os.ReadFile(sharedAdele)
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("the shared dataset is not here")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, readSignin(t, adeleCSV)) {
		t.Fatalf("testdata/signin/%s differs from %s", adeleCSV, sharedAdele)
	}
	excerpt := filepath.Join(filepath.Dir(sharedAdele), "sign-in_adelete.excerpt.csv")
	data, err := os.ReadFile(excerpt)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := signin.Read(excerpt, bytes.NewReader(data), signin.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows := csvRows(t, data); sum.Events+skippedRows(sum) != rows || sum.Users[0].Failed != 2 {
		t.Errorf("excerpt: %d events, %d rows, user %+v", sum.Events, rows, sum.Users[0])
	}
}

// The fixtures hold the same sign-ins in each layout (see SOURCE.md).
var signinFixtures = []string{
	"graph-signins-page.json",
	"graph-signins-array.json",
	"graph-signins-pages.json",
	"graph-signins.jsonl",
	"la-signinlogs.json",
}

func signinWant() []audit.Fact {
	at := func(s string) *time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return &t
	}
	return []audit.Fact{
		{Kind: audit.FactAccount, Account: &audit.Account{
			System: "entra", ID: "amy.tran@riversidehealth.example", ObjectID: "0d6c9c53-8f3e-4a51-b7a5-1c2f3e4d5a01",
			Partial: true, UPN: "amy.tran@riversidehealth.example", DisplayName: "Amy Tran", Kind: audit.AccountMember,
			// The IMAP sign-in at 23:40; the POP3 one after it failed.
			LastSignIn: at("2025-03-03T23:40:00Z"), SignInKnown: true,
			LegacyAuthSignIns: 1, SingleFactorSignIns: 1, MaxDevicesPerDay: 2,
		}},
		{Kind: audit.FactAccount, Account: &audit.Account{
			System: "entra", ID: "it.support_msp.example#ext#@riversidehealth.example", ObjectID: "9e1f3a72-4b6c-4f8d-8e2a-4c5d6e7f8a03",
			Partial: true, UPN: "it.support_msp.example#EXT#@riversidehealth.example", DisplayName: "IT Support (MSP)", Kind: audit.AccountGuest,
		}},
		{Kind: audit.FactAccount, Account: &audit.Account{
			System: "entra", ID: "reception@riversidehealth.example", ObjectID: "5b8e2f61-1c7d-4d2e-a9f0-3e4d5c6b7a02",
			Partial: true, UPN: "reception@riversidehealth.example", DisplayName: "Reception", Kind: audit.AccountMember,
			LastSignIn: at("2025-03-03T23:30:00.25Z"), SignInKnown: true,
			SingleFactorSignIns: 1, MaxDevicesPerDay: 3,
		}},
	}
}

func TestSignInLogsFixtures(t *testing.T) {
	ignoreSource := cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Source" }, cmp.Ignore())
	for _, name := range append(signinFixtures, "entra-signins-download.csv") {
		t.Run(name, func(t *testing.T) {
			data := readSignin(t, name)
			if !(SignInLogs{}).Detect(name, data[:min(len(data), HeadSize)]) {
				t.Fatal("not detected")
			}
			sum, err := signin.Read(name, bytes.NewReader(data), signin.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Events != 7 || skippedRows(sum) != 1 {
				t.Errorf("%d events, %d skipped; want 7 and the service principal's 1", sum.Events, skippedRows(sum))
			}
			facts, err := SignInLogs{}.Import(name, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			want := signinWant()
			if strings.HasSuffix(name, ".csv") {
				// The download gives whole seconds.
				trunc := want[2].Account.LastSignIn.Truncate(time.Second)
				want[2].Account.LastSignIn = &trunc
			}
			if diff := cmp.Diff(want, facts, ignoreSource); diff != "" {
				t.Errorf("facts (-want +got):\n%s", diff)
			}
			for _, f := range facts {
				if err := ValidateFact(f); err != nil {
					t.Error(err)
				}
				if f.Source.File != name || f.Source.Line < 1 {
					t.Errorf("source %+v", f.Source)
				}
			}
		})
	}
}

// TestSignInLogsSources checks where the facts point in each layout: at
// the user's latest successful sign-in (amy's IMAP sign-in, the third
// event) or, for the guest with none, the latest attempt.
func TestSignInLogsSources(t *testing.T) {
	want := map[string][]audit.Source{
		"graph-signins-page.json":    {{Line: 72, Path: "value[1]"}, {Line: 480, Path: "value[7]"}, {Line: 140, Path: "value[2]"}},
		"graph-signins-array.json":   {{Line: 1, Path: "[1]"}, {Line: 1, Path: "[7]"}, {Line: 1, Path: "[2]"}},
		"graph-signins-pages.json":   {{Line: 73, Path: "[0].value[1]"}, {Line: 493, Path: "[2].value[1]"}, {Line: 141, Path: "[0].value[2]"}},
		"graph-signins.jsonl":        {{Line: 2}, {Line: 8}, {Line: 3}},
		"la-signinlogs.json":         {{Line: 30, Path: "[1]"}, {Line: 198, Path: "[7]"}, {Line: 58, Path: "[2]"}},
		"entra-signins-download.csv": {{Line: 3}, {Line: 9}, {Line: 4}},
	}
	for name, sources := range want {
		facts, err := SignInLogs{}.Import(name, bytes.NewReader(readSignin(t, name)))
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range facts {
			sources[i].File = name
			if f.Source != sources[i] {
				t.Errorf("%s: %s at %+v, want %+v", name, f.Account.ID, f.Source, sources[i])
			}
		}
	}
}

// TestSignInLogsBadInput: errors name the file and line, and nothing is
// imported.
func TestSignInLogsBadInput(t *testing.T) {
	jsonl := string(readSignin(t, "graph-signins.jsonl"))
	page := string(readSignin(t, "graph-signins-page.json"))
	csvText := string(readSignin(t, "entra-signins-download.csv"))
	for _, tc := range []struct{ name, text, want string }{
		{"cut.json", page[:len(page)/2], "cut.json:278: the file ends before the JSON is complete"},
		{"date.jsonl", strings.Replace(jsonl, "2025-03-03T23:00:00Z", "2025-03-32T23:00:00Z", 1), `date.jsonl:5: createdDateTime "2025-03-32T23:00:00Z" is not a date and time`},
		{"semicolon.csv", strings.ReplaceAll(csvText, ",", ";"), `semicolon.csv:1: the columns are separated by ";"`},
		{"short.csv", csvText + "2025-03-05T00:00:00Z,x\r\n", "short.csv:10: not a valid CSV row"},
	} {
		if !(SignInLogs{}).Detect(tc.name, []byte(tc.text)) {
			t.Errorf("%s is not detected", tc.name)
		}
		facts, err := SignInLogs{}.Import(tc.name, strings.NewReader(tc.text))
		var e *audit.Error
		if facts != nil || !errors.As(err, &e) || e.Code != audit.EInvalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: facts %v, error %v; want %q", tc.name, facts, err, tc.want)
		}
	}
}

// TestSignInLogsNotOthers: other evidence is not taken for a sign-in log.
func TestSignInLogsNotOthers(t *testing.T) {
	for _, head := range []string{
		`{"schema_version": 1, "facts": []}`,
		`{"value":[{"id":"1","userPrincipalName":"a@b","createdDateTime":"2020-01-01T00:00:00Z","accountEnabled":true}]}`,
		"userPrincipalName,displayName,surname,mail,givenName,id,userType,jobTitle,department,accountEnabled,createdDateTime\n",
		"TenantId,SourceSystem,TimeGenerated [UTC],OperationName,Category,Result,InitiatedBy,TargetResources\n",
	} {
		if (SignInLogs{}).Detect("x", []byte(head)) {
			t.Errorf("detected %.60q", head)
		}
	}
}
