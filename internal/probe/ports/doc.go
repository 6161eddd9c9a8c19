// Package ports checks which TCP (and a few UDP) ports of a public address
// accept connections, and recognises the service behind an open port with
// one short exchange where that is cheap: the banner SSH, FTP, Telnet, VNC
// and MySQL send on connect, an X.224 connection request for RDP, a TDS
// pre-login for SQL Server, an SSLRequest for PostgreSQL, an SMB negotiate
// for file sharing, a NetBIOS session request on port 139, and the SQL
// Server Browser's 0x02 query on UDP 1434. No login is attempted and no
// credentials are sent.
//
// A port is open when the TCP handshake completes, closed when refused,
// and filtered when nothing answers before the timeout, as nmap's connect
// scan (-sT) decides. Connections go through a probe.Dialer; PoliteDialer
// spaces new connections to each host so a scan cannot flood a practice's
// router, and the caller bounds how many run at once.
//
// This package imports probe and the standard library only.
package ports
