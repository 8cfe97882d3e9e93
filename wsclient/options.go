package wsclient

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/internal/sysconn"
)

// Endpoints of Bithumb's API 2.0 WebSocket.
const (
	// PublicURL serves ticker, trade and orderbook.
	PublicURL = "wss://ws-api.bithumb.com/websocket/v1"
	// PrivateURL serves myOrder and myAsset (v2 field names) and needs a
	// [Signer].
	PrivateURL = "wss://ws-api.bithumb.com/websocket/v2/private"
	// PrivateV1URL is the deprecated private endpoint with the v1 myOrder
	// field names ([MyOrderV1]).
	//
	// Deprecated: Bithumb shuts it down (announced for 2026-10-30). Use
	// [PrivateURL].
	PrivateV1URL = "wss://ws-api.bithumb.com/websocket/v1/private"
)

// privateV1Path is the path that selects v1 myOrder field names.
const privateV1Path = "/websocket/v1/private"

// Defaults of [Options]. A zero field means its default.
const (
	DefaultBuffer              = 256                    // events per subscription
	DefaultPingInterval        = 20 * time.Second       // Bithumb closes idle connections after 120s
	DefaultPongTimeout         = 10 * time.Second       // added to PingInterval
	DefaultStallTimeout        = 60 * time.Second       // public data silence before a reconnect
	DefaultPrivateStallTimeout = 10 * time.Minute       // private data silence before a reconnect
	DefaultBackoffMin          = 500 * time.Millisecond // first reconnect delay after a failure
	DefaultBackoffMax          = 30 * time.Second       // reconnect delay cap
	DefaultStableAfter         = 30 * time.Second       // connection age that resets the backoff
	DefaultRateLimitBackoff    = 5 * time.Second        // least delay after HTTP 429
	DefaultDialTimeout         = 10 * time.Second       // one handshake
	DefaultWriteTimeout        = 10 * time.Second       // one write
	DefaultReadLimit           = 1 << 20                // largest message, bytes
	// DefaultDialRate is the rate of the process-wide dial limiter, one
	// under Bithumb's limit of 10 connection requests per second per IP,
	// so that network jitter never makes the server count more than 10.
	DefaultDialRate rate.Limit = 9
)

// processDialLimiter is shared by every Client that has no
// Options.DialLimiter: Bithumb counts connection requests per IP, so the
// limit must hold across all connections of the process.
var processDialLimiter = rate.NewLimiter(DefaultDialRate, 1)

// ProcessDialLimiter returns the limiter that every Client without an
// Options.DialLimiter shares: DefaultDialRate dials per second, burst 1.
// Use it to make other WebSocket dials of the process (for example a
// second library) count against the same budget.
func ProcessDialLimiter() *rate.Limiter { return processDialLimiter }

// Signer makes the token for the private handshake.
// *middleware.JWTSigner implements it: Token("") returns a JWT with a fresh
// nonce and timestamp and no query hash. The client calls Token on every
// dial, so every connection carries a new token. Token must be safe for
// concurrent use; its errors must not contain secrets.
type Signer interface {
	Token(hashString string) (string, error)
}

// Options configure a [Client]. The zero value is a public client with the
// documented defaults. New copies Options; it never modifies them, and
// changing them later has no effect on the client.
//
// Durations: zero means the default; a negative PingInterval,
// StallTimeout or PrivateStallTimeout disables that mechanism.
type Options struct {
	// URL is the endpoint: [PublicURL] (the default without Signer),
	// [PrivateURL] (the default with Signer), [PrivateV1URL], or a test
	// server's ws:// URL.
	URL string
	// Signer makes the client private: every handshake carries
	// "Authorization: Bearer <token>" with a fresh token. Required for
	// private endpoints; private clients accept only myOrder and myAsset
	// streams, public clients only ticker, trade and orderbook.
	Signer Signer
	// Format is the response format requested: [FormatDefault] or
	// [FormatSimple]. Both decode into the same events.
	Format Format
	// Ticket identifies the client in requests; a random UUID by default.
	Ticket string
	// HTTPClient dials the handshake. Default: a plain client on a clone
	// of http.DefaultTransport whose connections read and write with raw
	// system calls on Linux (amd64, arm64), which costs less CPU per
	// message. Do not pass a REST client with retry or rate-limit
	// middleware: its transport must return writable bodies.
	HTTPClient *http.Client
	// Header holds extra handshake headers (User-Agent…). Authorization is
	// set by the client when a Signer is configured.
	Header http.Header
	// Logger receives connection events (connects, reconnects, stalls,
	// undecodable messages). Default: discard.
	Logger *slog.Logger
	// OnState, if set, is called at every step of the connection:
	// connecting, connect failed (with the error), connected, disconnected
	// (with the cause); see [ConnState]. It is called synchronously from
	// the client's own goroutine, in order, so it must return quickly and
	// must not call the Client's methods. A command-line tool uses it to
	// say what the client is doing while no event arrives.
	OnState func(StateChange)

	// DialLimiter rate-limits dials. Default: [ProcessDialLimiter], shared
	// by the whole process.
	DialLimiter *rate.Limiter
	// DialTimeout bounds one handshake (default 10s).
	DialTimeout time.Duration
	// WriteTimeout bounds one write; a write that takes longer means the
	// connection is dead (default 10s).
	WriteTimeout time.Duration
	// ReadLimit is the largest message accepted, in bytes (default 1 MiB;
	// orderbook snapshots exceed coder/websocket's 32 KiB default).
	ReadLimit int64

	// PingInterval is how often the client sends a WebSocket ping frame
	// and the text "PING" (default 20s; Bithumb closes connections idle
	// for 120s). Negative disables both.
	PingInterval time.Duration
	// PongTimeout: when nothing at all (data, pong, {"status":"UP"})
	// arrives for PingInterval + PongTimeout, the connection is declared
	// dead ([ErrNoPong]) and replaced (default 10s).
	PongTimeout time.Duration
	// DisableTextPing stops the text "PING" messages (ping frames are
	// still sent).
	DisableTextPing bool
	// StallTimeout: when no data message arrives for this long while
	// public streams are subscribed, the connection is replaced
	// ([ErrStalled]) even if it answers pings (default 60s). Set it above
	// the quietest market's gap between messages.
	StallTimeout time.Duration
	// PrivateStallTimeout is StallTimeout for private clients, whose
	// streams are silent until an order or a balance changes (default
	// 10m).
	PrivateStallTimeout time.Duration

	// BackoffMin and BackoffMax bound the delay between reconnect
	// attempts: it doubles from BackoffMin up to BackoffMax, with jitter
	// (defaults 500ms and 30s). The first reconnect after a connection
	// that lived StableAfter is immediate.
	BackoffMin, BackoffMax time.Duration
	// StableAfter is how long a connection must live to reset the backoff
	// (default 30s), so that a server that accepts and then drops
	// connections cannot cause a reconnect storm.
	StableAfter time.Duration
	// RateLimitBackoff is the least delay after a handshake answered with
	// HTTP 429 (default 5s), or the server's Retry-After if longer.
	RateLimitBackoff time.Duration

	// Buffer is the default buffer size of a subscription (default 256).
	Buffer int
	// Overflow is the default overflow policy of a subscription
	// (default DropOldest).
	Overflow Overflow
}

