package probetest

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a running loopback server; Close stops it and waits for its
// connections to end.
type Server struct {
	Addr  string // HOST:PORT it listens on
	close func() error
	wg    sync.WaitGroup
}

// Close stops the server.
func (s *Server) Close() error {
	err := s.close()
	s.wg.Wait()
	return err
}

// ServeTLS answers TLS handshakes on addr with cfg. With handler it serves
// HTTPS; without, it completes the handshake and closes.
func ServeTLS(addr string, cfg *tls.Config, handler http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	tln := tls.NewListener(ln, cfg)
	if handler != nil {
		return serveHTTP(tln, handler), nil
	}
	return serveConns(tln, func(c net.Conn) {
		_ = c.(*tls.Conn).Handshake()
	}), nil
}

// ServeHTTP serves plain HTTP on addr.
func ServeHTTP(addr string, handler http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return serveHTTP(ln, handler), nil
}

func serveHTTP(ln net.Listener, handler http.Handler) *Server {
	// Handshake errors are the point of many tests; keep them off the log.
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	s := &Server{Addr: ln.Addr().String(), close: hs.Close}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = hs.Serve(ln)
	}()
	return s
}

// Banner describes a TCP service: what it says on connect, and how it
// answers the first bytes a client sends.
type Banner struct {
	Greeting []byte                  // sent as soon as a client connects
	Reply    func(req []byte) []byte // answer to the first read; nil: none
}

// ServeBanner runs a TCP service that sends b.Greeting, then answers one
// request with b.Reply, then closes.
func ServeBanner(addr string, b Banner) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return serveConns(ln, func(c net.Conn) {
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if len(b.Greeting) > 0 {
			if _, err := c.Write(b.Greeting); err != nil {
				return
			}
		}
		if b.Reply == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(c, 1<<16))
			return
		}
		buf := make([]byte, 4096)
		n, err := c.Read(buf)
		if n > 0 {
			_, _ = c.Write(b.Reply(buf[:n]))
		}
		if err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(c, 1<<16))
		}
	}), nil
}

func serveConns(ln net.Listener, handle func(net.Conn)) *Server {
	s := &Server{Addr: ln.Addr().String()}
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	done := make(chan struct{})
	s.close = func() error {
		close(done)
		err := ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		return err
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				select {
				case <-done:
					return
				default:
					continue
				}
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer func() {
					c.Close()
					mu.Lock()
					delete(conns, c)
					mu.Unlock()
				}()
				handle(c)
			}()
		}
	}()
	return s
}

// ServeUDP answers each datagram on addr with reply(request); a nil answer
// sends nothing.
func ServeUDP(addr string, reply func(req []byte) []byte) (*Server, error) {
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: pc.LocalAddr().String(), close: pc.Close}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		buf := make([]byte, 2048)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out := reply(buf[:n]); out != nil {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	return s, nil
}
