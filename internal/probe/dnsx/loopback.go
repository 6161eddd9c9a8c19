package dnsx

import (
	"errors"
	"fmt"
	"net"

	"github.com/miekg/dns"
)

// Server is a DNS server on one loopback port, UDP and TCP, started by
// Listen. Tests and the scan benchmark put a Zone behind it so that Client,
// and everything built on it, can be exercised with real packets and no
// network.
type Server struct {
	Addr string // HOST:PORT to give a Client
	udp  *dns.Server
	tcp  *dns.Server
}

// Listen serves handler (usually a *Zone) on addr, such as "127.0.0.1:0",
// over UDP and TCP on the same port. With port 0 it picks a port free for
// both protocols.
func Listen(addr string, handler dns.Handler) (*Server, error) {
	pc, ln, err := listenBoth(addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Addr: pc.LocalAddr().String(),
		udp:  &dns.Server{PacketConn: pc, Handler: handler},
		tcp:  &dns.Server{Listener: ln, Handler: handler},
	}
	for _, srv := range []*dns.Server{s.udp, s.tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go func() { _ = srv.ActivateAndServe() }()
		<-started
	}
	return s, nil
}

// listenBoth binds UDP first and then TCP on the port UDP got, retrying
// when a random port is taken for TCP.
func listenBoth(addr string) (net.PacketConn, net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("dnsx: listen address %q: %w", addr, err)
	}
	var lastErr error
	for range 10 {
		pc, err := net.ListenPacket("udp", net.JoinHostPort(host, port))
		if err != nil {
			return nil, nil, fmt.Errorf("dnsx: %w", err)
		}
		ln, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, ln, nil
		}
		pc.Close()
		lastErr = err
		if port != "0" {
			break
		}
	}
	return nil, nil, fmt.Errorf("dnsx: no port free for both UDP and TCP: %w", lastErr)
}

// Close stops both listeners.
func (s *Server) Close() error {
	return errors.Join(s.udp.Shutdown(), s.tcp.Shutdown())
}
