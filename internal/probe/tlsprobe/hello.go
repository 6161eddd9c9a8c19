package tlsprobe

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Protocol version numbers as they appear on the wire.
const (
	VersionSSL30 uint16 = 0x0300
	VersionTLS10 uint16 = 0x0301
	VersionTLS11 uint16 = 0x0302
	VersionTLS12 uint16 = 0x0303
	VersionTLS13 uint16 = 0x0304
)

// AllVersions lists the versions Probe tests, oldest first.
var AllVersions = []uint16{VersionSSL30, VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13}

// VersionName is the name the audit uses for a version: "SSL3.0",
// "TLS1.0", ... "TLS1.3".
func VersionName(v uint16) string {
	switch v {
	case VersionSSL30:
		return "SSL3.0"
	case VersionTLS10:
		return "TLS1.0"
	case VersionTLS11:
		return "TLS1.1"
	case VersionTLS12:
		return "TLS1.2"
	case VersionTLS13:
		return "TLS1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// legacySuites are offered to SSL 3.0 to TLS 1.2 servers: every family a
// server might still be configured with, strong and weak, so that a
// refusal means the version, not the cipher suites.
var legacySuites = []uint16{
	// ECDHE and DHE with AEAD.
	0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9, 0x009e, 0x009f, 0xccaa,
	0xc0ac, 0xc0ad, 0xc09e, 0xc09f, 0xc09c, 0xc09d,
	// ECDHE and DHE with CBC.
	0xc009, 0xc00a, 0xc013, 0xc014, 0xc023, 0xc024, 0xc027, 0xc028,
	0x0033, 0x0039, 0x0067, 0x006b, 0x0032, 0x0038, 0x0040, 0x006a,
	0x0045, 0x0088, 0x0044, 0x0087, 0x009a, 0x0099,
	// RSA key exchange.
	0x009c, 0x009d, 0x002f, 0x0035, 0x003c, 0x003d, 0x0041, 0x0084, 0x0096,
	// Static ECDH.
	0xc004, 0xc005, 0xc00e, 0xc00f, 0xc025, 0xc026, 0xc029, 0xc02a, 0xc02d, 0xc02e, 0xc031, 0xc032,
	// 3DES, RC4, single DES and export grade.
	0xc008, 0xc012, 0x0016, 0x0013, 0x000a, 0xc007, 0xc011, 0x0005, 0x0004,
	0x0015, 0x0012, 0x0009, 0x0014, 0x0011, 0x0008, 0x0006, 0x0003,
	// Anonymous key exchange: insecure, but still "the version is offered".
	0x0034, 0x003a, 0x006c, 0x006d, 0x00a6, 0x00a7, 0xc018, 0xc019, 0x0018, 0x001b,
	// Renegotiation SCSV.
	0x00ff,
}

// tls13Suites are the five TLS 1.3 suites.
var tls13Suites = []uint16{0x1301, 0x1302, 0x1303, 0x1304, 0x1305}

// sigAlgs are offered in signature_algorithms.
var sigAlgs = []uint16{0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201, 0x0402, 0x0202}

// Extension numbers.
const (
	extServerName      = 0x0000
	extSupportedGroups = 0x000a
	extPointFormats    = 0x000b
	extSigAlgs         = 0x000d
	extPadding         = 0x0015
	extSupportedVers   = 0x002b
	extPSKModes        = 0x002d
	extKeyShare        = 0x0033
	extRenegotiation   = 0xff01
)

// Named groups.
const (
	groupX25519    = 0x001d
	groupSecp256r1 = 0x0017
)

// buildHello writes one TLS record holding a ClientHello that offers only
// version. serverName is sent as SNI when not empty.
func buildHello(version uint16, serverName string) ([]byte, error) {
	var body []byte
	legacy := version
	if version == VersionTLS13 {
		legacy = VersionTLS12 // TLS 1.3 is negotiated in supported_versions
	}
	body = binary.BigEndian.AppendUint16(body, legacy)
	random := make([]byte, 32)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	body = append(body, random...)
	body = append(body, 0) // no session id
	suites := legacySuites
	if version == VersionTLS13 {
		suites = tls13Suites
	}
	body = binary.BigEndian.AppendUint16(body, uint16(2*len(suites)))
	for _, s := range suites {
		body = binary.BigEndian.AppendUint16(body, s)
	}
	body = append(body, 1, 0) // compression: null only
	if version != VersionSSL30 {
		ext, err := extensions(version, serverName, len(body))
		if err != nil {
			return nil, err
		}
		body = binary.BigEndian.AppendUint16(body, uint16(len(ext)))
		body = append(body, ext...)
	}
	hs := append([]byte{1, byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body...)
	recVersion := VersionTLS10
	if version == VersionSSL30 {
		recVersion = VersionSSL30
	}
	rec := []byte{22, byte(recVersion >> 8), byte(recVersion)}
	rec = binary.BigEndian.AppendUint16(rec, uint16(len(hs)))
	return append(rec, hs...), nil
}

// extensions builds the extension block. bodyLen is the hello body so far,
// used to pad the whole handshake message to at least 512 bytes.
func extensions(version uint16, serverName string, bodyLen int) ([]byte, error) {
	var ext []byte
	add := func(typ uint16, data []byte) {
		ext = binary.BigEndian.AppendUint16(ext, typ)
		ext = binary.BigEndian.AppendUint16(ext, uint16(len(data)))
		ext = append(ext, data...)
	}
	if serverName != "" {
		var sni []byte
		sni = binary.BigEndian.AppendUint16(sni, uint16(len(serverName)+3))
		sni = append(sni, 0)
		sni = binary.BigEndian.AppendUint16(sni, uint16(len(serverName)))
		sni = append(sni, serverName...)
		add(extServerName, sni)
	}
	add(extSupportedGroups, u16list(groupX25519, groupSecp256r1, 0x0018, 0x0019, 0x0100, 0x0101))
	add(extPointFormats, []byte{1, 0})
	add(extSigAlgs, u16list(sigAlgs...))
	if version == VersionTLS13 {
		add(extSupportedVers, []byte{2, byte(VersionTLS13 >> 8), byte(VersionTLS13 & 0xff)})
		add(extPSKModes, []byte{1, 1})
		shares, err := keyShares()
		if err != nil {
			return nil, err
		}
		add(extKeyShare, shares)
	} else {
		add(extRenegotiation, []byte{0})
	}
	// Handshake header (4) + body + extensions length (2) + ext so far +
	// padding header (4) should reach 512.
	if n := 4 + bodyLen + 2 + len(ext) + 4; n < 512 {
		add(extPadding, make([]byte, 512-n))
	}
	return ext, nil
}

// keyShares makes throw-away X25519 and P-256 public keys: TLS 1.3 servers
// need a share to answer, but the handshake is never finished.
func keyShares() ([]byte, error) {
	var list []byte
	for _, g := range []struct {
		id    uint16
		curve ecdh.Curve
	}{{groupX25519, ecdh.X25519()}, {groupSecp256r1, ecdh.P256()}} {
		k, err := g.curve.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		pub := k.PublicKey().Bytes()
		list = binary.BigEndian.AppendUint16(list, g.id)
		list = binary.BigEndian.AppendUint16(list, uint16(len(pub)))
		list = append(list, pub...)
	}
	return append(binary.BigEndian.AppendUint16(nil, uint16(len(list))), list...), nil
}

func u16list(vs ...uint16) []byte {
	out := binary.BigEndian.AppendUint16(nil, uint16(2*len(vs)))
	for _, v := range vs {
		out = binary.BigEndian.AppendUint16(out, v)
	}
	return out
}

// serverReply is what the server said to one ClientHello.
type serverReply struct {
	Version uint16   // negotiated version from the ServerHello; 0 if none
	Alert   byte     // alert description when the server refused; 0 if none
	Certs   [][]byte // DER certificates, when sent in the clear (TLS 1.2 and older)
}

// errNoHello means the server closed or sent something that is not TLS.
var errNoHello = errors.New("no ServerHello")

// maxReply bounds what is read from a server: a ServerHello and a
// certificate chain fit easily.
const maxReply = 256 << 10

// readReply reads records until the ServerHello (and, for TLS 1.2 and
// older, the Certificate message) has arrived, or the server refuses.
func readReply(r io.Reader) (serverReply, error) {
	var rep serverReply
	var hs []byte // handshake bytes, across records
	total := 0
	for {
		typ, payload, err := readRecord(r)
		if err != nil {
			if rep.Version != 0 {
				return rep, nil // the ServerHello is what matters
			}
			return rep, err
		}
		total += len(payload)
		if total > maxReply {
			return rep, errors.New("server reply too large")
		}
		switch typ {
		case 21: // alert
			if rep.Version != 0 {
				return rep, nil
			}
			if len(payload) >= 2 {
				rep.Alert = payload[1]
			}
			return rep, nil
		case 22: // handshake
			hs = append(hs, payload...)
			done, err := parseHandshakes(&hs, &rep)
			if err != nil || done {
				return rep, err
			}
		default:
			if rep.Version != 0 {
				return rep, nil // e.g. ChangeCipherSpec after a TLS 1.3 ServerHello
			}
			return rep, errNoHello
		}
	}
}

// readRecord reads one TLS record.
func readRecord(r io.Reader) (byte, []byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	if h[0] < 20 || h[0] > 24 || h[1] != 3 {
		return 0, nil, errNoHello
	}
	n := int(binary.BigEndian.Uint16(h[3:]))
	if n > 1<<14+2048 {
		return 0, nil, errNoHello
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	return h[0], payload, nil
}

// parseHandshakes consumes complete handshake messages from *hs. It
// reports done once nothing more of interest can follow.
func parseHandshakes(hs *[]byte, rep *serverReply) (bool, error) {
	for len(*hs) >= 4 {
		b := *hs
		n := int(b[1])<<16 | int(b[2])<<8 | int(b[3])
		if len(b) < 4+n {
			return false, nil // wait for the rest
		}
		typ, msg := b[0], b[4:4+n]
		*hs = b[4+n:]
		switch typ {
		case 2: // ServerHello
			v, err := parseServerHello(msg)
			if err != nil {
				return true, err
			}
			rep.Version = v
			if v >= VersionTLS13 {
				return true, nil // the rest is encrypted
			}
		case 11: // Certificate
			rep.Certs = parseCertificates(msg)
			return true, nil
		case 12, 13, 14: // ServerKeyExchange, CertificateRequest, ServerHelloDone
			return true, nil
		}
	}
	return false, nil
}

// parseServerHello returns the version the server chose: the
// supported_versions extension when present (TLS 1.3), else the legacy
// version field.
func parseServerHello(msg []byte) (uint16, error) {
	bad := fmt.Errorf("%w: malformed ServerHello", errNoHello)
	if len(msg) < 2+32+1 {
		return 0, bad
	}
	version := binary.BigEndian.Uint16(msg)
	rest := msg[34:]
	sid := int(rest[0])
	if len(rest) < 1+sid+3 {
		return 0, bad
	}
	rest = rest[1+sid+3:] // session id, cipher suite, compression
	if len(rest) < 2 {
		return version, nil // no extensions
	}
	extLen := int(binary.BigEndian.Uint16(rest))
	rest = rest[2:]
	if len(rest) < extLen {
		return 0, bad
	}
	rest = rest[:extLen]
	for len(rest) >= 4 {
		typ, n := binary.BigEndian.Uint16(rest), int(binary.BigEndian.Uint16(rest[2:]))
		if len(rest) < 4+n {
			return 0, bad
		}
		if typ == extSupportedVers && n == 2 {
			return binary.BigEndian.Uint16(rest[4:]), nil
		}
		rest = rest[4+n:]
	}
	return version, nil
}

// parseCertificates splits a TLS 1.2 Certificate message into DER blobs.
func parseCertificates(msg []byte) [][]byte {
	if len(msg) < 3 {
		return nil
	}
	total := int(msg[0])<<16 | int(msg[1])<<8 | int(msg[2])
	rest := msg[3:]
	if total < len(rest) {
		rest = rest[:total]
	}
	var out [][]byte
	for len(rest) >= 3 {
		n := int(rest[0])<<16 | int(rest[1])<<8 | int(rest[2])
		if len(rest) < 3+n {
			break
		}
		out = append(out, rest[3:3+n])
		rest = rest[3+n:]
	}
	return out
}
