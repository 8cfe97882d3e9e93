package sysconn

import (
	"context"
	"net"
)

// DialContext returns a dial function, for http.Transport.DialContext,
// that dials with d and returns its connections wrapped (Wrap).
func DialContext(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return Wrap(c), nil
	}
}
