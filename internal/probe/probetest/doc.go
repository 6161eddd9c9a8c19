// Package probetest provides the loopback servers that the probe tests,
// the CLI tests and the scan benchmark run against: a certificate
// authority that issues good, expired, self-signed and wrong-host
// certificates, TLS and HTTPS servers limited to chosen protocol versions,
// and TCP and UDP servers that speak just enough of RDP, SSH, VNC, FTP,
// SQL Server Browser and the like to be recognised.
//
// Every server listens on a loopback address given by the caller
// (127.0.0.0/8 or ::1); nothing here reaches another host. It is not used
// by the triage binary itself. It imports the standard library only.
package probetest
