package wsclient

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Errors of the client itself. Test with errors.Is.
var (
	// ErrClosed is returned by calls on a closed [Client], and by
	// [Subscription.Next] after the client was closed.
	ErrClosed = errors.New("wsclient: client closed")
	// ErrSubscriptionClosed is returned by [Subscription.Next] after
	// [Subscription.Close].
	ErrSubscriptionClosed = errors.New("wsclient: subscription closed")
	// ErrInvalidSubscription is wrapped by the errors of Subscribe for a
	// [Stream] that Bithumb would reject: an unknown type, no codes, a
	// lower-case code, codes on myAsset, a private type on a public client…
	// Nothing is sent for an invalid stream.
	ErrInvalidSubscription = errors.New("wsclient: invalid subscription")
	// ErrInvalidOptions is wrapped by the errors of New for invalid
	// [Options].
	ErrInvalidOptions = errors.New("wsclient: invalid options")
	// ErrStalled is the cause of a reconnect when no data message arrived
	// for the stall timeout although subscriptions were active.
	ErrStalled = errors.New("wsclient: no data within the stall timeout")
	// ErrNoPong is the cause of a reconnect when nothing at all (no data,
	// no pong, no {"status":"UP"}) arrived for PingInterval + PongTimeout.
	ErrNoPong = errors.New("wsclient: connection unresponsive (no pong)")
	// ErrRateLimited matches a [*HandshakeError] with HTTP status 429:
	// Bithumb allows 10 connection requests per second per IP.
	ErrRateLimited = errors.New("wsclient: handshake rate limited (HTTP 429)")
	// ErrUnauthorized matches a [*HandshakeError] with HTTP status 401 or
	// 403: the private endpoint rejected the token.
	ErrUnauthorized = errors.New("wsclient: handshake unauthorized")
)

// Sentinels for the error names that Bithumb documents for WebSocket
// requests. A [*ServerError] matches the sentinel of its Name under
// errors.Is.
var (
	// ErrWrongFormat: the request is not valid JSON or not the expected
	// array ("WRONG_FORMAT").
	ErrWrongFormat = errors.New("wsclient: server error WRONG_FORMAT")
	// ErrNoTicket: the ticket is missing or invalid ("NO_TICKET").
	ErrNoTicket = errors.New("wsclient: server error NO_TICKET")
	// ErrNoType: a type object has no type ("NO_TYPE").
	ErrNoType = errors.New("wsclient: server error NO_TYPE")
	// ErrNoCodes: a public type has no codes ("NO_CODES").
	ErrNoCodes = errors.New("wsclient: server error NO_CODES")
	// ErrInvalidParam: empty codes or an unsupported format
	// ("INVALID_PARAM").
	ErrInvalidParam = errors.New("wsclient: server error INVALID_PARAM")
	// ErrInvalidAuth: authentication failed ("INVALID_AUTH"; documented by
	// Upbit, not by Bithumb, kept in case Bithumb sends it).
	ErrInvalidAuth = errors.New("wsclient: server error INVALID_AUTH")
)

var serverErrorSentinels = map[string]error{
	"WRONG_FORMAT":  ErrWrongFormat,
	"NO_TICKET":     ErrNoTicket,
	"NO_TYPE":       ErrNoType,
	"NO_CODES":      ErrNoCodes,
	"INVALID_PARAM": ErrInvalidParam,
	"INVALID_AUTH":  ErrInvalidAuth,
}

// ServerError is an error message sent by the server,
// {"error":{"name":"…","message":"…"}}, usually the answer to a rejected
// subscription request. It is delivered as an [Event] to every
// subscription of the connection (the request it answers is the union of
// all of them), and it is an error: errors.Is matches it against
// [ErrWrongFormat], [ErrNoTicket], [ErrNoType], [ErrNoCodes],
// [ErrInvalidParam] and [ErrInvalidAuth] by Name.
//
// The connection stays open after a server error.
type ServerError struct {
	// Name is the error name, e.g. "INVALID_PARAM".
	Name string
	// Message is the server's message, often Korean.
	Message string
}

// Error returns "wsclient: server error NAME: message".
func (e *ServerError) Error() string {
	if e.Message == "" {
		return "wsclient: server error " + e.Name
	}
	return "wsclient: server error " + e.Name + ": " + e.Message
}

// Is reports whether target is the sentinel of e.Name.
func (e *ServerError) Is(target error) bool {
	s, ok := serverErrorSentinels[e.Name]
	return ok && s == target
}

// HandshakeError is a rejected WebSocket handshake: the server answered the
// upgrade request with an HTTP status other than 101. It matches
// [ErrRateLimited] (429) and [ErrUnauthorized] (401, 403) under errors.Is.
// It never contains the Authorization header.
type HandshakeError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// RetryAfter is the server's Retry-After, or 0.
	RetryAfter time.Duration
	// Body is the start of the answer's body (at most 512 bytes).
	Body string
	// Err is the dialer's error.
	Err error
}

// Error returns "wsclient: handshake rejected: HTTP <status>" and the body.
func (e *HandshakeError) Error() string {
	s := fmt.Sprintf("wsclient: handshake rejected: HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

// Unwrap returns the dialer's error.
func (e *HandshakeError) Unwrap() error { return e.Err }

// Is matches [ErrRateLimited] and [ErrUnauthorized] by status.
func (e *HandshakeError) Is(target error) bool {
	switch target {
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	}
	return false
}

// permanent reports whether retrying the same handshake cannot help without
// a change on the caller's side (credentials, URL).
func (e *HandshakeError) permanent() bool {
	switch e.StatusCode {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	}
	return false
}
