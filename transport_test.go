package bithumb_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/sysconn"
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
// monitor thread, and carry bytes both ways.
func TestNewTransportConnections(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		io.Copy(c, c) // echo
	}()
	c, err := bithumb.NewTransport().DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	plain, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	plain.Close()
	if got, want := fmt.Sprintf("%T", c), fmt.Sprintf("%T", sysconn.Wrap(plain)); got != want {
		t.Errorf("the default transport dials %s, want %s", got, want)
	}
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 4)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "ping" {
		t.Errorf("echo = %q, %v; want \"ping\"", got, err)
	}
}
