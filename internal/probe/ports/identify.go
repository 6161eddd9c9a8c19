package ports

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"unicode"
)

// clientFirst are the services that say nothing until spoken to, with the
// request that makes them answer.
var clientFirst = map[string]func() []byte{
	"rdp":        rdpRequest,
	"mssql":      tdsPrelogin,
	"postgresql": func() []byte { return []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f} }, // SSLRequest
	"smb":        smbNegotiate,
	"netbios":    netbiosSession,
}

// identify runs the exchange for the port's service and fills in what it
// shows. Services that speak first (SSH, FTP, Telnet, VNC, MySQL) are
// recognised from their greeting whatever the port.
func identify(conn net.Conn, res *Result) {
	if req, ok := clientFirst[res.Port.Name]; ok {
		if _, err := conn.Write(req()); err != nil {
			return
		}
		reply := readSome(conn)
		if !recogniseReply(res.Port.Name, reply, res) && len(reply) > 0 {
			recogniseGreeting(reply, res)
		}
		return
	}
	recogniseGreeting(readSome(conn), res)
}

// readSome reads what arrives before the deadline, up to 4 KiB, waiting
// no longer once the first bytes are in and the sender pauses.
func readSome(conn net.Conn) []byte {
	buf := make([]byte, 4096)
	n, err := io.ReadAtLeast(conn, buf, 1)
	if err != nil && n == 0 {
		return nil
	}
	return buf[:n]
}

// recogniseReply checks the answer to a client-first request.
func recogniseReply(name string, b []byte, res *Result) bool {
	switch name {
	case "rdp":
		return rdpReply(b, res)
	case "mssql":
		return tdsReply(b, res)
	case "postgresql":
		if len(b) >= 1 && (b[0] == 'S' || b[0] == 'N' || b[0] == 'E') {
			res.Confirmed = true
			res.Product = "PostgreSQL"
			return true
		}
	case "smb":
		if len(b) >= 8 && (bytes.Equal(b[4:8], []byte("\xffSMB")) || bytes.Equal(b[4:8], []byte("\xfeSMB"))) {
			res.Confirmed = true
			if b[4] == 0xfe {
				res.Detail = "SMB2 or later"
			} else {
				res.Detail = "SMB1 answered"
			}
			return true
		}
	case "netbios":
		if len(b) >= 4 && (b[0] == 0x82 || b[0] == 0x83) {
			res.Confirmed = true
			return true
		}
	}
	return false
}

// recogniseGreeting names a service from what it sends on connect.
func recogniseGreeting(b []byte, res *Result) {
	if len(b) == 0 {
		return
	}
	res.Banner = printable(b)
	line := firstLine(b)
	switch {
	case strings.HasPrefix(line, "SSH-"):
		res.Name, res.Confirmed = "ssh", true
		res.Product, res.Version = sshSoftware(line)
	case strings.HasPrefix(line, "RFB "):
		res.Name, res.Confirmed = "vnc", true
		res.Detail = "protocol " + strings.TrimSpace(strings.TrimPrefix(line, "RFB "))
	case b[0] == 0xff && len(b) > 1 && b[1] >= 0xfb && b[1] <= 0xfe:
		res.Name, res.Confirmed = "telnet", true
	case strings.HasPrefix(line, "220") && (strings.Contains(strings.ToUpper(line), "SMTP") || strings.Contains(strings.ToUpper(line), "POSTFIX")):
		res.Name, res.Confirmed = "smtp", true
	case strings.HasPrefix(line, "220") && (res.Port.Name == "ftp" || strings.Contains(strings.ToUpper(line), "FTP")):
		res.Name, res.Confirmed = "ftp", true
		res.Product, res.Version = ftpSoftware(line)
	case strings.HasPrefix(line, "HTTP/1.") || strings.HasPrefix(line, "HTTP/2"):
		res.Name, res.Confirmed = "http", true
	case mysqlGreeting(b, res):
	case res.Port.Name == "telnet" && strings.Contains(strings.ToLower(string(b)), "login"):
		res.Name, res.Confirmed = "telnet", true
	}
}

