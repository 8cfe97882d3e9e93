package wsclient

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bithumb-go/bithumb/decimal"
)

// Type is a WebSocket message type ("type" in a subscription request).
type Type string

// The types Bithumb's API 2.0 WebSocket offers. Ticker, trade and orderbook
// are public ([PublicURL]); myOrder and myAsset are private ([PrivateURL]).
const (
	TypeTicker    Type = "ticker"
	TypeTrade     Type = "trade"
	TypeOrderbook Type = "orderbook"
	TypeMyOrder   Type = "myOrder"
	TypeMyAsset   Type = "myAsset"
)

// Private reports whether t is served by the private endpoint.
func (t Type) Private() bool { return t == TypeMyOrder || t == TypeMyAsset }

// typeIndex orders the types in requests and indexes routing tables.
func (t Type) index() int {
	switch t {
	case TypeTicker:
		return 0
	case TypeTrade:
		return 1
	case TypeOrderbook:
		return 2
	case TypeMyOrder:
		return 3
	case TypeMyAsset:
		return 4
	}
	return -1
}

const numTypes = 5

// maxDepth suffix: Bithumb's REST orderbook returns up to 30 levels; the
// WebSocket documents the ".N" suffix without listing the allowed N.
const maxOrderbookDepth = 30

// Stream is what one subscription asks for: a type and its market codes,
// plus the type's options. Build one with [Tickers], [Trades],
// [Orderbooks], [MyOrders] or [MyAssets]; a Stream is a value, and its
// methods return modified copies.
//
// Codes are market codes "QUOTE-BASE" in upper case ("KRW-BTC"). An
// orderbook code may carry a depth suffix ".N" ("KRW-ETH.5"): the
// subscription then receives at most N levels per book.
type Stream struct {
	// Type is the message type.
	Type Type
	// Codes are the markets. Required for public types; optional for
	// myOrder (none means every market); not allowed for myAsset.
	Codes []string
	// Level is the orderbook's price grouping unit ("level"); zero means
	// the server's default (1). Orderbook only.
	Level decimal.Decimal
	// OnlySnapshot asks for the snapshot only (public types).
	OnlySnapshot bool
	// OnlyRealtime asks for realtime messages only, no snapshot (public
	// types).
	OnlyRealtime bool
}

// Tickers is a ticker stream of the given markets.
func Tickers(codes ...string) Stream { return Stream{Type: TypeTicker, Codes: slices.Clone(codes)} }

// Trades is a trade stream of the given markets.
func Trades(codes ...string) Stream { return Stream{Type: TypeTrade, Codes: slices.Clone(codes)} }

// Orderbooks is an orderbook stream of the given markets; a code may carry a
// depth suffix ".N".
func Orderbooks(codes ...string) Stream {
	return Stream{Type: TypeOrderbook, Codes: slices.Clone(codes)}
}

// MyOrders is the private stream of the account's orders in the given
// markets; without codes, in every market.
func MyOrders(codes ...string) Stream { return Stream{Type: TypeMyOrder, Codes: slices.Clone(codes)} }

// MyAssets is the private stream of the account's balances.
func MyAssets() Stream { return Stream{Type: TypeMyAsset} }

// WithLevel returns s with the orderbook price grouping unit set.
func (s Stream) WithLevel(level decimal.Decimal) Stream { s.Level = level; return s }

// SnapshotOnly returns s asking for snapshots only.
func (s Stream) SnapshotOnly() Stream { s.OnlySnapshot = true; return s }

// RealtimeOnly returns s asking for realtime messages only.
func (s Stream) RealtimeOnly() Stream { s.OnlyRealtime = true; return s }

// String returns a short description such as "ticker[KRW-BTC,KRW-ETH]".
func (s Stream) String() string {
	return string(s.Type) + "[" + strings.Join(s.Codes, ",") + "]"
}

