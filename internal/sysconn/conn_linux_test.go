//go:build linux && (amd64 || arm64)

package sysconn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// tcpPair returns the two ends of a loopback TCP connection: the client's
// end as a *net.TCPConn, and the server's.
func tcpPair(t *testing.T) (*net.TCPConn, *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server := <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client.(*net.TCPConn), server.(*net.TCPConn)
}

// wrappedPair is tcpPair with the client's end made a wrapped connection.
func wrappedPair(t *testing.T) (*conn, *net.TCPConn) {
	t.Helper()
	client, server := tcpPair(t)
	sc, ok := Wrap(client).(*conn)
	if !ok {
		t.Fatalf("Wrap(%T) is not a *conn", client)
	}
	return sc, server
}

// result describes what a Read or Write returned, addresses included, so
// that a wrapped connection's results can be compared with a net.TCPConn's.
func result(c net.Conn, n int, err error) string {
	if err == nil {
		return fmt.Sprintf("n=%d err=nil", n)
	}
	var oe *net.OpError
	if !errors.As(err, &oe) {
		return fmt.Sprintf("n=%d err=%T %v", n, err, err)
	}
	var ne net.Error
	timeout := errors.As(err, &ne) && ne.Timeout()
	inner := fmt.Sprintf("%T %v", oe.Err, oe.Err)
	if se, ok := oe.Err.(*os.SyscallError); ok {
		inner = fmt.Sprintf("SyscallError %s errno=%d", se.Syscall, se.Err)
	}
	return fmt.Sprintf("n=%d OpError{Op:%s Net:%s Source:local=%v Addr:remote=%v Err:%s} timeout=%v closed=%v",
		n, oe.Op, oe.Net, oe.Source.String() == c.LocalAddr().String(), oe.Addr.String() == c.RemoteAddr().String(),
		inner, timeout, errors.Is(err, net.ErrClosed))
}

// both runs scenario on a plain *net.TCPConn and on a wrapped connection, and fails
// unless the two describe the same results.
func both(t *testing.T, scenario func(t *testing.T, c net.Conn, peer *net.TCPConn) string) {
	t.Helper()
	client, peer := tcpPair(t)
	want := scenario(t, client, peer)
	sc, sysPeer := wrappedPair(t)
	got := scenario(t, sc, sysPeer)
	if got != want {
		t.Errorf("wrapped:\n%s\nnet.TCPConn:\n%s", got, want)
	}
}

func TestReadsAsTCPConn(t *testing.T) {
	both(t, func(t *testing.T, c net.Conn, peer *net.TCPConn) string {
		var log strings.Builder
		read := func(size int) {
			buf := make([]byte, size)
			n, err := c.Read(buf)
			fmt.Fprintf(&log, "read(%d) %q %s\n", size, buf[:n], result(c, n, err))
		}
		read(0)
		// A read that must wait for the peer's bytes.
		go func() {
			time.Sleep(10 * time.Millisecond)
			peer.Write([]byte("hello"))
		}()
		read(3)
		read(3)
		peer.Close()
		read(3) // EOF
		read(3)
		return log.String()
	})
}

func TestReadErrorsAsTCPConn(t *testing.T) {
	t.Run("deadline", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			c.SetReadDeadline(time.Now().Add(-time.Second))
			n, err := c.Read(make([]byte, 8))
			return result(c, n, err)
		})
	})
	t.Run("deadline while waiting", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
			n, err := c.Read(make([]byte, 8))
			return result(c, n, err)
		})
	})
	t.Run("interrupted by another goroutine", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			timer := time.AfterFunc(20*time.Millisecond, func() { c.SetDeadline(time.Unix(1, 0)) })
			defer timer.Stop()
			n, err := c.Read(make([]byte, 8))
			return result(c, n, err)
		})
	})
	t.Run("closed here", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			c.Close()
			n, err := c.Read(make([]byte, 8))
			return result(c, n, err)
		})
	})
	t.Run("reset by the peer", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, peer *net.TCPConn) string {
			peer.SetLinger(0)
			peer.Close()
			n, err := c.Read(make([]byte, 8))
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("Read after a reset: %v, want ECONNRESET", err)
			}
			return result(c, n, err)
		})
	})
}