// sshSoftware splits "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3" into product and
// version.
func sshSoftware(line string) (string, string) {
	parts := strings.SplitN(line, "-", 3)
	if len(parts) < 3 {
		return "", ""
	}
	soft := strings.Fields(parts[2])
	if len(soft) == 0 {
		return "", ""
	}
	s := soft[0]
	if i := strings.LastIndexByte(s, '_'); i > 0 {
		return strings.ReplaceAll(s[:i], "_", " "), s[i+1:]
	}
	if i := strings.IndexByte(s, '-'); i > 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// ftpSoftware recognises the common FTP servers from their 220 line.
func ftpSoftware(line string) (string, string) {
	for _, p := range []string{"FileZilla Server", "vsFTPd", "ProFTPD", "Pure-FTPd", "Microsoft FTP Service", "Serv-U", "CrushFTP", "Titan FTP"} {
		i := strings.Index(strings.ToLower(line), strings.ToLower(p))
		if i < 0 {
			continue
		}
		rest := strings.Fields(strings.Trim(line[i+len(p):], " ()"))
		if len(rest) > 0 && len(rest[0]) > 0 && unicode.IsDigit(rune(strings.TrimPrefix(rest[0], "v")[0])) {
			return p, strings.Trim(strings.TrimPrefix(rest[0], "v"), "()")
		}
		return p, ""
	}
	return "", ""
}

// mysqlGreeting recognises a MySQL or MariaDB handshake (protocol 10) or
// the error packet a server sends to hosts it does not allow.
func mysqlGreeting(b []byte, res *Result) bool {
	if len(b) < 6 {
		return false
	}
	n := int(b[0]) | int(b[1])<<8 | int(b[2])<<16
	if n < 2 || n > 1024 || b[3] != 0 { // a greeting is short and the first packet
		return false
	}
	switch b[4] {
	case 0x0a:
		end := bytes.IndexByte(b[5:], 0)
		if end <= 0 {
			return false
		}
		ver := string(b[5 : 5+end])
		if !strings.ContainsAny(ver, "0123456789") || strings.IndexFunc(ver, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
			return false
		}
		res.Name, res.Confirmed, res.Product = "mysql", true, "MySQL"
		if i := strings.Index(ver, "-MariaDB"); i >= 0 {
			res.Product, ver = "MariaDB", strings.TrimPrefix(ver[:i], "5.5.5-")
		}
		res.Version = ver
		return true
	case 0xff:
		if bytes.Contains(b, []byte("MySQL")) || bytes.Contains(b, []byte("MariaDB")) || res.Port.Name == "mysql" {
			res.Name, res.Confirmed, res.Product = "mysql", true, "MySQL"
			return true
		}
	}
	return false
}

// rdpRequest is an X.224 Connection Request with an RDP negotiation
// request for TLS and CredSSP (NLA), as mstsc sends.
func rdpRequest() []byte {
	return []byte{
		0x03, 0x00, 0x00, 0x13, // TPKT, length 19
		0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, // X.224 CR
		0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00, // RDP_NEG_REQ: TLS | CredSSP
	}
}

// rdpReply reads the X.224 Connection Confirm and what security the
// server chose.
func rdpReply(b []byte, res *Result) bool {
	if len(b) < 11 || b[0] != 0x03 || b[1] != 0x00 || b[5]&0xf0 != 0xd0 {
		return false
	}
	res.Confirmed = true
	if len(b) >= 19 {
		switch b[11] {
		case 0x02: // RDP_NEG_RSP
			switch binary.LittleEndian.Uint32(b[15:19]) {
			case 0:
				res.Detail = "standard RDP security: the Windows sign-in screen is shown to anyone (no NLA)"
			case 1:
				res.Detail = "TLS without Network Level Authentication"
			case 2, 8:
				res.Detail = "Network Level Authentication required"
			}
		case 0x03: // RDP_NEG_FAILURE
			res.Detail = "refused the requested security"
		}
	}
	return true
}

// tdsPrelogin is a TDS PRELOGIN message asking for the server's version.
func tdsPrelogin() []byte {
	// Option tokens: VERSION, ENCRYPTION, INSTOPT, THREADID, MARS, end.
	opts := []byte{
		0x00, 0x00, 0x1a, 0x00, 0x06,
		0x01, 0x00, 0x20, 0x00, 0x01,
		0x02, 0x00, 0x21, 0x00, 0x01,
		0x03, 0x00, 0x22, 0x00, 0x04,
		0x04, 0x00, 0x26, 0x00, 0x01,
		0xff,
	}
	data := []byte{
		0x09, 0x00, 0x00, 0x00, 0x00, 0x00, // client version
		0x02,                   // encryption: not supported
		0x00,                   // instance: default
		0x00, 0x00, 0x00, 0x00, // thread id
		0x00, // MARS off
	}
	payload := append(opts, data...)
	hdr := []byte{0x12, 0x01, 0, 0, 0, 0, 0x00, 0x00}
	binary.BigEndian.PutUint16(hdr[2:], uint16(8+len(payload)))
	return append(hdr, payload...)
}

// tdsReply reads the server's PRELOGIN answer and its VERSION option.
func tdsReply(b []byte, res *Result) bool {
	if len(b) < 8 || b[0] != 0x04 {
		return false
	}
	res.Confirmed, res.Product = true, "Microsoft SQL Server"
	p := b[8:]
	for i := 0; i+5 <= len(p) && p[i] != 0xff; i += 5 {
		if p[i] != 0x00 {
			continue
		}
		off, n := int(binary.BigEndian.Uint16(p[i+1:])), int(binary.BigEndian.Uint16(p[i+3:]))
		if n >= 4 && off+4 <= len(p) {
			v := p[off : off+4]
			res.Version = fmt.Sprintf("%d.%d.%d", v[0], v[1], binary.BigEndian.Uint16(v[2:]))
		}
		break
	}
	return true
}

// smbNegotiate is an SMB1 NEGOTIATE offering NT LM 0.12 and SMB 2.x, which
// SMB1 and SMB2-only servers both answer.
func smbNegotiate() []byte {
	dialects := []byte("\x02NT LM 0.12\x00\x02SMB 2.002\x00\x02SMB 2.???\x00")
	hdr := []byte{
		0xff, 'S', 'M', 'B', 0x72, // negotiate
		0, 0, 0, 0, // status
		0x18, 0x53, 0xc8, // flags, flags2
		0, 0, // pid high
		0, 0, 0, 0, 0, 0, 0, 0, // signature
		0, 0, // reserved
		0xff, 0xff, // tid
		0xfe, 0xff, // pid
		0, 0, // uid
		0, 0, // mid
	}
	body := append([]byte{0}, byte(len(dialects)), byte(len(dialects)>>8))
	msg := append(append(hdr, body...), dialects...)
	return append([]byte{0, 0, byte(len(msg) >> 8), byte(len(msg))}, msg...)
}

// netbiosSession is a NetBIOS session request to *SMBSERVER.
func netbiosSession() []byte {
	name := func(s string) []byte {
		s = (s + "                ")[:15] + "\x20"
		out := []byte{0x20}
		for i := 0; i < 16; i++ {
			out = append(out, 'A'+s[i]>>4, 'A'+s[i]&0x0f)
		}
		return append(out, 0)
	}
	body := append(name("*SMBSERVER"), name("TRIAGE")...)
	return append([]byte{0x81, 0, byte(len(body) >> 8), byte(len(body))}, body...)
}

// udpQuery is the datagram that makes a UDP service answer.
func udpQuery(name string) []byte {
	if name == "mssql-browser" {
		return []byte{0x02} // CLNT_BCAST_EX: list every instance
	}
	return nil
}

// readUDPReply reads a SQL Server Browser answer: 0x05, a length, then
// "ServerName;X;InstanceName;Y;IsClustered;No;Version;15.0.2000.5;tcp;1433;;".
func readUDPReply(name string, b []byte, res *Result) {
	if name != "mssql-browser" || len(b) < 3 || b[0] != 0x05 {
		return
	}
	res.Confirmed, res.Product = true, "Microsoft SQL Server"
	fields := strings.Split(string(b[3:]), ";")
	var instances []string
	for i := 0; i+1 < len(fields); i += 2 {
		switch fields[i] {
		case "InstanceName":
			instances = append(instances, fields[i+1])
		case "Version":
			if res.Version == "" {
				res.Version = fields[i+1]
			}
		}
	}
	if len(instances) > 0 {
		res.Detail = "instances: " + strings.Join(instances, ", ")
	}
}

func firstLine(b []byte) string {
	s := string(b)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// printable keeps the first line of a greeting in plain characters, for
// the report.
func printable(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c == '\r' || c == '\n' {
			if sb.Len() > 0 {
				break
			}
			continue
		}
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		}
		if sb.Len() >= 100 {
			break
		}
	}
	return strings.TrimSpace(sb.String())
}
