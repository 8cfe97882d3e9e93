// Package sysconntest checks, for the tests of the packages that use
// package sysconn, that a dial function makes its connections.
package sysconntest

import (
	"context"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/internal/sysconn"
)

// CheckDial fails t unless dial's connections to a loopback echo server
// are of the type that sysconn.Wrap makes of a TCP connection, have the
// methods of a *net.TCPConn, and carry bytes both ways.
func CheckDial(t *testing.T, dial func(ctx context.Context, network, addr string) (net.Conn, error)) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c) // echo
			}()
		}
	}()
	c, err := dial(context.Background(), "tcp", ln.Addr().String())
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
		t.Errorf("the dial function makes %s, want %s", got, want)
	}
	// The methods of a *net.TCPConn, which a program may reach through an
	// interface.
	if _, ok := c.(interface {
		SetNoDelay(bool) error
		SetKeepAlive(bool) error
		CloseWrite() error
		SyscallConn() (syscall.RawConn, error)
	}); !ok {
		t.Errorf("%T lacks methods of *net.TCPConn", c)
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
