package wsclient

import (
	"context"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/internal/sysconn"
)

// TestDefaultHTTPClientConnections: the default HTTPClient's connections
// are sysconn's, shared by every Client, and carry bytes both ways.
func TestDefaultHTTPClientConnections(t *testing.T) {
	s, err := Options{}.normalize()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Options{}.normalize()
	if err != nil {
		t.Fatal(err)
	}
	if s.HTTPClient.Transport != defaultTransport() || s2.HTTPClient.Transport != defaultTransport() {
		t.Fatal("the default HTTPClient does not use the shared default transport")
	}
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
	c, err := defaultTransport().DialContext(context.Background(), "tcp", ln.Addr().String())
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