// Validate reports what Bithumb would reject in s, as an error wrapping
// [ErrInvalidSubscription]; nil when s is valid. Subscribe calls it before
// anything is sent.
func (s Stream) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrInvalidSubscription, s.Type, fmt.Sprintf(format, args...))
	}
	if s.Type.index() < 0 {
		return fmt.Errorf("%w: unknown type %q (want ticker, trade, orderbook, myOrder or myAsset)", ErrInvalidSubscription, s.Type)
	}
	if s.OnlySnapshot && s.OnlyRealtime {
		return bad("OnlySnapshot and OnlyRealtime exclude each other")
	}
	if s.Type.Private() && (s.OnlySnapshot || s.OnlyRealtime) {
		return bad("private streams have no snapshot options")
	}
	if !s.Level.IsZero() {
		if s.Type != TypeOrderbook {
			return bad("level applies to orderbook only")
		}
		if !s.Level.IsPositive() {
			return bad("level %s must be positive", s.Level)
		}
	}
	switch s.Type {
	case TypeMyAsset:
		if len(s.Codes) > 0 {
			return bad("myAsset takes no codes")
		}
		return nil
	case TypeMyOrder:
	default:
		if len(s.Codes) == 0 {
			return bad("at least one code is required")
		}
	}
	for _, c := range s.Codes {
		if _, _, err := splitCode(c, s.Type == TypeOrderbook); err != nil {
			return bad("%v", err)
		}
	}
	return nil
}

// splitCode checks a market code and splits off an orderbook depth suffix.
func splitCode(code string, depthAllowed bool) (market string, depth int, err error) {
	market = code
	if i := strings.IndexByte(code, '.'); i >= 0 {
		if !depthAllowed {
			return "", 0, fmt.Errorf("code %q: a depth suffix is allowed on orderbook codes only", code)
		}
		n, perr := strconv.Atoi(code[i+1:])
		if perr != nil || n < 1 || n > maxOrderbookDepth || code[i+1] == '0' || code[i+1] == '+' {
			return "", 0, fmt.Errorf("code %q: depth suffix must be .1 to .%d", code, maxOrderbookDepth)
		}
		market, depth = code[:i], n
	}
	quote, base, ok := strings.Cut(market, "-")
	if !ok || quote == "" || base == "" || strings.Contains(base, "-") {
		return "", 0, fmt.Errorf("code %q is not a market code like \"KRW-BTC\"", code)
	}
	for _, r := range market {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
		case r >= 'a' && r <= 'z':
			return "", 0, fmt.Errorf("code %q must be upper case (%q)", code, strings.ToUpper(code))
		default:
			return "", 0, fmt.Errorf("code %q has an invalid character %q", code, r)
		}
	}
	return market, depth, nil
}

// marketOf strips a depth suffix from a code as sent by the server.
func marketOf(code string) string {
	if i := strings.IndexByte(code, '.'); i >= 0 {
		return code[:i]
	}
	return code
}

// normalize returns a copy of s (validated) with its codes de-duplicated
// and sorted, and its market → depth table (depth 0 = no suffix).
func (s Stream) normalize() (Stream, map[string]int) {
	out := s
	out.Codes = slices.Clone(s.Codes)
	slices.Sort(out.Codes)
	out.Codes = slices.Compact(out.Codes)
	depth := make(map[string]int, len(out.Codes))
	for _, c := range out.Codes {
		m, n, _ := splitCode(c, true)
		if old, ok := depth[m]; ok && (old == 0 || n == 0) {
			n = 0 // a bare code asks for the server's full depth
		} else if ok && old > n {
			n = old
		}
		depth[m] = n
	}
	return out, depth
}

// Format is the response format of a connection: DEFAULT (full field
// names) or SIMPLE (abbreviated names). The client decodes both.
type Format string

// Formats.
const (
	FormatDefault Format = "DEFAULT"
	FormatSimple  Format = "SIMPLE"
)

// request fields, in the order Bithumb documents.
type ticketField struct {
	Ticket string `json:"ticket"`
}

