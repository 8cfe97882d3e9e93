package directhttp_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
)

// TestBodyAfterItsEnd: a body read to its end keeps answering io.EOF, as
// net/http's do (readers that put read-ahead bytes back in front of the
// body, like io.MultiReader, read it again after its end); once closed it
// answers an error; closing it twice is fine.
func TestBodyAfterItsEnd(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "answer") })
	resp, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	if err != nil {
		t.Fatal(err)
	}
	head, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if n, err := resp.Body.Read(make([]byte, 1)); n != 0 || err != io.EOF {
			t.Errorf("read %d after the end: %d, %v; want 0, io.EOF", i, n, err)
		}
	}
	again, err := io.ReadAll(io.MultiReader(bytes.NewReader(head), resp.Body))
	if string(again) != "answer" || err != nil {
		t.Errorf("read ahead and again: %q, %v", again, err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if n, err := resp.Body.Read(make([]byte, 1)); n != 0 || err == nil || err == io.EOF {
		t.Errorf("read after Close: %d, %v; want an error", n, err)
	}
}

// TestBodyClosedBeforeItsEnd: a read after Close fails, a second Close is
// fine, and the connection is closed.
func TestBodyClosedBeforeItsEnd(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "answer") })
	resp, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if n, err := resp.Body.Read(make([]byte, 10)); n != 0 || err == nil {
		t.Errorf("read after Close: %d, %v; want an error", n, err)
	}
	s.waitClosed(t, 1)
}

// TestCloseDuringRead: Close while a Read waits for the server ends the
// Read, and closes the connection.
func TestCloseDuringRead(t *testing.T) {
	s, entered, gone := blockingServer(t)
	d := &faultDialer{}
	s.tr.DialContext = d.DialContext
	resp, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/partial", ""))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, entered, "the request")
	if _, err := io.ReadFull(resp.Body, make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	c := d.conn(0)
	reading := make(chan struct{}, 1)
	c.mu.Lock()
	c.reading = reading
	c.mu.Unlock()
	done := make(chan error, 1)
	go func() {
		_, err := resp.Body.Read(make([]byte, 10))
		done <- err
	}()
	waitFor(t, reading, "the read to reach the connection")
	resp.Body.Close()
	readErr := waitFor(t, done, "the read's end")
	if readErr == nil || errors.Is(readErr, io.EOF) {
		t.Errorf("the read's error %v; want one that does not look like a complete body", readErr)
	}
	waitFor(t, gone, "the server to see the connection close")
	if !c.closed.Load() {
		t.Error("the connection was not closed")
	}
}
