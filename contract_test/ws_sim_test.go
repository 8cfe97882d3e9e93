package contract_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
	simws "github.com/bithumb-go/bithumb/sim/ws"
	"github.com/bithumb-go/bithumb/spec"
)

// simWSConn is a raw WebSocket connection to the simulator whose every
// received frame is validated against the spec.
type simWSConn struct {
	t        *testing.T
	c        *websocket.Conn
	endpoint string // as x-bithumb-ws-message names it
	format   string // the subscription's format
	msgs     []spec.WSMessage
	seen     map[string]int // frames per schema name
}

// dialSim connects to path of the simulator at base (http://…); header
// carries a private handshake's Authorization.
func dialSim(ctx context.Context, t *testing.T, base string, client *http.Client, path string, header http.Header) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+path, &websocket.DialOptions{HTTPClient: client, HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	c.SetReadLimit(spec.MaxWSFrame)
	t.Cleanup(func() { _ = c.CloseNow() })
	return c
}

func (s *simWSConn) write(ctx context.Context, msg string) {
	s.t.Helper()
	if err := s.c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		s.t.Fatalf("%s: write %s: %v", s.endpoint, msg, err)
	}
}

// readUntil reads and validates frames until done returns true for one of
// them. A frame that breaks its schema, has a field its schema lacks,
// comes in another format than subscribed or does not decode into its
// schema's generated type fails the test.
func (s *simWSConn) readUntil(ctx context.Context, what string, done func(typ string, fields map[string]json.RawMessage) bool) {
	s.t.Helper()
	for {
		_, data, err := s.c.Read(ctx)
		if err != nil {
			s.t.Fatalf("%s %s: reading until %s: %v", s.endpoint, s.format, what, err)
		}
		typ, format, err := spec.DetectWSFrame(data)
		if err != nil {
			s.t.Fatalf("%s: %v: %s", s.endpoint, err, data)
		}
		if typ != spec.WSTypeStatus && typ != spec.WSTypeError && format != s.format {
			s.t.Fatalf("%s: a %s frame on a %s subscription: %s", s.endpoint, format, s.format, data)
		}
		r, err := spec.ValidateWSFrame(s.msgs, s.endpoint, data)
		if err == nil {
			err = reportError(r)
		}
		if err != nil {
			s.t.Fatalf("%s: %s frame %s:\n%v", s.endpoint, typ, data, err)
		}
		if decode := wsGenTypes[r.Schema]; decode == nil {
			s.t.Fatalf("no generated type for %s", r.Schema)
		} else if _, err := decode(data); err != nil {
			s.t.Fatalf("%s: %v: %s", s.endpoint, err, data)
		}
		s.seen[r.Schema]++
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			s.t.Fatal(err)
		}
		if done(typ, fields) {
			return
		}
	}
}

// member returns a string member under its DEFAULT or SIMPLE key.
func member(fields map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		var s string
		if json.Unmarshal(fields[k], &s) == nil && s != "" {
			return s
		}
	}
	return ""
}

// TestSimWSFramesMatchSpec runs the simulator in process on loopback and
// validates every frame it sends, on each endpoint in both formats,
// against the spec's message schemas: public ticker, trade and orderbook
// snapshots, myOrder (v2 and v1 names) for an order that rests and is
// cancelled and one that trades, myAsset, the {"status":"UP"} keepalive
// and an error answer. Every message schema of the spec must have been
// used.
func TestSimWSFramesMatchSpec(t *testing.T) {
	doc := loadSpec(t)
	msgs := loadWSMessages(t, doc)
	s, err := sim.New(sim.WithConfig(sim.Config{HistoryDays: 2, RateLimit: ratelimit.Config{Disabled: true}}))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close the simulator: %v", err)
		}
	})
	key := s.Keys()[0]
	client, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey),
		bithumb.WithHTTPClient(ts.Client()), bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := middleware.NewJWTSigner(key.AccessKey, key.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seen := map[string]int{}
	conn := func(path, endpoint, format string, private bool) *simWSConn {
		var header http.Header
		if private {
			token, err := signer.Token("")
			if err != nil {
				t.Fatal(err)
			}
			header = http.Header{"Authorization": {"Bearer " + token}}
		}
		return &simWSConn{t: t, c: dialSim(ctx, t, ts.URL, ts.Client(), path, header), endpoint: endpoint, format: format, msgs: msgs, seen: seen}
	}
	isType := func(want string) func(string, map[string]json.RawMessage) bool {
		return func(typ string, _ map[string]json.RawMessage) bool { return typ == want }
	}
	formats := []string{spec.WSFormatDefault, spec.WSFormatSimple}

	// Public streams: snapshots of each type, the keepalive, an error.
	for _, format := range formats {
		c := conn(simws.PublicPath, spec.WSEndpointPublic, format, false)
		c.write(ctx, `[{"ticket":"contract"},{"type":"ticker","codes":["KRW-BTC"]},{"type":"trade","codes":["KRW-BTC"]},`+
			`{"type":"orderbook","codes":["KRW-BTC.5"],"level":1000},{"format":"`+format+`"}]`)
		want := map[string]bool{"ticker": true, "trade": true, "orderbook": true}
		c.readUntil(ctx, "a snapshot of each type", func(typ string, _ map[string]json.RawMessage) bool {
			delete(want, typ)
			return len(want) == 0
		})
		c.write(ctx, "PING")
		c.readUntil(ctx, "the status frame", isType(spec.WSTypeStatus))
		c.write(ctx, `[{"type":"ticker","codes":["KRW-BTC"]}]`)
		c.readUntil(ctx, "the error frame", isType(spec.WSTypeError))
		_ = c.c.Close(websocket.StatusNormalClosure, "")
	}

	// Private streams: subscribe on both endpoints in both formats, and
	// wait for each subscription to be in place (the status frame answers
	// the PING sent after it).
	var private []*simWSConn
	for _, format := range formats {
		for _, ep := range []struct{ path, name string }{{simws.PrivatePath, spec.WSEndpointPrivate}, {simws.PrivateV1Path, spec.WSEndpointPrivateV1}} {
			c := conn(ep.path, ep.name, format, true)
			c.write(ctx, `[{"ticket":"contract"},{"type":"myOrder","codes":[]},{"type":"myAsset"},{"format":"`+format+`"}]`)
			c.write(ctx, "PING")
			c.readUntil(ctx, "the status frame", isType(spec.WSTypeStatus))
			private = append(private, c)
		}
	}
	// An order that rests and is cancelled, and a market buy that trades.
	books, err := client.ListOrderbooks(ctx, "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	price := books[0].OrderbookUnits[0].BidPrice.Sub(decimal.NewFromInt(1_000_000))
	placed, err := client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypeLimit, Price: price, Volume: decimal.MustParse("0.01"), ClientOrderID: "contract-ws-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypePrice, Price: decimal.NewFromInt(1_000_000)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range private {
		want := map[string]bool{"myOrder wait": true, "myOrder cancel": true, "myOrder trade": true, "myAsset": true}
		c.readUntil(ctx, "myOrder wait, cancel and trade and myAsset", func(typ string, fields map[string]json.RawMessage) bool {
			if typ == "myOrder" {
				typ += " " + member(fields, "state", "s")
			}
			delete(want, typ)
			return len(want) == 0
		})
	}

	var missing []string
	for _, m := range msgs {
		if seen[m.Name] == 0 {
			missing = append(missing, m.Name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the simulator sent no frame for the schemas %s", strings.Join(missing, ", "))
	}
	t.Logf("frames validated per schema: %s", fmt.Sprint(seen))
}
