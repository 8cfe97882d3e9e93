package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/wsclient"
)

// connReport tells the user on standard error what the WebSocket client
// is doing (connecting, connected, each failure and reconnect with its
// cause) and gives up, by cancelling the watch with the last error, when
// connecting fails max times before the first event.
type connReport struct {
	mu       sync.Mutex
	w        io.Writer // standard error
	max      int       // failed connects allowed before the first event; 0: no limit
	giveUp   context.CancelCauseFunc
	failures int   // failed connects (refused handshakes, lost connections) so far
	lastErr  error // the last connection error
	events   bool  // an event arrived: failures no longer count
}

// printf prints a line on standard error. r.mu is held.
func (r *connReport) printf(format string, args ...any) {
	fmt.Fprintf(r.w, "bithumb: "+format+"\n", args...)
}

// say prints a line on standard error, in turn with the client's reports.
func (r *connReport) say(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printf(format, args...)
}

// onState is the client's wsclient.Options.OnState.
func (r *connReport) onState(ch wsclient.StateChange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ch.State {
	case wsclient.StateConnecting:
		if ch.Attempt > 1 {
			r.printf("connecting to %s (attempt %d, after %s)", ch.URL, ch.Attempt, ch.Delay.Round(time.Millisecond))
		} else {
			r.printf("connecting to %s", ch.URL)
		}
	case wsclient.StateConnected:
		r.printf("connected")
		r.lastErr = nil
	case wsclient.StateConnectFailed:
		r.printf("cannot connect: %v", shortConnError(ch.Err))
		r.failed(ch.Err)
	case wsclient.StateDisconnected:
		r.printf("disconnected: %v; reconnecting", shortConnError(ch.Err))
		r.failed(ch.Err)
	}
}

// failed counts a failure; at the limit it ends the watch. r.mu is held.
func (r *connReport) failed(err error) {
	r.lastErr = err
	if r.events {
		return
	}
	r.failures++
	if r.max > 0 && r.failures >= r.max {
		r.giveUp(fmt.Errorf("giving up after %d failed connection attempt(s) without an event (--max-connect-failures): %w", r.failures, handshakeHint(shortConnError(err))))
	}
}

// sawEvent records that the stream works: from now on it reconnects
// without a limit.
func (r *connReport) sawEvent() {
	r.mu.Lock()
	r.events = true
	r.mu.Unlock()
}

// subscribed reports that the subscription request went out.
func (r *connReport) subscribed(s wsclient.Stream) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case len(s.Codes) > 0:
		r.printf("subscribed to %s %s; waiting for events", s.Type, strings.Join(s.Codes, " "))
	case s.Type == wsclient.TypeMyOrder:
		r.printf("subscribed to myOrder in every market; waiting for events")
	default:
		r.printf("subscribed to %s; waiting for events", s.Type)
	}
}

// reconnected reports the gap of a reconnect.
func (r *connReport) reconnected(ev *wsclient.Reconnected) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printf("reconnected after %d attempt(s); events between %s and %s (%s) may be missing",
		ev.Attempts, ev.DisconnectedAt.Format(time.RFC3339), ev.ReconnectedAt.Format(time.RFC3339), ev.Gap().Round(time.Millisecond))
}

// last returns the last connection error, nil after a connect.
func (r *connReport) last() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastErr
}

// connError shows a connection error by its telling part: the network
// operation that failed ("dial tcp 127.0.0.1:1: connect: connection
// refused"), without the layers of the WebSocket and HTTP clients around
// it. Unwrap gives the whole error.
type connError struct{ err error }

func (e connError) Error() string {
	var op *net.OpError
	if errors.As(e.err, &op) {
		return op.Error()
	}
	return e.err.Error()
}

func (e connError) Unwrap() error { return e.err }

// shortConnError wraps a network error in a connError; other errors, such
// as a refused handshake, are left as they are.
func shortConnError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return connError{err}
	}
	return err
}

// handshakeHint adds the likely fix to a handshake the server refused.
func handshakeHint(err error) error {
	var he *wsclient.HandshakeError
	if !errors.As(err, &he) {
		return err
	}
	switch he.StatusCode {
	case http.StatusNotFound:
		return fmt.Errorf("%w (wrong path? give --ws-url as ws://host:port and the path is added, or the full endpoint such as wss://ws-api.bithumb.com/websocket/v1)", err)
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%w (the API keys were refused: check them with `bithumb auth show`)", err)
	}
	return err
}
