package sim

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/bithumb-go/bithumb/sim/auth"
)

// The simulator's types that hold API keys print and log them masked
// (auth.Key.Masked): fmt reaches the keys of Config, AccountConfig and
// Running through auth.Key's own Format, and the LogValue methods below
// hand slog copies whose keys are masked, since slog's JSON handler
// encodes a value with encoding/json, where auth.Key keeps its secret
// (the JSON form is the configuration file's).

// maskKeys returns masked copies of keys.
func maskKeys(keys []auth.Key) []auth.Key {
	if keys == nil {
		return nil
	}
	out := make([]auth.Key, len(keys))
	for i, k := range keys {
		out[i] = k.Masked()
	}
	return out
}

// maskedAccount is AccountConfig without its LogValue method.
type maskedAccount AccountConfig

// LogValue implements slog.LogValuer: the account with its keys masked.
func (a AccountConfig) LogValue() slog.Value {
	a.Keys = maskKeys(a.Keys)
	return slog.AnyValue(maskedAccount(a))
}

// maskedConfig is Config without its LogValue method.
type maskedConfig Config

// LogValue implements slog.LogValuer: the configuration with the keys of
// every account masked.
func (c Config) LogValue() slog.Value {
	if c.Accounts != nil {
		accounts := make([]AccountConfig, len(c.Accounts))
		for i, a := range c.Accounts {
			a.Keys = maskKeys(a.Keys)
			accounts[i] = a
		}
		c.Accounts = accounts
	}
	return slog.AnyValue(maskedConfig(c))
}

// LogValue implements slog.LogValuer: the URLs and the masked keys.
func (r *Running) LogValue() slog.Value {
	if r == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.String("url", r.URL),
		slog.String("websocket_url", r.WebSocketURL),
		slog.String("private_websocket_url", r.PrivateWebSocketURL),
		slog.Any("keys", maskKeys(r.Keys)),
	)
}

// String describes the server without its configuration, which holds
// the API keys: for example "sim.Server{accounts:1 seed:7}".
func (s *Server) String() string {
	if s == nil {
		return "<nil>"
	}
	return fmt.Sprintf("sim.Server{accounts:%d seed:%d}", len(s.cfg.Accounts), s.cfg.Seed)
}

// Format implements fmt.Formatter: every verb prints String, so that no
// key shows.
func (s *Server) Format(f fmt.State, verb rune) {
	str := s.String()
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, str)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), str)
}

// LogValue implements slog.LogValuer with String.
func (s *Server) LogValue() slog.Value { return slog.StringValue(s.String()) }