func TestWritesAsTCPConn(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			n, err := c.Write(nil)
			return result(c, n, err)
		})
	})
	t.Run("more than the socket buffers hold", func(t *testing.T) {
		// The writer fills the socket's buffers, waits for the reader,
		// and goes on where it stopped.
		both(t, func(t *testing.T, c net.Conn, peer *net.TCPConn) string {
			c.(interface{ SetWriteBuffer(int) error }).SetWriteBuffer(4096)
			peer.SetReadBuffer(32 << 10)
			data := bytes.Repeat([]byte("0123456789abcdef"), 1<<15) // 512 KiB
			got := make(chan []byte, 1)
			go func() {
				time.Sleep(20 * time.Millisecond)
				b, _ := io.ReadAll(peer)
				got <- b
			}()
			n, err := c.Write(data)
			c.(interface{ CloseWrite() error }).CloseWrite()
			if b := <-got; !bytes.Equal(b, data) {
				t.Errorf("the peer read %d bytes, not the %d written", len(b), len(data))
			}
			return result(c, n, err)
		})
	})
	t.Run("deadline", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			c.SetWriteDeadline(time.Now().Add(-time.Second))
			n, err := c.Write([]byte("x"))
			return result(c, n, err)
		})
	})
	t.Run("deadline with the buffers full", func(t *testing.T) {
		// A write cut short by its deadline reports the bytes it wrote.
		var written [2]int
		i := 0
		both(t, func(t *testing.T, c net.Conn, peer *net.TCPConn) string {
			c.(interface{ SetWriteBuffer(int) error }).SetWriteBuffer(4096)
			peer.SetReadBuffer(4096)
			c.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
			n, err := c.Write(make([]byte, 4<<20))
			written[i] = n
			i++
			return result(c, 0, err)
		})
		if written[0] == 0 || written[1] == 0 || written[1] >= 4<<20 {
			t.Errorf("written before the deadline: net.TCPConn %d, wrapped %d bytes of %d", written[0], written[1], 4<<20)
		}
	})
	t.Run("closed here", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, _ *net.TCPConn) string {
			c.Close()
			n, err := c.Write([]byte("x"))
			return result(c, n, err)
		})
	})
	t.Run("reset by the peer", func(t *testing.T) {
		both(t, func(t *testing.T, c net.Conn, peer *net.TCPConn) string {
			peer.SetLinger(0)
			peer.Close()
			// The first write may still be taken by the kernel; a later
			// one meets the reset, as EPIPE or ECONNRESET.
			var err error
			for range 100 {
				if _, err = c.Write([]byte("x")); err != nil {
					break
				}
				time.Sleep(time.Millisecond)
			}
			if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("Write after a reset: %v, want EPIPE or ECONNRESET", err)
			}
			var oe *net.OpError
			errors.As(err, &oe)
			se, _ := oe.Err.(*os.SyscallError)
			return fmt.Sprintf("Op:%s syscall:%v", oe.Op, se != nil && se.Syscall == "write")
		})
	})
}

// TestConcurrentUse reads, writes and reads again from three goroutines
// at once on one wrapped connection, as net.Conn allows, for the race
// detector.
func TestConcurrentUse(t *testing.T) {
	c, peer := wrappedPair(t)
	go io.Copy(peer, peer) // echo
	data := bytes.Repeat([]byte("echo"), 1<<16)
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() { _, writeErr = c.Write(data) })
	// Two readers take turns; together they read the whole echo.
	var mu sync.Mutex
	var got int
	for range 2 {
		wg.Go(func() {
			buf := make([]byte, 1000)
			for {
				mu.Lock()
				done := got >= len(data)
				mu.Unlock()
				if done {
					return
				}
				c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
				n, _ := c.Read(buf)
				mu.Lock()
				got += n
				mu.Unlock()
				if n == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	if got != len(data) {
		t.Errorf("the readers read %d bytes of the %d echoed", got, len(data))
	}
}

func TestWrap(t *testing.T) {
	client, _ := tcpPair(t)
	sc, ok := Wrap(client).(*conn)
	if !ok || sc.TCPConn != client {
		t.Errorf("Wrap(*net.TCPConn) = %T, want a *conn over it", Wrap(client))
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if got := Wrap(a); got != a {
		t.Errorf("Wrap(net.Pipe end) = %T, want it unchanged", got)
	}
}

func TestPeekSocket(t *testing.T) {
	c, peer := wrappedPair(t)
	fd := func() (fd uintptr) {
		c.rc.Control(func(f uintptr) { fd = f })
		return fd
	}()
	var b [1]byte
	if n, err := Peek(fd, b[:]); n != 0 || !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("peek at an idle socket = %d, %v; want 0, EAGAIN", n, err)
	}
	peer.Write([]byte("xy"))
	deadline := time.Now().Add(10 * time.Second)
	n, err := Peek(fd, b[:])
	for errors.Is(err, syscall.EAGAIN) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		n, err = Peek(fd, b[:])
	}
	if n != 1 || err != nil || b[0] != 'x' {
		t.Errorf("peek with bytes waiting = %d %q, %v; want 1 \"x\", nil", n, b[:n], err)
	}
	// The peek took nothing.
	got := make([]byte, 2)
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "xy" {
		t.Errorf("read after the peek = %q, %v; want \"xy\"", got, err)
	}
	peer.Close()
	for n, err = Peek(fd, b[:]); errors.Is(err, syscall.EAGAIN) && time.Now().Before(deadline); n, err = Peek(fd, b[:]) {
		time.Sleep(time.Millisecond)
	}
	if n != 0 || err != nil {
		t.Errorf("peek after the peer closed = %d, %v; want 0, nil (EOF)", n, err)
	}
}

// TestBytesOrderMemoryForTheRaceDetector: what a goroutine writes to
// memory before sending bytes is visible, for the race detector too, to
// the goroutine that reads those bytes, as with net.TCPConn (a test that
// checks what its httptest handler saw relies on it). Under -race, a
// missing ordering fails the test.
func TestBytesOrderMemoryForTheRaceDetector(t *testing.T) {
	for _, dir := range []string{"wrapped end reads", "wrapped end writes"} {
		t.Run(dir, func(t *testing.T) {
			c, peer := wrappedPair(t)
			var from, to net.Conn = peer, c
			if dir == "wrapped end writes" {
				from, to = c, peer
			}
			var seen int
			go func() {
				seen = 42
				from.Write([]byte("x"))
			}()
			if _, err := io.ReadFull(to, make([]byte, 1)); err != nil {
				t.Fatal(err)
			}
			if seen != 42 {
				t.Errorf("seen = %d after the byte arrived, want 42", seen)
			}
		})
	}
}