// settings is the validated, defaulted copy of Options.
type settings struct {
	Options
	private  bool
	v1Orders bool
	stall    time.Duration
}

func (o Options) normalize() (settings, error) {
	s := settings{Options: o}
	bad := func(format string, args ...any) (settings, error) {
		return settings{}, fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
	}
	s.private = o.Signer != nil
	if s.URL == "" {
		s.URL = PublicURL
		if s.private {
			s.URL = PrivateURL
		}
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		return bad("URL %q is not an absolute URL", s.URL)
	}
	switch u.Scheme {
	case "ws", "wss", "http", "https":
	default:
		return bad("URL %q: scheme must be wss or ws", s.URL)
	}
	if u.User != nil {
		return bad("URL must not carry user info")
	}
	if strings.Contains(u.Path, "/private") && !s.private {
		return bad("URL %q is a private endpoint: set Options.Signer", u.Redacted())
	}
	s.v1Orders = strings.TrimSuffix(u.Path, "/") == privateV1Path
	switch s.Format {
	case "":
		s.Format = FormatDefault
	case FormatDefault, FormatSimple:
	default:
		return bad("unknown Format %q (want DEFAULT or SIMPLE)", s.Format)
	}
	if s.Ticket == "" {
		s.Ticket = newTicket()
	}
	if s.HTTPClient == nil {
		s.HTTPClient = &http.Client{Transport: defaultTransport()}
	}
	s.Header = o.Header.Clone()
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.DialLimiter == nil {
		s.DialLimiter = processDialLimiter
	}
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
		neg  bool // negative allowed (disables)
	}{
		{"DialTimeout", &s.DialTimeout, DefaultDialTimeout, false},
		{"WriteTimeout", &s.WriteTimeout, DefaultWriteTimeout, false},
		{"PingInterval", &s.PingInterval, DefaultPingInterval, true},
		{"PongTimeout", &s.PongTimeout, DefaultPongTimeout, false},
		{"StallTimeout", &s.StallTimeout, DefaultStallTimeout, true},
		{"PrivateStallTimeout", &s.PrivateStallTimeout, DefaultPrivateStallTimeout, true},
		{"BackoffMin", &s.BackoffMin, DefaultBackoffMin, false},
		{"BackoffMax", &s.BackoffMax, DefaultBackoffMax, false},
		{"StableAfter", &s.StableAfter, DefaultStableAfter, false},
		{"RateLimitBackoff", &s.RateLimitBackoff, DefaultRateLimitBackoff, false},
	} {
		switch {
		case *d.v == 0:
			*d.v = d.def
		case *d.v < 0 && !d.neg:
			return bad("%s must not be negative", d.name)
		}
	}
	if s.BackoffMin > s.BackoffMax {
		return bad("BackoffMin %v exceeds BackoffMax %v", s.BackoffMin, s.BackoffMax)
	}
	switch {
	case s.ReadLimit == 0:
		s.ReadLimit = DefaultReadLimit
	case s.ReadLimit < 0:
		return bad("ReadLimit must not be negative")
	}
	switch {
	case s.Buffer == 0:
		s.Buffer = DefaultBuffer
	case s.Buffer < 0:
		return bad("Buffer must not be negative")
	}
	if s.Overflow != DropOldest && s.Overflow != Block {
		return bad("unknown Overflow %d", s.Overflow)
	}
	s.stall = s.StallTimeout
	if s.private {
		s.stall = s.PrivateStallTimeout
	}
	return s, nil
}

// defaultTransport returns the transport of the default HTTPClient: one
// for every Client, made at the first use.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = sysconn.DialContext(&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second})
	return t
})
