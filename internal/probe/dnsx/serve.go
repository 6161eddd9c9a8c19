package dnsx

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// ServeDNS makes a Zone a dns.Handler, so tests can put it behind a
// dns.Server on a loopback socket and exercise Client against real packets.
// A name marked with SetTimeout gets no reply at all, which is what a
// client sees when a server times out; a looping alias gets SERVFAIL. UDP
// answers larger than the client's buffer are truncated (TC set), as a
// real server would do.
func (z *Zone) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	resp := new(dns.Msg)
	resp.SetReply(req)
	resp.Authoritative = true
	if len(req.Question) != 1 {
		resp.Rcode = dns.RcodeFormatError
		_ = w.WriteMsg(resp)
		return
	}
	q := req.Question[0]
	name := unescape(strings.TrimSuffix(q.Name, "."))
	typ := dns.TypeToString[q.Qtype]
	has, ok := zoneHas[q.Qtype]
	if !ok {
		has = func(*node) bool { return false }
	}
	n, chain, err := z.resolve(context.Background(), typ, name, has)
	switch {
	case errors.Is(err, probe.ErrNotFound):
		resp.Rcode = dns.RcodeNameError
	case errors.Is(err, probe.ErrNoData):
	case isZoneTimeout(err):
		return // say nothing: the client must time out
	case zoneRcode(err) != 0:
		resp.Rcode = zoneRcode(err)
	case err != nil:
		resp.Rcode = dns.RcodeServerFailure
	default:
		owner := dns.Fqdn(escapeName(name))
		for _, alias := range chain {
			target := z.names[alias].cname
			resp.Answer = append(resp.Answer, &dns.CNAME{Hdr: hdr(dns.Fqdn(escapeName(alias)), dns.TypeCNAME), Target: dns.Fqdn(escapeName(target))})
			owner = dns.Fqdn(escapeName(target))
		}
		resp.Answer = append(resp.Answer, records(owner, q.Qtype, n)...)
		resp.Answer = append(resp.Answer, secRecords(owner, q.Qtype, n)...)
	}
	if req.AuthenticatedData || dnssecOK(req) {
		// RFC 6840 §5.7: AD only for clients that show they understand it.
		resp.AuthenticatedData = z.isValidated(name)
	}
	if _, isUDP := w.RemoteAddr().(*net.UDPAddr); isUDP {
		size := dns.MinMsgSize
		if opt := req.IsEdns0(); opt != nil {
			size = int(opt.UDPSize())
		}
		resp.Truncate(size)
	}
	_ = w.WriteMsg(resp)
}

var zoneHas = map[uint16]func(*node) bool{
	dns.TypeTXT:  func(n *node) bool { return len(n.txt) > 0 },
	dns.TypeA:    func(n *node) bool { return len(n.a) > 0 },
	dns.TypeAAAA: func(n *node) bool { return len(n.aaaa) > 0 },
	dns.TypeMX:   func(n *node) bool { return len(n.mx) > 0 },
	dns.TypePTR:  func(n *node) bool { return len(n.ptr) > 0 },
	dns.TypeCAA:  func(n *node) bool { return len(n.caa) > 0 },
	dns.TypeDS:   func(n *node) bool { return len(n.ds) > 0 },
}

func hdr(owner string, rrtype uint16) dns.RR_Header {
	return dns.RR_Header{Name: owner, Rrtype: rrtype, Class: dns.ClassINET, Ttl: 300}
}

// records renders a node's records of one type. TXT text longer than 255
// octets is split into several character-strings, as publishers must.
func records(owner string, qtype uint16, n *node) []dns.RR {
	var out []dns.RR
	switch qtype {
	case dns.TypeTXT:
		for _, t := range n.txt {
			var parts []string
			for len(t) > 255 {
				parts = append(parts, escapeTXT(t[:255]))
				t = t[255:]
			}
			parts = append(parts, escapeTXT(t))
			out = append(out, &dns.TXT{Hdr: hdr(owner, qtype), Txt: parts})
		}
	case dns.TypeA:
		for _, a := range n.a {
			out = append(out, &dns.A{Hdr: hdr(owner, qtype), A: a.AsSlice()})
		}
	case dns.TypeAAAA:
		for _, a := range n.aaaa {
			out = append(out, &dns.AAAA{Hdr: hdr(owner, qtype), AAAA: a.AsSlice()})
		}
	case dns.TypeMX:
		for _, mx := range n.mx {
			host := "."
			if mx.Host != "." {
				host = dns.Fqdn(escapeName(mx.Host))
			}
			out = append(out, &dns.MX{Hdr: hdr(owner, qtype), Preference: mx.Pref, Mx: host})
		}
	case dns.TypePTR:
		for _, p := range n.ptr {
			out = append(out, &dns.PTR{Hdr: hdr(owner, qtype), Ptr: dns.Fqdn(escapeName(p))})
		}
	}
	return out
}

func isZoneTimeout(err error) bool {
	var le *probe.LookupError
	return errors.As(err, &le) && le.Detail == detailTimeout
}
