package importer

import (
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

func TestValidateFact(t *testing.T) {
	end := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		fact audit.Fact
		want string // fragment of the error; "" for valid
	}{
		{"partial by object id", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ObjectID: "6b1c", Partial: true}}, ""},
		{"partial by id", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "a@x.com", Partial: true, Kind: "guest"}}, ""},
		{"partial without ids", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", Partial: true}}, "a partial account needs id or object_id"},
		{"partial bad kind", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "x", Partial: true, Kind: "user"}}, `account.kind "user" is not one of`},
		{"full without kind", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "x"}}, "account.kind is missing"},
		{"full without id", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ObjectID: "x", Kind: "member"}}, "account.id is missing"},
		{"negative count", audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "e", ID: "x", Kind: "member", LegacyAuthSignIns: -1}}, "account.legacy_auth_sign_ins must not be negative"},
		{"gap settings", audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "settings", Reason: "no Graph permission"}}, ""},
		{"gap setting name", audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "password.min_length", Reason: "no GPO export"}}, ""},
		{"gap blank reason", audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: " "}}, "gap.reason is missing"},
		{"no kind", audit.Fact{Gap: &audit.Gap{Topic: "scan", Reason: "x"}}, "kind is missing"},
		{"setting both values", audit.Fact{Kind: audit.FactSetting, Setting: &audit.Setting{System: "e", Name: "ie11.disabled", Bool: ptr(true), Number: ptr(1.0)}}, `takes a true/false value in "bool"`},
		{"setting negative", audit.Fact{Kind: audit.FactSetting, Setting: &audit.Setting{System: "e", Name: "audit_log.retention_days", Number: ptr(-1.0)}}, "must not be negative"},
		{"device os", audit.Fact{Kind: audit.FactDevice, Device: &audit.Device{Name: "pc", Kind: "laptop", OS: "win"}}, `device.os "win" is not one of`},
		{"software category", audit.Fact{Kind: audit.FactSoftware, Software: &audit.Software{Device: "pc", Name: "x", Category: "game"}}, `software.category "game"`},
		{"backup ok", audit.Fact{Kind: audit.FactBackup, Backup: &audit.Backup{Job: "j", End: end, Result: "success"}}, ""},
		{"restore result", audit.Fact{Kind: audit.FactRestoreTest, RestoreTest: &audit.RestoreTest{Asset: "a", Date: audit.NewDate(end), Result: "warning"}}, `restore_test.result "warning"`},
		{"training course", audit.Fact{Kind: audit.FactTraining, Training: &audit.Training{Person: "p"}}, "training.course is missing"},
		{"phish pct", audit.Fact{Kind: audit.FactPhishSim, PhishSim: &audit.PhishSim{Campaign: "c", Date: audit.NewDate(end), PhishPronePct: ptr(101.0)}}, "phish_prone_pct must be between 0 and 100"},
		{"dmarc policy", audit.Fact{Kind: audit.FactEmailDomain, EmailDomain: &audit.EmailDomain{Domain: "x.com", DMARCPolicy: "strict"}}, `email_domain.dmarc_policy "strict"`},
		{"spf all", audit.Fact{Kind: audit.FactEmailDomain, EmailDomain: &audit.EmailDomain{Domain: "x.com", SPFAll: "all"}}, `email_domain.spf_all "all"`},
		{"service proto", audit.Fact{Kind: audit.FactService, Service: &audit.Service{Host: "h", Port: 22, Proto: "sctp", Name: "ssh"}}, `service.proto "sctp"`},
		{"tls port", audit.Fact{Kind: audit.FactTLS, TLS: &audit.TLS{Host: "h"}}, "tls.port must be between 1 and 65535, not 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateFact(tt.fact)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ValidateFact = %v, want nil", err)
			case tt.want != "" && err == nil:
				t.Errorf("ValidateFact = nil, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("ValidateFact = %q, want it to contain %q", err, tt.want)
			case err != nil && audit.ErrorCode(err) != audit.EInvalid:
				t.Errorf("code %s, want invalid", audit.ErrorCode(err))
			}
		})
	}
}
