package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
	"github.com/bithumb-go/bithumb/sim/ws"
)

// Config is the simulator's configuration, loadable from a JSON or YAML
// file with LoadConfig. Every field's zero value selects a documented
// default, so an empty Config gives the default exchange: KRW-BTC,
// KRW-ETH, KRW-XRP and BTC-ETH, one account with generated keys and
// 100,000,000 KRW plus some coins, and every documented quirk on.
type Config struct {
	// Seed makes prices, ids and faults reproducible (default 1).
	Seed uint64 `json:"seed,omitempty"`
	// Markets lists the markets (default DefaultMarkets()).
	Markets []market.Spec `json:"markets,omitempty"`
	// Accounts lists the accounts with their keys and funds (default one
	// account "default" with DefaultFunds() and a generated key).
	Accounts []AccountConfig `json:"accounts,omitempty"`
	// MakerFee and TakerFee are the fee rates (default 0.0025).
	MakerFee decimal.Decimal `json:"maker_fee,omitzero"`
	TakerFee decimal.Decimal `json:"taker_fee,omitzero"`
	// Quirks switches Bithumb's documented oddities.
	Quirks Quirks `json:"quirks,omitzero"`
	// Faults are the faults injected from the start (default none); the
	// admin endpoint /_sim/faults changes them at run time.
	Faults faults.Config `json:"faults,omitzero"`
	// RateLimit tunes the per-IP limits read from the spec (and the
	// WebSocket handshake limit: disabled, scale, block scale).
	RateLimit ratelimit.Config `json:"rate_limit,omitzero"`
	// WebSocket tunes the streams: idle timeout, status cadence,
	// handshake limit, frame type and the faults injected from the start
	// (the admin resource /_sim/ws/faults changes them at run time). The
	// idle timeout (120 s) and the status cadence (10 s) default to
	// Bithumb's values divided by TimeScale.
	WebSocket ws.Config `json:"websocket,omitzero"`
	// AuthWindow is how far a JWT timestamp or legacy nonce may be from
	// the wall clock (default 60 s; beyond it: expired_jwt).
	AuthWindow clock.Duration `json:"auth_window,omitempty"`
	// Start is the exchange clock's start (default now) and TimeScale
	// how fast it runs (default 1; 60 makes a real second a minute).
	Start     time.Time `json:"start,omitzero"`
	TimeScale float64   `json:"time_scale,omitempty"`
	// Step is the price process step (default 1s of exchange time).
	Step clock.Duration `json:"step,omitempty"`
	// HistoryDays is how far back candles reach (default 400).
	HistoryDays int `json:"history_days,omitempty"`
	// OrderNotReady makes a cancel within this long after placement
	// answer 422 order_not_ready (default 0: never).
	OrderNotReady clock.Duration `json:"order_not_ready,omitempty"`
	// TransferDelay is how long deposits and withdrawals stay in
	// progress (default 30s of exchange time).
	TransferDelay clock.Duration `json:"transfer_delay,omitempty"`
	// DataDir, when set, keeps the exchange state in DataDir/sim.db
	// (bbolt) across restarts, and the keys the simulator generated in
	// DataDir/keys.json (mode 0600), so that they keep working.
	DataDir string `json:"data_dir,omitempty"`
	// Warnings and Notices are listed by the quotation endpoints
	// (defaults: a PRICE_SUDDEN_FLUCTUATION caution for each market
	// marked Warning, and two notices).
	Warnings []engine.Warning `json:"warnings,omitempty"`
	Notices  []engine.Notice  `json:"notices,omitempty"`

	// generatedSecrets holds the access keys whose secret the simulator
	// generated: only those secrets are printed in the banner.
	generatedSecrets map[string]bool
}

// Quirks switches Bithumb's documented oddities; each is on unless
// disabled (the zero value means "on").
type Quirks struct {
	// NoTickerShift turns off the ticker's 9-hour timestamp shift
	// (trade_timestamp and timestamp as KST wall-clock read as UTC).
	NoTickerShift bool `json:"no_ticker_shift,omitempty"`
	// OrderbookMillis sends orderbook timestamps (REST and WebSocket) in
	// milliseconds instead of microseconds.
	OrderbookMillis bool `json:"orderbook_millis,omitempty"`
	// TradesAsNumbers sends /v1/trades/ticks values as JSON numbers
	// instead of strings.
	TradesAsNumbers bool `json:"trades_as_numbers,omitempty"`
}

// AccountConfig is one account.
type AccountConfig struct {
	// ID names the account (default "default", then "account2"...).
	ID string `json:"id,omitempty"`
	// Keys are the account's API keys; when empty one is generated. A
	// key whose SecretKey is empty gets a generated secret. With DataDir
	// set, a generated key or secret is the one of the previous run.
	Keys []auth.Key `json:"keys,omitempty"`
	// Funds are the initial balances (default DefaultFunds()).
	Funds map[string]decimal.Decimal `json:"funds,omitempty"`
	// WithdrawAddresses is the withdrawal allow-list.
	WithdrawAddresses []engine.WithdrawAddress `json:"withdraw_addresses,omitempty"`
}

