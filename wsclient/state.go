package wsclient

import "time"

// ConnState is a step in the life of a [Client]'s connection, reported to
// [Options].OnState.
type ConnState int

// Connection states, in the order a connection goes through them.
const (
	// StateConnecting: a handshake starts. Attempt counts the handshakes
	// since the last successful one, from 1; Delay is the backoff waited
	// before it (0 for the first attempt after a stable connection).
	StateConnecting ConnState = iota + 1
	// StateConnectFailed: the handshake failed; Err tells why (a
	// [*HandshakeError] when the server answered, a network error
	// otherwise). The client retries after a backoff unless the failure is
	// permanent for the caller (HTTP 400, 401, 403, 404), in which case
	// Subscribe fails; an established subscription keeps retrying.
	StateConnectFailed
	// StateConnected: the handshake succeeded and the subscription
	// request is about to be sent.
	StateConnected
	// StateDisconnected: an established connection was lost; Err is the
	// cause ([ErrStalled], [ErrNoPong], or the read or write error). The
	// client reconnects (StateConnecting follows) unless it is closing or
	// has no subscriptions left.
	StateDisconnected
)

// String returns "connecting", "connect failed", "connected" or
// "disconnected".
func (s ConnState) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateConnectFailed:
		return "connect failed"
	case StateConnected:
		return "connected"
	case StateDisconnected:
		return "disconnected"
	}
	return "ConnState(?)"
}

// StateChange is one report to [Options].OnState.
type StateChange struct {
	// State is the step reached.
	State ConnState
	// URL is the endpoint ([Options].URL).
	URL string
	// At is when the step was reached.
	At time.Time
	// Attempt counts the handshakes since the last successful one, from 1
	// (StateConnecting and StateConnectFailed); 0 otherwise.
	Attempt int
	// Delay is the backoff waited before this handshake (StateConnecting).
	Delay time.Duration
	// Err is the cause (StateConnectFailed, StateDisconnected).
	Err error
}

// report calls Options.OnState, if any.
func (c *Client) report(ch StateChange) {
	if c.set.OnState == nil {
		return
	}
	ch.URL, ch.At = c.set.URL, time.Now()
	c.set.OnState(ch)
}
