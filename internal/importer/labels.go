package importer

// kindLabels names each built-in format as the people who export it know
// it. The kinds themselves (Importer.Name) are identifiers kept stable in
// saved reports; these labels are for pages and tables that people read.
var kindLabels = map[string]string{
	"facts_json":                  "Triage facts (facts.json)",
	"intune_devices_csv":          "Intune devices (CSV export)",
	"intune_devices_zip":          "Intune devices (ZIP export)",
	"intune_managed_devices_json": "Intune managed devices (Microsoft Graph)",
	"osquery_json":                "osquery results",
	"device_inventory_csv":        "Device and software inventory (CSV)",
	"entra_users_csv":             "Entra ID users (CSV download)",
	"m365_users_csv":              "Microsoft 365 active users (CSV export)",
	"graph_json":                  "Microsoft Graph (JSON)",
	"scubagear_json":              "ScubaGear provider settings export",
	"signin_logs":                 "Entra ID sign-in logs",
	"gws_users_csv":               "Google Workspace users (CSV download)",
	"gws_users_json":              "Google Workspace users (Directory API)",
	"ad_users_csv":                "Active Directory users (Get-ADUser CSV)",
	"ad_password_policy":          "Active Directory password policy",
	"sharphound_users":            "SharpHound users",
	"veeam_sessions_csv":          "Veeam job sessions (CSV)",
	"veeam_sessions_json":         "Veeam job sessions (REST API)",
	"wsb_summary":                 "Windows Server Backup summary",
	"msdb_backupset_csv":          "SQL Server backup history (msdb)",
	"backup_jobs_csv":             "Backup jobs (CSV)",
	"knowbe4_json":                "KnowBe4 training and phishing results",
	"training_csv":                "Staff training records (CSV)",
}

// KindLabel is the readable name of an evidence kind, or the kind itself
// when it has none (a format from a newer version, say).
func KindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}