// DefaultMarkets returns the default markets.
func DefaultMarkets() []market.Spec {
	return []market.Spec{
		{Code: "KRW-BTC", KoreanName: "비트코인", EnglishName: "Bitcoin", Price: decimal.NewFromInt(150_000_000)},
		{Code: "KRW-ETH", KoreanName: "이더리움", EnglishName: "Ethereum", Price: decimal.NewFromInt(5_000_000)},
		{Code: "KRW-XRP", KoreanName: "리플", EnglishName: "XRP", Price: decimal.NewFromInt(3_000), Warning: true},
		{Code: "BTC-ETH", KoreanName: "이더리움", EnglishName: "Ethereum", Price: decimal.MustParse("0.0333")},
	}
}

// DefaultFunds returns the default initial balances.
func DefaultFunds() map[string]decimal.Decimal {
	return map[string]decimal.Decimal{
		"KRW": decimal.NewFromInt(100_000_000),
		"BTC": decimal.NewFromInt(1),
		"ETH": decimal.NewFromInt(10),
		"XRP": decimal.NewFromInt(10_000),
	}
}

// LoadConfig reads a Config from a JSON or YAML file (by extension:
// .yaml and .yml are YAML, anything else JSON). Durations are written as
// text ("30s"), amounts as strings or numbers.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("sim: %w", err)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".yaml" || ext == ".yml" {
		return ParseConfigYAML(data)
	}
	return ParseConfigJSON(data)
}

// ParseConfigJSON parses a JSON config; unknown fields are errors.
func ParseConfigJSON(data []byte) (Config, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("sim: config: %w", err)
	}
	return c, nil
}

// ParseConfigYAML parses a YAML config (converted to JSON first, so the
// field names are the JSON names).
func ParseConfigYAML(data []byte) (Config, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return Config{}, fmt.Errorf("sim: config: %w", err)
	}
	j, err := json.Marshal(yamlToJSON(v))
	if err != nil {
		return Config{}, fmt.Errorf("sim: config: %w", err)
	}
	return ParseConfigJSON(j)
}

func yamlToJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = yamlToJSON(e)
		}
		return x
	case map[any]any:
		m := map[string]any{}
		for k, e := range x {
			m[fmt.Sprint(k)] = yamlToJSON(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = yamlToJSON(e)
		}
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return v
}

// normalize fills defaults; it leaves the keys' missing halves to
// generateKeys.
func (c *Config) normalize() error {
	if c.Seed == 0 {
		c.Seed = 1
	}
	if len(c.Markets) == 0 {
		c.Markets = DefaultMarkets()
	}
	if len(c.Accounts) == 0 {
		c.Accounts = []AccountConfig{{ID: "default"}}
	}
	// The keys are filled in place: copy them, so that the caller's
	// Config keeps its own (a second New with it generates again).
	c.Accounts = slices.Clone(c.Accounts)
	seen := map[string]bool{}
	for i := range c.Accounts {
		a := &c.Accounts[i]
		if a.ID == "" {
			a.ID = "default"
			if i > 0 {
				a.ID = fmt.Sprintf("account%d", i+1)
			}
		}
		if seen[a.ID] {
			return fmt.Errorf("sim: account %q listed twice", a.ID)
		}
		seen[a.ID] = true
		if a.Funds == nil {
			a.Funds = DefaultFunds()
		}
		a.Keys = slices.Clone(a.Keys)
		if len(a.Keys) == 0 {
			a.Keys = []auth.Key{{}}
		}
		for j := range a.Keys {
			a.Keys[j].Account = a.ID
		}
	}
	if c.TimeScale <= 0 {
		c.TimeScale = 1
	}
	if c.WebSocket.IdleTimeout <= 0 {
		c.WebSocket.IdleTimeout = clock.Duration(float64(ws.DefaultIdleTimeout) / c.TimeScale)
	}
	if c.WebSocket.StatusInterval <= 0 {
		c.WebSocket.StatusInterval = clock.Duration(float64(ws.DefaultStatusInterval) / c.TimeScale)
	}
	if c.Warnings == nil {
		c.Warnings = []engine.Warning{}
		for _, m := range c.Markets {
			if m.Warning {
				c.Warnings = append(c.Warnings, engine.Warning{Market: strings.ToUpper(m.Code), Type: "PRICE_SUDDEN_FLUCTUATION", Step: "CAUTION", EndDate: time.Date(2030, 1, 1, 0, 0, 0, 0, market.KST)})
			}
		}
	}
	if c.Notices == nil {
		c.Notices = []engine.Notice{
			{Categories: []string{"안내"}, Title: "[안내] bithumb-go 시뮬레이터 이용 안내", URL: "https://feed.bithumb.com/notice/1", PublishedAt: time.Date(2026, 1, 2, 10, 0, 0, 0, market.KST), ModifiedAt: time.Date(2026, 1, 2, 10, 0, 0, 0, market.KST)},
			{Categories: []string{"이벤트", "안내"}, Title: "[이벤트] 모의 거래 이벤트", URL: "https://feed.bithumb.com/notice/2", PublishedAt: time.Date(2026, 1, 1, 9, 0, 0, 0, market.KST), ModifiedAt: time.Date(2026, 1, 1, 9, 30, 0, 0, market.KST)},
		}
	}
	return nil
}
