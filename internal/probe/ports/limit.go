package ports

import (
	"context"
	"net"
	"sync"
	"time"

	"triage/internal/probe"
)

// Limiter spaces events to a rate, allowing a burst: a token bucket kept
// as the "theoretical arrival time" of the next event.
type Limiter struct {
	interval time.Duration
	burst    int
	mu       sync.Mutex
	tat      time.Time
}

// NewLimiter allows perSecond events a second on average, and up to burst
// at once.
func NewLimiter(perSecond float64, burst int) *Limiter {
	if burst < 1 {
		burst = 1
	}
	return &Limiter{interval: time.Duration(float64(time.Second) / perSecond), burst: burst}
}

// Wait blocks until the next event is allowed or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	if l.tat.Before(now) {
		l.tat = now
	}
	at := l.tat.Add(-time.Duration(l.burst-1) * l.interval)
	l.tat = l.tat.Add(l.interval)
	l.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PoliteDialer is a probe.Dialer that spaces new connections to each host
// (the address without the port) to Rate per second with bursts of Burst.
// Its zero Rate means no limit.
type PoliteDialer struct {
	Dialer probe.Dialer
	Rate   float64
	Burst  int

	mu    sync.Mutex
	hosts map[string]*Limiter
}

// DialContext implements probe.Dialer.
func (d *PoliteDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if d.Rate > 0 {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			host = address
		}
		if err := d.limiter(host).Wait(ctx); err != nil {
			return nil, err
		}
	}
	return d.Dialer.DialContext(ctx, network, address)
}

func (d *PoliteDialer) limiter(host string) *Limiter {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hosts == nil {
		d.hosts = map[string]*Limiter{}
	}
	l := d.hosts[host]
	if l == nil {
		l = NewLimiter(d.Rate, d.Burst)
		d.hosts[host] = l
	}
	return l
}
