package bithumb_test

import (
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/sysconn/sysconntest"
)

// TestNewTransport: the default transport has the exchange timeouts, and
// every call returns a transport of its own.
func TestNewTransport(t *testing.T) {
	tr := bithumb.NewTransport()
	if tr.TLSHandshakeTimeout != 10*time.Second || tr.ResponseHeaderTimeout != 15*time.Second ||
		tr.MaxIdleConnsPerHost != 32 || tr.DialContext == nil {
		t.Errorf("TLS handshake %v, response header %v, idle per host %d, dialer set %v; want 10s, 15s, 32, true",
			tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, tr.MaxIdleConnsPerHost, tr.DialContext != nil)
	}
	if bithumb.NewTransport() == tr {
		t.Error("two calls returned the same transport")
	}
}

// TestNewTransportConnections: the default transport's connections are
// sysconn's, which make their system calls without waking the runtime's
// monitor thread.
func TestNewTransportConnections(t *testing.T) {
	sysconntest.CheckDial(t, bithumb.NewTransport().DialContext)
}
