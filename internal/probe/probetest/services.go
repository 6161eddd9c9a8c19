package probetest

import "encoding/binary"

// Banners of the services the port scan recognises, answering the way the
// real servers do to the scan's (and nmap's) first exchange.

// RDP answers an X.224 Connection Request with a Connection Confirm that
// selects CredSSP (Network Level Authentication) when nla is true, or
// standard RDP security otherwise.
func RDP(nla bool) Banner {
	proto := byte(0)
	if nla {
		proto = 2
	}
	return Banner{Reply: func(req []byte) []byte {
		if len(req) < 11 || req[0] != 3 || req[5] != 0xe0 {
			return nil
		}
		return []byte{0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
			0x02, 0x1f, 0x08, 0x00, proto, 0x00, 0x00, 0x00}
	}}
}

// SSH greets like OpenSSH.
func SSH(version string) Banner {
	return Banner{Greeting: []byte("SSH-2.0-OpenSSH_" + version + "\r\n")}
}

// VNC greets with the RFB 3.8 protocol version.
func VNC() Banner { return Banner{Greeting: []byte("RFB 003.008\n")} }

// FTP greets with a 220 line naming the server.
func FTP(software string) Banner { return Banner{Greeting: []byte("220 " + software + " ready\r\n")} }

// Telnet starts option negotiation, as telnetd does.
func Telnet() Banner {
	return Banner{Greeting: []byte{0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23, 0xff, 0xfd, 0x27}}
}

// MySQL sends a protocol 10 handshake with the given server version.
func MySQL(version string) Banner {
	payload := append([]byte{0x0a}, version...)
	payload = append(payload, 0, 1, 0, 0, 0)                      // end of version, connection id
	payload = append(payload, []byte("abcdefgh")...)              // auth data part 1
	payload = append(payload, 0, 0xff, 0xf7, 0x21, 0x02, 0, 0xff) // filler, capabilities, charset, status...
	hdr := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), 0}
	return Banner{Greeting: append(hdr, payload...)}
}

// MSSQL answers a TDS PRELOGIN with version major.minor.build.
func MSSQL(major, minor byte, build uint16) Banner {
	return Banner{Reply: func(req []byte) []byte {
		if len(req) < 8 || req[0] != 0x12 {
			return nil
		}
		opts := []byte{0x00, 0x00, 0x0b, 0x00, 0x06, 0x01, 0x00, 0x11, 0x00, 0x01, 0xff}
		data := []byte{major, minor, byte(build >> 8), byte(build), 0, 0, 0x02}
		payload := append(opts, data...)
		hdr := []byte{0x04, 0x01, 0, 0, 0, 0, 0x01, 0x00}
		binary.BigEndian.PutUint16(hdr[2:], uint16(8+len(payload)))
		return append(hdr, payload...)
	}}
}

// PostgreSQL refuses TLS to an SSLRequest, as a server without TLS does.
func PostgreSQL() Banner {
	return Banner{Reply: func(req []byte) []byte {
		if len(req) == 8 && req[4] == 0x04 && req[5] == 0xd2 {
			return []byte{'N'}
		}
		return nil
	}}
}

// SMB answers a negotiate with the start of an SMB2 response.
func SMB() Banner {
	return Banner{Reply: func(req []byte) []byte {
		if len(req) < 8 || string(req[5:8]) != "SMB" {
			return nil
		}
		resp := make([]byte, 4+64+8)
		resp[3] = byte(len(resp) - 4)
		copy(resp[4:], "\xfeSMB")
		resp[4+4] = 64
		return resp
	}}
}

// NetBIOS accepts a session request.
func NetBIOS() Banner {
	return Banner{Reply: func(req []byte) []byte {
		if len(req) < 4 || req[0] != 0x81 {
			return nil
		}
		return []byte{0x82, 0, 0, 0}
	}}
}

// SQLBrowser answers the 0x02 query with one instance.
func SQLBrowser(instance, version string) func([]byte) []byte {
	return func(req []byte) []byte {
		if len(req) != 1 || (req[0] != 0x02 && req[0] != 0x03) {
			return nil
		}
		text := "ServerName;PRACTICE-SRV;InstanceName;" + instance + ";IsClustered;No;Version;" + version + ";tcp;1433;;"
		return append([]byte{0x05, byte(len(text)), byte(len(text) >> 8)}, text...)
	}
}
