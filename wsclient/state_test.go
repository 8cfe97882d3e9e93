package wsclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// stateLog records what Options.OnState reports.
type stateLog struct {
	mu      sync.Mutex
	changes []StateChange
}

func (l *stateLog) record(ch StateChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes = append(l.changes, ch)
}

// summary is one word per change: "connecting#1", "connect failed#1",
// "connected", "disconnected".
func (l *stateLog) summary() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var parts []string
	for _, ch := range l.changes {
		s := ch.State.String()
		if ch.Attempt > 0 {
			s += fmt.Sprintf("#%d", ch.Attempt)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// TestOnStateReportsEveryStep: two refused handshakes, a connection, its
// loss and the reconnection are reported in order, with the attempt, the
// backoff and the cause.
func TestOnStateReportsEveryStep(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		f.setReject(func(n int, _ *http.Request) int {
			if n < 2 {
				return http.StatusBadGateway
			}
			return 0
		})
		var log stateLog
		opts := testOptions(f, "/websocket/v1")
		opts.OnState = log.record
		c := newTestClient(t, opts)
		sub, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		want := "connecting#1, connect failed#1, connecting#2, connect failed#2, connecting#3, connected"
		settled(t, "three attempts reported", func() bool { return log.summary() == want })

		fc.drop()
		f.conn().request()
		nextAs[*Disconnected](t, sub)
		nextAs[*Reconnected](t, sub)
		want += ", disconnected, connecting#1, connected"
		settled(t, "the reconnection reported", func() bool { return log.summary() == want })

		log.mu.Lock()
		defer log.mu.Unlock()
		var he *HandshakeError
		if ch := log.changes[1]; !errors.As(ch.Err, &he) || he.StatusCode != http.StatusBadGateway {
			t.Errorf("connect failed: %v", ch.Err)
		}
		if ch := log.changes[2]; ch.Delay <= 0 {
			t.Errorf("the second attempt reports no backoff: %+v", ch)
		}
		if ch := log.changes[6]; ch.Err == nil {
			t.Error("disconnected without a cause")
		}
		for _, ch := range log.changes {
			if ch.URL != opts.URL || ch.At.IsZero() {
				t.Errorf("change %v: URL %q, At %v", ch.State, ch.URL, ch.At)
			}
		}
	})
}

// TestOnStatePermanentFailure: a 404 handshake is reported before
// Subscribe fails, once.
func TestOnStatePermanentFailure(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		f.setReject(func(int, *http.Request) int { return http.StatusNotFound })
		var log stateLog
		opts := testOptions(f, "/wrong")
		opts.OnState = log.record
		c := newTestClient(t, opts)
		if _, err := c.Subscribe(t.Context(), Tickers("KRW-BTC")); err == nil {
			t.Fatal("Subscribe succeeded")
		}
		if got := log.summary(); !strings.HasPrefix(got, "connecting#1, connect failed#1") {
			t.Fatalf("states: %s", got)
		}
	})
}

func TestConnStateString(t *testing.T) {
	t.Parallel()
	for s, want := range map[ConnState]string{
		StateConnecting: "connecting", StateConnectFailed: "connect failed",
		StateConnected: "connected", StateDisconnected: "disconnected", 0: "ConnState(?)",
	} {
		if s.String() != want {
			t.Errorf("%d: %q", int(s), s.String())
		}
	}
}
