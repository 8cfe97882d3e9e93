package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// countingServer answers "ok", closing the connection after each answer
// when closeEach is set, and counts the connections it accepted.
func countingServer(t *testing.T, closeEach bool) (url string, conns *atomic.Int64) {
	t.Helper()
	conns = new(atomic.Int64)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if closeEach {
			w.Header().Set("Connection", "close")
		}
		io.WriteString(w, "ok")
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL, conns
}

func getAll(t *testing.T, hc *http.Client, url string, n int) {
	t.Helper()
	for range n {
		resp, err := hc.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(body) != "ok" {
			t.Fatalf("body %q, %v", body, err)
		}
	}
}

func TestSyncTransportKeepsTheConnection(t *testing.T) {
	url, conns := countingServer(t, false)
	getAll(t, &http.Client{Transport: &syncTransport{}}, url, 3)
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 3 calls, want 1", n)
	}
}

func TestSyncTransportRedialsAfterConnectionClose(t *testing.T) {
	url, conns := countingServer(t, true)
	getAll(t, &http.Client{Transport: &syncTransport{}}, url, 3)
	if n := conns.Load(); n != 3 {
		t.Errorf("%d connections for 3 calls answered with Connection: close, want 3", n)
	}
}

func TestSyncTransportRefusesHTTPS(t *testing.T) {
	_, err := (&http.Client{Transport: &syncTransport{}}).Get("https://127.0.0.1:1/")
	if err == nil {
		t.Fatal("an https request went through")
	}
}

func TestRunWithSyncTransport(t *testing.T) {
	url := startBenchSim(t)
	if err := run([]string{"-url", url, "-n", "2", "-warmup", "1", "-transport", "sync"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-url", url, "-transport", "fast"}, io.Discard); err == nil {
		t.Error("-transport fast was accepted")
	}
}
