package ws

import (
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// Endpoint paths (Bithumb's wss://ws-api.bithumb.com plus these).
const (
	// PublicPath serves ticker, trade and orderbook.
	PublicPath = "/websocket/v1"
	// PrivatePath serves myOrder (v2 field names) and myAsset.
	PrivatePath = "/websocket/v2/private"
	// PrivateV1Path is the deprecated private endpoint (v1 myOrder names).
	PrivateV1Path = "/websocket/v1/private"
)

// IsPath reports whether path is one of the WebSocket endpoints.
func IsPath(path string) bool {
	switch path {
	case PublicPath, PrivatePath, PrivateV1Path:
		return true
	}
	return false
}

// Defaults of Config (before any time scaling by the caller).
const (
	DefaultIdleTimeout       = 120 * time.Second
	DefaultStatusInterval    = 10 * time.Second
	DefaultTick              = 100 * time.Millisecond
	DefaultQueueSize         = 8192
	DefaultConnectsPerSecond = 10
	DefaultDepth             = 30
)

// Config configures the WebSocket streams. Every zero field selects its
// documented default. It is part of the simulator's configuration
// (sim.Config.WebSocket), so it is written in JSON or YAML.
type Config struct {
	// IdleTimeout closes a connection after this long without activity:
	// no frame received from the client and no data or error message sent
	// (the server's own {"status":"UP"} keepalives do not count). Real
	// time; the simulator's default is Bithumb's 120 s divided by its
	// TimeScale.
	IdleTimeout clock.Duration `json:"idle_timeout,omitempty"`
	// StatusInterval is the cadence of {"status":"UP"} after the client's
	// first text "PING". Real time; the simulator's default is Bithumb's
	// 10 s divided by its TimeScale.
	StatusInterval clock.Duration `json:"status_interval,omitempty"`
	// ConnectsPerSecond is the per-IP handshake limit (default 10, as on
	// Bithumb); excess handshakes are answered HTTP 429. Negative: no
	// limit. Ten rejections within a second block the IP's handshakes for
	// ten minutes times the simulator's rate_limit.block_scale.
	ConnectsPerSecond float64 `json:"connects_per_second,omitempty"`
	// Tick is how often, while connections are open, the streams make
	// exchange time pass and look for orderbook changes (default 100ms).
	Tick clock.Duration `json:"tick,omitempty"`
	// QueueSize is the number of messages waiting for a slow client
	// before its connection is closed (default 8192).
	QueueSize int `json:"queue_size,omitempty"`
	// TextFrames sends text frames instead of Bithumb's binary frames.
	TextFrames bool `json:"text_frames,omitempty"`
	// CloseOnError closes the connection (status 1008) after an error
	// message answering a bad request; by default it stays open.
	CloseOnError bool `json:"close_on_error,omitempty"`
	// NumericSequentialID sends trade sequential_id as a JSON number (as
	// documented) instead of a JSON string (as observed in 2026).
	NumericSequentialID bool `json:"numeric_sequential_id,omitempty"`
	// Faults are injected from the start; the admin resource
	// /_sim/ws/faults changes them at run time.
	Faults Faults `json:"faults,omitzero"`
}

func (c *Config) normalize() {
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = clock.Duration(DefaultIdleTimeout)
	}
	if c.StatusInterval <= 0 {
		c.StatusInterval = clock.Duration(DefaultStatusInterval)
	}
	if c.ConnectsPerSecond == 0 {
		c.ConnectsPerSecond = DefaultConnectsPerSecond
	}
	if c.Tick <= 0 {
		c.Tick = clock.Duration(DefaultTick)
	}
	if c.QueueSize <= 0 {
		c.QueueSize = DefaultQueueSize
	}
}
