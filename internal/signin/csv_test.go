package signin

import (
	"strings"
	"testing"
	"time"
)

// laCSV is a Log Analytics "Export to CSV" in the real export's shape:
// " [UTC]" on the time header, X_dynamic / X_string twins, JSON with
// doubled quotes across lines, US-locale times. The third row has no user.
const laCSV = `TenantId,ResultType,AuthenticationDetails,AuthenticationRequirement,ClientAppUsed,CreatedDateTime [UTC],DeviceDetail_dynamic,DeviceDetail_string,IPAddress,MfaDetail_dynamic,MfaDetail_string,Status_dynamic,Status_string,UserDisplayName,UserId,UserPrincipalName,UserType
t1,0,"[
  {
    ""authenticationMethod"": ""Password"",
    ""succeeded"": true
  }
]",singleFactorAuthentication,Browser,"4/28/2021, 2:08:45.221 PM","{""operatingSystem"":""Windows 10"",""deviceId"":"""",""browser"":""Edge 90.0.818""}",,175.45.176.99,{},,"{""errorCode"":0}",,Adele Vance,u-1,AdeleV@contoso.example,Member
t1,50126,[],singleFactorAuthentication,IMAP4,"4/28/2021, 3:19:08 PM",,"{""deviceId"":""d-7""}",175.45.176.99,,,"{""errorCode"":50126}",,Adele Vance,u-1,adelev@contoso.example,Member
t1,0,[],,Browser,"4/28/2021, 3:20:00 PM",{},,10.0.0.1,{},,"{""errorCode"":0}",,,,,
t1,,[],multiFactorAuthentication,Exchange ActiveSync,"4/29/2021, 9:00:00 AM","{""deviceId"":""d-7""}",,175.45.176.99,"{""authMethod"":""Mobile app notification""}",,,"{""errorCode"":0}",Adele Vance,u-1,adelev@contoso.example,Member
`

func TestLogAnalyticsCSV(t *testing.T) {
	if f := Detect([]byte(laCSV)); f != LogAnalyticsCSV {
		t.Fatalf("Detect = %q", f)
	}
	s, err := Read("signins.csv", strings.NewReader(laCSV), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != LogAnalyticsCSV || s.Events != 3 || skipped(s) != 1 || s.Skipped[0].Line != 9 {
		t.Fatalf("format %s, events %d, skipped %+v", s.Format, s.Events, s.Skipped)
	}
	u := s.Users[0]
	want := User{ID: "adelev@contoso.example", UPN: "AdeleV@contoso.example", ObjectID: "u-1", DisplayName: "Adele Vance", UserType: "Member",
		Events: 3, Failed: 1, SingleFactor: 1, Legacy: 1, LegacyFailed: 1, MaxDevicesPerDay: 1, Line: 10}
	last := u.LastSuccess
	u.LastSuccess = time.Time{}
	if u != want {
		t.Errorf("\n got %+v\nwant %+v", u, want)
	}
	if w := time.Date(2021, 4, 29, 9, 0, 0, 0, time.UTC); !last.Equal(w) {
		t.Errorf("last success %v, want %v", last, w)
	}
}

// entraCSV is the admin centre's sign-in download.
const entraCSV = `Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Application,Application ID ,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement
2025-03-04T22:10:05Z,r1,Mozilla,c1,u-2,Ben Ng,ben@clinic.example,Member,Microsoft Teams,a1,203.0.113.5,"Hobart, Tasmania, AU",Success,0,,Browser,dev-1,Edge 133,Windows 10,True,True,Microsoft Entra joined,,,,Single-factor authentication
2025-03-04T23:10:05Z,r2,Mozilla,c2,u-2,Ben Ng,ben@clinic.example,Member,Microsoft Teams,a1,203.0.113.9,"Hobart, Tasmania, AU",Success,0,,Mobile Apps and Desktop clients,,Safari,Ios 18,False,False,,MFA successfully completed,Mobile app notification,,Multifactor authentication
2025-03-05T01:00:00Z,r3,Mozilla,c3,u-2,Ben Ng,ben@clinic.example,Member,Exchange,a2,203.0.113.9,"Hobart, Tasmania, AU",Failure,50126,Invalid password,Authenticated SMTP,,,,False,False,,,,,Single-factor authentication
`

func TestEntraCSV(t *testing.T) {
	if f := Detect([]byte(entraCSV)); f != EntraCSV {
		t.Fatalf("Detect = %q", f)
	}
	s, err := Read("InteractiveSignIns.csv", strings.NewReader(entraCSV), Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := s.Users[0]
	if s.Format != EntraCSV || u.Events != 3 || u.Failed != 1 || u.SingleFactor != 1 || u.LegacyFailed != 1 || u.MaxDevicesPerDay != 2 || u.Line != 3 {
		t.Errorf("got %s %+v", s.Format, u)
	}
}

func TestBadCSV(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"semicolons", strings.ReplaceAll(entraCSV, ",", ";"), `x.csv:1: the columns are separated by ";"`},
		{"bad date", strings.Replace(laCSV, "4/28/2021, 3:19:08 PM", "4/31/2021, 3:19:08 PM", 1), `x.csv:8: CreatedDateTime [UTC] "4/31/2021, 3:19:08 PM" is not a date and time`},
		{"day first", strings.Replace(entraCSV, "2025-03-05T01:00:00Z", "13/03/2025 01:00", 1), "month first"},
		{"short row", laCSV + "t1,0\n", `x.csv:11: not a valid CSV row: this row has a different number of columns`},
		{"bare quote", laCSV + `t1,0,a"b` + "\n", `x.csv:11: not a valid CSV row`},
		{"bad code", strings.Replace(entraCSV, "Success,0,", "Success,zero,", 1), `x.csv:2: Sign-in error code "zero" is not an error code`},
		{"no code", strings.Replace(entraCSV, "Success,0,", ",,", 1), `x.csv:2: the row has no error code or status`},
		{"no user column", strings.Replace(laCSV, "UserPrincipalName", "Upn", 1), `x.csv:1: no user column`},
		{"bad device JSON", strings.Replace(laCSV, `"{""deviceId"":""d-7""}",175`, `"{""deviceId"":",175`, 1), `x.csv:8: DeviceDetail_string must hold a JSON object`},
		{"header only", "", "x.csv: the file is empty"},
	} {
		s, err := Read("x.csv", strings.NewReader(tc.text), Options{})
		if err == nil || s != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}