type typeField struct {
	Type           Type             `json:"type"`
	Codes          *[]string        `json:"codes,omitempty"`
	Level          *decimal.Decimal `json:"level,omitempty"`
	IsOnlySnapshot bool             `json:"isOnlySnapshot,omitempty"`
	IsOnlyRealtime bool             `json:"isOnlyRealtime,omitempty"`
}

type formatField struct {
	Format Format `json:"format"`
}

// groupKey identifies the type objects of a request: one per type, and per
// level for orderbooks.
type groupKey struct {
	typ   int
	level string
}

// buildRequest returns the request for the union of the streams, or nil
// when there is nothing to subscribe. Bithumb replaces a connection's whole
// subscription set with every request, so the request always carries every
// active stream:
//
//   - codes of the same type (and orderbook level) are merged;
//   - for an orderbook market asked with several depths, the largest (or no
//     suffix, if one subscription has none) is sent; each subscription
//     gets at most its own depth;
//   - myOrder without codes (every market) absorbs myOrder with codes;
//   - isOnlySnapshot / isOnlyRealtime are sent only when every stream of
//     the group asks for it; otherwise both kinds are requested and each
//     subscription filters by stream_type.
func buildRequest(ticket string, format Format, streams []Stream) []any {
	type group struct {
		key                    groupKey
		level                  decimal.Decimal
		depth                  map[string]int
		all                    bool
		onlySnapshot, realtime bool
	}
	var groups []*group
	find := func(k groupKey) *group {
		for _, g := range groups {
			if g.key == k {
				return g
			}
		}
		g := &group{key: k, depth: map[string]int{}, onlySnapshot: true, realtime: true}
		groups = append(groups, g)
		return g
	}
	for _, s := range streams {
		k := groupKey{typ: s.Type.index()}
		if s.Type == TypeOrderbook && !s.Level.IsZero() {
			k.level = s.Level.Normalize().String()
		}
		g := find(k)
		g.level = s.Level
		g.onlySnapshot = g.onlySnapshot && s.OnlySnapshot
		g.realtime = g.realtime && s.OnlyRealtime
		if s.Type == TypeMyOrder && len(s.Codes) == 0 {
			g.all = true
		}
		for _, c := range s.Codes {
			m, n, _ := splitCode(c, true)
			if old, ok := g.depth[m]; ok && (old == 0 || n == 0) {
				n = 0
			} else if ok && old > n {
				n = old
			}
			g.depth[m] = n
		}
	}
	if len(groups) == 0 {
		return nil
	}
	slices.SortFunc(groups, func(a, b *group) int {
		if a.key.typ != b.key.typ {
			return a.key.typ - b.key.typ
		}
		return strings.Compare(a.key.level, b.key.level)
	})
	req := make([]any, 0, len(groups)+2)
	req = append(req, ticketField{Ticket: ticket})
	for _, g := range groups {
		typ := typeOrder[g.key.typ]
		f := typeField{Type: typ}
		switch {
		case typ == TypeMyAsset:
		case g.all:
			empty := []string{}
			f.Codes = &empty
		default:
			codes := make([]string, 0, len(g.depth))
			for m, n := range g.depth {
				if n > 0 {
					m += "." + strconv.Itoa(n)
				}
				codes = append(codes, m)
			}
			slices.Sort(codes)
			f.Codes = &codes
		}
		if g.key.level != "" {
			lv := g.level.AsNumber()
			f.Level = &lv
		}
		if !typ.Private() {
			f.IsOnlySnapshot = g.onlySnapshot
			f.IsOnlyRealtime = g.realtime
		}
		req = append(req, f)
	}
	if format == "" {
		format = FormatDefault
	}
	return append(req, formatField{Format: format})
}

var typeOrder = [numTypes]Type{TypeTicker, TypeTrade, TypeOrderbook, TypeMyOrder, TypeMyAsset}
