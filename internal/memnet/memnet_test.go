package memnet

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
)

func TestConn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := Pipe(&net.TCPAddr{Port: 1}, &net.TCPAddr{Port: 2})
		if a.LocalAddr().String() != b.RemoteAddr().String() || a.RemoteAddr().String() != b.LocalAddr().String() {
			t.Fatalf("addresses %v %v / %v %v", a.LocalAddr(), a.RemoteAddr(), b.LocalAddr(), b.RemoteAddr())
		}
		// Writes do not wait for the reader.
		for _, s := range []string{"hello ", "world"} {
			if n, err := a.Write([]byte(s)); n != len(s) || err != nil {
				t.Fatalf("write: %d %v", n, err)
			}
		}
		buf := make([]byte, 64)
		if n, err := b.Read(buf); string(buf[:n]) != "hello world" || err != nil {
			t.Fatalf("read %q %v", buf[:n], err)
		}

		// A read waits for data.
		got := make(chan string)
		go func() {
			n, _ := b.Read(buf)
			got <- string(buf[:n])
		}()
		synctest.Wait()
		select {
		case s := <-got:
			t.Fatalf("read returned %q with nothing written", s)
		default:
		}
		a.Write([]byte("x"))
		if s := <-got; s != "x" {
			t.Fatalf("read %q", s)
		}

		// Close: the other end reads what was written, then EOF; its
		// writes fail; this end's reads and writes fail.
		a.Write([]byte("last"))
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("second Close: %v", err)
		}
		if n, err := b.Read(buf); string(buf[:n]) != "last" || err != nil {
			t.Fatalf("read after the writer closed: %q %v", buf[:n], err)
		}
		if _, err := b.Read(buf); err != io.EOF {
			t.Fatalf("read at the end: %v", err)
		}
		if _, err := b.Write([]byte("y")); !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("write to a closed end: %v", err)
		}
		if _, err := a.Read(buf); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("read of a closed end: %v", err)
		}
		if _, err := a.Write(buf); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("write of a closed end: %v", err)
		}
		b.Close()
	})
}

func TestConnCloseWakesReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := Pipe(nil, nil)
		errc := make(chan error)
		go func() {
			_, err := a.Read(make([]byte, 1))
			errc <- err
		}()
		synctest.Wait()
		a.Close()
		if err := <-errc; !errors.Is(err, net.ErrClosed) {
			t.Fatalf("read interrupted by Close: %v", err)
		}
		b.Close()
	})
}

func TestConnBackpressure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := Pipe(nil, nil)
		defer a.Close()
		defer b.Close()
		big := make([]byte, BufferSize+10)
		done := make(chan int)
		go func() {
			n, _ := a.Write(big)
			done <- n
		}()
		synctest.Wait()
		select {
		case n := <-done:
			t.Fatalf("a write of more than the buffer returned %d with no reader", n)
		default:
		}
		if n, err := io.ReadFull(b, make([]byte, len(big))); n != len(big) || err != nil {
			t.Fatalf("read %d %v", n, err)
		}
		if n := <-done; n != len(big) {
			t.Fatalf("wrote %d", n)
		}
	})
}

func TestDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := Pipe(nil, nil)
		defer a.Close()
		defer b.Close()
		start := time.Now()
		a.SetReadDeadline(start.Add(time.Second))
		if _, err := a.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read past the deadline: %v", err)
		}
		if el := time.Since(start); el != time.Second {
			t.Fatalf("the deadline fired after %v", el)
		}
		// Data written meanwhile is not lost, and a zero deadline
		// removes the expired one.
		b.Write([]byte("z"))
		a.SetReadDeadline(time.Time{})
		buf := make([]byte, 1)
		if n, err := a.Read(buf); n != 1 || err != nil {
			t.Fatalf("read after clearing the deadline: %v", err)
		}
		// A deadline in the past wakes a waiting read (net/http does this
		// before it hands a connection to a WebSocket).
		errc := make(chan error)
		go func() {
			_, err := a.Read(buf)
			errc <- err
		}()
		synctest.Wait()
		a.SetReadDeadline(time.Unix(1, 0))
		if err := <-errc; !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read woken by a past deadline: %v", err)
		}
		if !time.Now().Equal(start.Add(time.Second)) {
			t.Fatalf("time moved to %v", time.Now())
		}
		// Write deadlines.
		b.SetWriteDeadline(time.Now().Add(time.Minute))
		if _, err := b.Write(make([]byte, 2*BufferSize)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("write past the deadline: %v", err)
		}
	})
}

func TestServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var remote string
		s := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/ws" {
				c, err := websocket.Accept(w, r, nil)
				if err != nil {
					return
				}
				defer c.CloseNow()
				typ, b, err := c.Read(r.Context())
				if err == nil {
					_ = c.Write(r.Context(), typ, append([]byte("echo "), b...))
				}
				_, _, _ = c.Read(r.Context()) // until the client closes
				return
			}
			remote = r.RemoteAddr
			io.WriteString(w, "hello "+r.URL.Path)
		}))
		defer s.Close()
		for range 3 {
			resp, err := s.Client().Get(s.URL + "/a")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != "hello /a" {
				t.Fatalf("body %q", b)
			}
		}
		if host, _, err := net.SplitHostPort(remote); err != nil || host != "127.0.0.1" {
			t.Errorf("RemoteAddr %q", remote)
		}

		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/ws", &websocket.DialOptions{HTTPClient: s.Client()})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Write(ctx, websocket.MessageText, []byte("hi")); err != nil {
			t.Fatal(err)
		}
		if _, b, err := c.Read(ctx); string(b) != "echo hi" || err != nil {
			t.Fatalf("read %q %v", b, err)
		}
		start := time.Now()
		if err := c.Close(websocket.StatusNormalClosure, ""); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) != 0 {
			t.Errorf("the close handshake took %v of fake time", time.Since(start))
		}
	})
}

func TestDialClosedListener(t *testing.T) {
	l := Listen()
	l.Close()
	if _, err := l.Dial(context.Background(), "tcp", "x"); err == nil {
		t.Fatal("dial to a closed listener succeeded")
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept on a closed listener: %v", err)
	}
}
