package directhttp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// blockingServer's handler for /block tells that it got the request,
// writes part of its body when the path asks for it, then waits until its
// connection closes (or the test ends); it tells when it saw the close.
func blockingServer(t *testing.T) (s *testServer, entered, gone chan struct{}) {
	entered, gone = make(chan struct{}, 1), make(chan struct{}, 1)
	release := make(chan struct{})
	s = newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/partial" {
			io.WriteString(w, "part")
			w.(http.Flusher).Flush()
		}
		if r.URL.Path == "/block" || r.URL.Path == "/partial" {
			entered <- struct{}{}
			select {
			case <-r.Context().Done():
				gone <- struct{}{}
			case <-release:
			}
			return
		}
		io.WriteString(w, "ok")
	})
	t.Cleanup(func() { close(release) })
	return s, entered, gone
}

// roundTripAsync makes a round trip on another goroutine.
func roundTripAsync(rt http.RoundTripper, req *http.Request) <-chan error {
	done := make(chan error, 1)
	go func() {
		resp, err := rt.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	return done
}

// TestCancelledBeforeTheCall: a request whose context already ended is
// not sent, neither on a pooled connection nor on a new one (no dial).
func TestCancelledBeforeTheCall(t *testing.T) {
	s, _, _ := blockingServer(t)
	d := &faultDialer{}
	s.tr.DialContext = d.DialContext
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.tr.RoundTrip(newReq(t, ctx, http.MethodGet, s.URL+"/order", "")); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}
	if n := d.dials.Load(); n != 0 {
		t.Errorf("%d dials; want 0", n)
	}
	for range 20 {
		call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/warm", ""))
		body := &trackedBody{Reader: strings.NewReader("x")}
		req := newReq(t, ctx, http.MethodPost, s.URL+"/order", "")
		req.Body, req.ContentLength = body, 1
		if _, err := s.tr.RoundTrip(req); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v; want context.Canceled", err)
		}
		if !body.closed.Load() {
			t.Error("the request body was not closed")
		}
	}
	if n := s.hitsOf("/order"); n != 0 {
		t.Errorf("the server got %d requests whose context had ended; want 0", n)
	}
}

// TestCancelledJustAfterDial: a context that ends after the connection
// was made, before the request was written, keeps the request from
// starting.
func TestCancelledJustAfterDial(t *testing.T) {
	s, _, _ := blockingServer(t)
	var cancel context.CancelFunc
	s.tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		cancel()
		return c, err
	}
	for range 20 {
		ctx, c := context.WithCancel(t.Context())
		cancel = c
		if _, err := s.tr.RoundTrip(newReq(t, ctx, http.MethodPost, s.URL+"/order", "x")); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v; want context.Canceled", err)
		}
		c()
	}
	s.waitClosed(t, 20) // after their handlers, had they run
	if n := s.hitsOf("/order"); n != 0 {
		t.Errorf("the server got %d requests whose context had ended; want 0", n)
	}
}

// TestCancelledWhileDialling: the context's end stops a dial.
func TestCancelledWhileDialling(t *testing.T) {
	dialling := make(chan struct{}, 1)
	tr := newTransport(t)
	tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
		dialling <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := roundTripAsync(tr, newReq(t, ctx, http.MethodGet, "http://127.0.0.1:1/", ""))
	waitFor(t, dialling, "the dial")
	cancel()
	if err := waitFor(t, done, "the call's end"); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}

	ctx, cancel = context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	done = roundTripAsync(tr, newReq(t, ctx, http.MethodGet, "http://127.0.0.1:1/", ""))
	waitFor(t, dialling, "the dial")
	if err := waitFor(t, done, "the call's end"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v; want context.DeadlineExceeded", err)
	}
}

// TestCancelledWhileWaitingForTheAnswer: the context's end, by cancel or
// by deadline, stops the wait for the response header, returns the
// context's error and closes the connection.
func TestCancelledWhileWaitingForTheAnswer(t *testing.T) {
	for _, byDeadline := range []bool{false, true} {
		s, entered, gone := blockingServer(t)
		ctx, cancel := context.WithCancel(t.Context())
		want := context.Canceled
		if byDeadline {
			ctx, cancel = context.WithTimeout(t.Context(), 30*time.Millisecond)
			want = context.DeadlineExceeded
		}
		done := roundTripAsync(s.tr, newReq(t, ctx, http.MethodGet, s.URL+"/block", ""))
		waitFor(t, entered, "the request")
		if !byDeadline {
			cancel()
		}
		if err := waitFor(t, done, "the call's end"); !errors.Is(err, want) {
			t.Errorf("deadline=%v: error %v; want %v", byDeadline, err, want)
		}
		waitFor(t, gone, "the server to see the connection close")
		cancel()
	}
}

// TestCancelledWhileReadingTheBody: the context's end fails the body's
// next read with the context's error and closes the connection.
func TestCancelledWhileReadingTheBody(t *testing.T) {
	s, entered, gone := blockingServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	resp, err := s.tr.RoundTrip(newReq(t, ctx, http.MethodGet, s.URL+"/partial", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	waitFor(t, entered, "the request")
	part := make([]byte, 4)
	if _, err := io.ReadFull(resp.Body, part); err != nil || string(part) != "part" {
		t.Fatalf("read %q, %v", part, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := resp.Body.Read(make([]byte, 10))
		done <- err
	}()
	cancel()
	if err := waitFor(t, done, "the read's end"); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}
	waitFor(t, gone, "the server to see the connection close")
	if _, err := resp.Body.Read(make([]byte, 10)); err == nil {
		t.Error("a read after the failure succeeded")
	}
}

// TestContextEndingAfterTheBody: a context that ends after its body was
// read to the end leaves the pooled connection alone.
func TestContextEndingAfterTheBody(t *testing.T) {
	s, _, _ := blockingServer(t)
	for range 3 {
		ctx, cancel := context.WithCancel(t.Context())
		call(t, s.tr, newReq(t, ctx, http.MethodGet, s.URL+"/ok", ""))
		cancel()
	}
	s.noneClosed(t)
	if n := s.conns.Load(); n != 1 {
		t.Errorf("%d connections; want 1", n)
	}
}
