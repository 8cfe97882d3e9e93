package sysconn_test

import (
	"context"
	"net"
	"testing"

	"github.com/bithumb-go/bithumb/internal/sysconn"
	"github.com/bithumb-go/bithumb/internal/sysconn/sysconntest"
)

func TestDialContext(t *testing.T) {
	dial := sysconn.DialContext(&net.Dialer{})
	sysconntest.CheckDial(t, dial)

	// A failed dial returns the dialer's error and no connection.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if c, err := dial(context.Background(), "tcp", addr); c != nil || err == nil {
		t.Errorf("dial to a closed port = %v, %v; want nil and an error", c, err)
	}
}
