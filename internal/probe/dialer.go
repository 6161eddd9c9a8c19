package probe

import (
	"context"
	"net"
)

// Dialer opens the connections of the external scan: TCP for port checks,
// TLS and HTTP, UDP for the SQL Server Browser. *net.Dialer implements it;
// tests and benchmarks pass one that sends everything to loopback servers,
// so no check needs the internet to be tested.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

var _ Dialer = (*net.Dialer)(nil)
