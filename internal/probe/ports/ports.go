package ports

import "fmt"

// Port is a port to check and the service normally found there.
type Port struct {
	Number int    `json:"port"`
	Proto  string `json:"proto"` // tcp or udp
	Name   string `json:"name"`  // the audit's service name: rdp, smb, ...
}

func (p Port) String() string { return fmt.Sprintf("%d/%s", p.Number, p.Proto) }

// Default is the port list of the external scan: the remote-access,
// file-sharing and database services the exposure controls name, the
// remote-access portal ports of common firewalls (4443, 8443, 10443), web
// ports where router, NAS and printer pages appear (80, 443, 5000, 5001,
// 8080), and UDP 1434 for the SQL Server Browser.
var Default = []Port{
	{21, "tcp", "ftp"},
	{22, "tcp", "ssh"},
	{23, "tcp", "telnet"},
	{80, "tcp", "http"},
	{139, "tcp", "netbios"},
	{443, "tcp", "https"},
	{445, "tcp", "smb"},
	{1433, "tcp", "mssql"},
	{1434, "udp", "mssql-browser"},
	{3050, "tcp", "firebird"},
	{3306, "tcp", "mysql"},
	{3389, "tcp", "rdp"},
	{4443, "tcp", "https"},
	{5000, "tcp", "http"},
	{5001, "tcp", "https"},
	{5432, "tcp", "postgresql"},
	{5900, "tcp", "vnc"},
	{5901, "tcp", "vnc"},
	{5902, "tcp", "vnc"},
	{8080, "tcp", "http"},
	{8443, "tcp", "https"},
	{10443, "tcp", "https"},
}

// IsWeb reports whether the service is a web server, which the scan looks
// at with HTTP (and TLS for https) rather than a banner.
func (p Port) IsWeb() bool { return p.Name == "http" || p.Name == "https" }
