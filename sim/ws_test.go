package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/sim/ws"
	"github.com/bithumb-go/bithumb/wsclient"
)

// TestWSPublicConsistentWithREST subscribes to ticker, trade and
// orderbook with wsclient: a snapshot comes first, equal to what REST
// answers at that moment, then realtime messages that end where REST
// stands after the market moved.
func TestWSPublicConsistentWithREST(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		ctx := context.Background()
		c := f.publicClient(nil)
		tickers := subscribe(t, c, wsclient.Tickers("KRW-BTC"))
		trades := subscribe(t, c, wsclient.Trades("KRW-BTC"))
		books := subscribe(t, c, wsclient.Orderbooks("KRW-BTC"))

		tk := expect[*wsclient.Ticker](t, tickers)
		tr := expect[*wsclient.Trade](t, trades)
		ob := expect[*wsclient.Orderbook](t, books)
		if tk.StreamType != wsclient.StreamSnapshot || tr.StreamType != wsclient.StreamSnapshot || ob.StreamType != wsclient.StreamSnapshot {
			t.Fatalf("first messages %s %s %s, want snapshots", tk.StreamType, tr.StreamType, ob.StreamType)
		}
		checkTickerREST(t, f, tk)
		checkTradeREST(t, f, tr)
		checkBookREST(t, f, ob)

		// The market moves: realtime messages follow, up to REST's state.
		f.advance(30 * time.Second)
		restTrades, err := f.client.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](1)})
		if err != nil {
			t.Fatal(err)
		}
		lastSeq := restTrades[0].SequentialID.Value()
		realtime := 0
		prevSeq := tr.SequentialID.Value()
		for {
			tr := expect[*wsclient.Trade](t, trades)
			if tr.StreamType != wsclient.StreamRealtime {
				continue // the union requests made after it repeat the snapshot
			}
			realtime++
			if s := tr.SequentialID.Value(); s <= prevSeq {
				t.Fatalf("trade sequential_id %d after %d", s, prevSeq)
			}
			prevSeq = tr.SequentialID.Value()
			if prevSeq == lastSeq {
				checkTradeREST(t, f, tr)
				break
			}
		}
		if realtime < 2 {
			t.Errorf("%d realtime trades in 30 s of market", realtime)
		}
		for {
			tk := expect[*wsclient.Ticker](t, tickers)
			if tk.StreamType == wsclient.StreamRealtime && tk.TradeTimestamp.Time().Equal(restTrades[0].Timestamp.Time()) {
				checkTickerREST(t, f, tk)
				break
			}
		}
		for {
			ob := expect[*wsclient.Orderbook](t, books)
			if ob.StreamType == wsclient.StreamRealtime {
				checkBookREST(t, f, ob)
				break
			}
		}
		checkClean(t, c)
	})
}

func checkTickerREST(t *testing.T, f *wsFixture, tk *wsclient.Ticker) {
	t.Helper()
	rest, err := f.client.ListTickers(context.Background(), "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	r := rest[0]
	for _, p := range []struct {
		name     string
		ws, rest decimal.Decimal
	}{
		{"trade_price", tk.TradePrice, r.TradePrice}, {"opening_price", tk.OpeningPrice, r.OpeningPrice},
		{"high_price", tk.HighPrice, r.HighPrice}, {"low_price", tk.LowPrice, r.LowPrice},
		{"prev_closing_price", tk.PrevClosingPrice, r.PrevClosingPrice}, {"trade_volume", tk.TradeVolume, r.TradeVolume},
		{"acc_trade_volume", tk.AccTradeVolume, r.AccTradeVolume}, {"acc_trade_price_24h", tk.AccTradePrice24h, r.AccTradePrice24H},
		{"signed_change_price", tk.SignedChangePrice, r.SignedChangePrice},
	} {
		if !p.ws.Equal(p.rest) {
			t.Errorf("ticker %s: WebSocket %s, REST %s", p.name, p.ws, p.rest)
		}
	}
	if tk.Code != "KRW-BTC" || string(r.Change) != tk.Change {
		t.Errorf("ticker %s change %s, REST change %s", tk.Code, tk.Change, r.Change)
	}
	// WebSocket times are true instants; REST's trade_timestamp is KST
	// wall-clock read as UTC (the quirk), its trade_date_kst/time_kst KST.
	if got, want := tk.TradeTime.In(market.KST).Format("20060102150405"), r.TradeDateKST+r.TradeTimeKST; got != want {
		t.Errorf("ticker trade time %s, REST KST %s", got, want)
	}
	if got, want := tk.TradeTimestamp.Time(), r.TradeTimestamp.Time().Add(-9*time.Hour); !got.Equal(want) {
		t.Errorf("ticker trade_timestamp %v, REST %v - 9h", got, want)
	}
	if sum := tk.AccAskVolume.Add(tk.AccBidVolume); !sum.Equal(tk.AccTradeVolume) {
		t.Errorf("acc_ask_volume + acc_bid_volume = %s, acc_trade_volume %s", sum, tk.AccTradeVolume)
	}
	if tk.MarketState != "ACTIVE" || tk.MarketWarning != "NONE" || tk.Highest52WeekDate.Time().IsZero() {
		t.Errorf("ticker %+v", tk)
	}
}

func checkTradeREST(t *testing.T, f *wsFixture, tr *wsclient.Trade) {
	t.Helper()
	rest, err := f.client.ListTrades(context.Background(), bithumb.ListTradesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](1)})
	if err != nil {
		t.Fatal(err)
	}
	r := rest[0]
	if tr.SequentialID.Value() != r.SequentialID.Value() || !tr.TradePrice.Equal(r.TradePrice) || !tr.TradeVolume.Equal(r.TradeVolume) ||
		tr.AskBid != string(r.AskBid) || !tr.PrevClosingPrice.Equal(r.PrevClosingPrice) || !tr.TradeTimestamp.Time().Equal(r.Timestamp.Time()) {
		t.Errorf("trade %+v, REST %+v", tr, r)
	}
	if !tr.TradeTime.Equal(r.Timestamp.Time().Truncate(time.Second)) {
		t.Errorf("trade time %v, REST %v", tr.TradeTime, r.Timestamp.Time())
	}
}

func checkBookREST(t *testing.T, f *wsFixture, ob *wsclient.Orderbook) {
	t.Helper()
	rest, err := f.client.ListOrderbooks(context.Background(), "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	r := rest[0]
	if len(ob.Units) != len(r.OrderbookUnits) || len(ob.Units) != 30 {
		t.Fatalf("%d units, REST %d", len(ob.Units), len(r.OrderbookUnits))
	}
	for i, u := range ob.Units {
		ru := r.OrderbookUnits[i]
		if !u.AskPrice.Equal(ru.AskPrice) || !u.AskSize.Equal(ru.AskSize) || !u.BidPrice.Equal(ru.BidPrice) || !u.BidSize.Equal(ru.BidSize) {
			t.Fatalf("unit %d: %+v, REST %+v", i, u, ru)
		}
	}
	if !ob.TotalAskSize.Equal(r.TotalAskSize) || !ob.TotalBidSize.Equal(r.TotalBidSize) || !ob.Level.Equal(decimal.NewFromInt(1)) {
		t.Errorf("totals %s %s level %s, REST %s %s", ob.TotalAskSize, ob.TotalBidSize, ob.Level, r.TotalAskSize, r.TotalBidSize)
	}
	if ob.Timestamp.Time().IsZero() {
		t.Error("no orderbook timestamp")
	}
}

// TestWSOrderbookOptions checks the depth suffix, level grouping and the
// snapshot/realtime flags on a raw connection (wsclient would filter and
// trim on its side).
func TestWSOrderbookOptions(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		c := f.raw(WebSocketPath, nil)
		writeText(t, c, `[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC.5","KRW-ETH"],"level":2000,"isOnlySnapshot":true},{"format":"DEFAULT"}]`)
		for _, want := range []struct {
			code  string
			units int
		}{{"KRW-BTC", 5}, {"KRW-ETH", 30}} {
			m := readObject(t, c)
			units, _ := m["orderbook_units"].([]any)
			if m["type"] != "orderbook" || m["code"] != want.code || m["stream_type"] != "SNAPSHOT" || m["level"] != 2000.0 {
				t.Fatalf("message %v", m)
			}
			if len(units) > want.units || len(units) < 3 {
				t.Fatalf("%s: %d units, want at most %d", want.code, len(units), want.units)
			}
			prevAsk := 0.0
			for _, u := range units {
				u := u.(map[string]any)
				ask, bid := u["ask_price"].(float64), u["bid_price"].(float64)
				if int64(ask)%2000 != 0 || int64(bid)%2000 != 0 || ask <= prevAsk || bid >= ask {
					t.Fatalf("%s: unit %v not grouped by 2000", want.code, u)
				}
				prevAsk = ask
			}
			if want.units == 5 && len(units) != 5 {
				t.Fatalf("KRW-BTC.5: %d units", len(units))
			}
		}
		// isOnlySnapshot: nothing follows when the market moves.
		f.advance(20 * time.Second)
		if _, b, err := tryRead(c, 300*time.Millisecond); err == nil {
			t.Fatalf("realtime message after isOnlySnapshot: %s", b)
		}

		// is_only_realtime (snake_case): no snapshot, realtime trades only.
		c2 := f.raw(WebSocketPath, nil)
		writeText(t, c2, `[{"ticket":"t"},{"type":"trade","codes":["KRW-BTC"],"is_only_realtime":true}]`)
		f.waitRequests(2)
		f.advance(20 * time.Second)
		m := readObject(t, c2)
		if m["type"] != "trade" || m["stream_type"] != "REALTIME" {
			t.Fatalf("first message %v, want a realtime trade", m)
		}
		if _, ok := m["sequential_id"].(string); !ok {
			t.Errorf("sequential_id %v, want a JSON string", m["sequential_id"])
		}
	})
}

// TestWSPrivateOrders places orders over REST and follows them on the v2
// private stream: myOrder (wait, trade per fill, done, cancel) with the
// v2 names, and myAsset for the currencies that changed.
func TestWSPrivateOrders(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		ctx := context.Background()
		c := f.privateClient(PrivateWebSocketPath, nil)
		orders := subscribe(t, c, wsclient.MyOrders())
		assets := subscribe(t, c, wsclient.MyAssets())
		f.waitRequests(2) // private streams send no snapshot to wait for

		// A resting bid under the market.
		books, err := f.client.ListOrderbooks(ctx, "KRW-BTC")
		if err != nil {
			t.Fatal(err)
		}
		price := books[0].OrderbookUnits[0].BidPrice.Sub(decimal.NewFromInt(1_000_000))
		vol := decimal.MustParse("0.01")
		placed, err := f.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
			OrderType: bithumb.OrderTypeLimit, Price: price, Volume: vol, ClientOrderID: "ws-rest-1"})
		if err != nil {
			t.Fatal(err)
		}
		o := expect[*wsclient.MyOrder](t, orders)
		rest, err := f.client.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
		if err != nil {
			t.Fatal(err)
		}
		if o.OrderID != placed.OrderID || o.ClientOrderID != "ws-rest-1" || o.Code != "KRW-BTC" || o.Side != "buy" || o.OrderType != "limit" ||
			o.State != "wait" || !o.OrderPrice.Equal(price) || !o.OrderQuantity.Equal(vol) || !o.RemainingQuantity.Equal(vol) ||
			!o.OrderAmount.Equal(price.Mul(vol)) || !o.ReservedFee.Equal(rest.ReservedFee) || o.TradeID != "" ||
			o.StreamType != wsclient.StreamRealtime || o.OrderTimestamp.IsZero() {
			t.Fatalf("myOrder %+v, REST %+v", o, rest)
		}
		a := expect[*wsclient.MyAsset](t, assets)
		accts := accountsByCurrency(t, f)
		if len(a.Assets) != 1 || a.Assets[0].Currency != "KRW" || !a.Assets[0].Balance.Equal(accts["KRW"].Balance) || !a.Assets[0].Locked.Equal(accts["KRW"].Locked) {
			t.Fatalf("myAsset %+v, REST %+v", a, accts["KRW"])
		}
		quiet(t, assets, 100*time.Millisecond) // BTC did not change

		// A market buy for 1,000,000 KRW: accepted, trades, done.
		placed2, err := f.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
			OrderType: bithumb.OrderTypePrice, Price: decimal.NewFromInt(1_000_000)})
		if err != nil {
			t.Fatal(err)
		}
		var fills []*wsclient.MyOrder
		states := ""
		for {
			o := expect[*wsclient.MyOrder](t, orders)
			if o.OrderID != placed2.OrderID {
				t.Fatalf("myOrder of %s, want %s", o.OrderID, placed2.OrderID)
			}
			states += o.State + " "
			if o.State == "trade" {
				if o.TradeID == "" || !o.TradePrice.IsPositive() || !o.TradeQuantity.IsPositive() || !o.TradeAmount.Equal(o.TradePrice.Mul(o.TradeQuantity)) || o.TradeTimestamp.IsZero() {
					t.Fatalf("trade event %+v", o)
				}
				fills = append(fills, o)
			}
			if o.State == "done" || o.State == "cancel" {
				rest, err := f.client.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed2.OrderID})
				if err != nil {
					t.Fatal(err)
				}
				if o.State != string(rest.State) || !o.ExecutedQuantity.Equal(rest.ExecutedVolume) || !o.PaidFee.Equal(rest.PaidFee) ||
					!o.OrderAmount.Equal(decimal.NewFromInt(1_000_000)) || o.OrderType != "price" {
					t.Fatalf("final myOrder %+v, REST %+v", o, rest)
				}
				sum := decimal.Zero
				for _, f := range fills {
					sum = sum.Add(f.TradeQuantity)
				}
				if !sum.Equal(o.ExecutedQuantity) {
					t.Errorf("fills add up to %s, executed %s", sum, o.ExecutedQuantity)
				}
				break
			}
		}
		if !strings.HasPrefix(states, "wait trade") || len(fills) == 0 {
			t.Errorf("states %q", states)
		}
		// The balances end where REST says they are.
		accts = accountsByCurrency(t, f)
		last := map[string]wsclient.Asset{}
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			ev, err := assets.Next(ctx)
			cancel()
			if err != nil {
				break
			}
			for _, a := range ev.(*wsclient.MyAsset).Assets {
				last[a.Currency] = a
			}
		}
		for _, cur := range []string{"KRW", "BTC"} {
			if a, ok := last[cur]; !ok || !a.Balance.Equal(accts[cur].Balance) || !a.Locked.Equal(accts[cur].Locked) {
				t.Errorf("last myAsset %s %+v, REST %+v", cur, a, accts[cur])
			}
		}

		// Cancelling the resting bid.
		if _, err := f.client.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); err != nil {
			t.Fatal(err)
		}
		o = expect[*wsclient.MyOrder](t, orders)
		if o.OrderID != placed.OrderID || o.State != "cancel" || !o.RemainingFee.IsZero() {
			t.Fatalf("myOrder after cancel %+v", o)
		}
		a = expect[*wsclient.MyAsset](t, assets)
		if a.Assets[0].Currency != "KRW" || !a.Assets[0].Locked.IsZero() {
			t.Fatalf("myAsset after cancel %+v", a)
		}
		checkClean(t, c)
	})
}

func accountsByCurrency(t *testing.T, f *wsFixture) map[string]bithumb.Account {
	t.Helper()
	list, err := f.client.ListAccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bithumb.Account{}
	for _, a := range list {
		out[a.Currency] = a
	}
	return out
}

// TestWSPrivateV1 follows an order on the deprecated v1 endpoint, in the
// SIMPLE format: v1 names (uuid, ask_bid, price, volume).
func TestWSPrivateV1(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		ctx := context.Background()
		c := f.privateClient(PrivateV1WebSocketPath, func(o *wsclient.Options) { o.Format = wsclient.FormatSimple })
		orders := subscribe(t, c, wsclient.MyOrders("KRW-BTC"))
		f.waitRequests(1)
		books, err := f.client.ListOrderbooks(ctx, "KRW-BTC")
		if err != nil {
			t.Fatal(err)
		}
		price := books[0].OrderbookUnits[0].AskPrice.Add(decimal.NewFromInt(1_000_000))
		vol := decimal.MustParse("0.001")
		// An order in another market is not subscribed.
		if _, err := f.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-ETH", Side: bithumb.OrderSideAsk,
			OrderType: bithumb.OrderTypeLimit, Price: decimal.NewFromInt(9_000_000), Volume: vol}); err != nil {
			t.Fatal(err)
		}
		placed, err := f.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk,
			OrderType: bithumb.OrderTypeLimit, Price: price, Volume: vol})
		if err != nil {
			t.Fatal(err)
		}
		o := expect[*wsclient.MyOrderV1](t, orders)
		if o.UUID != placed.OrderID || o.AskBid != "ASK" || o.OrderType != "limit" || o.State != "wait" || !o.Price.Equal(price) ||
			!o.Volume.Equal(vol) || !o.RemainingVolume.Equal(vol) || !o.TradesCount.IsZero() || o.StreamType != wsclient.StreamRealtime {
			t.Fatalf("myOrder v1 %+v", o)
		}
		checkClean(t, c)
		found := false
		for _, fr := range f.rec.all() {
			if fr.endpoint == PrivateV1WebSocketPath && bytes.HasPrefix(fr.data, []byte(`{"ty":"myOrder","cd":"KRW-BTC","uid":"`+placed.OrderID+`"`)) {
				found = true
				if bytes.Contains(fr.data, []byte(`"order_id"`)) || bytes.Contains(fr.data, []byte(`"oid"`)) {
					t.Errorf("v1 message with v2 names: %s", fr.data)
				}
			}
		}
		if !found {
			t.Error("no SIMPLE v1 myOrder frame recorded")
		}
	})
}

// TestWSSimpleFormat decodes the SIMPLE format with wsclient into the same
// values as DEFAULT, and checks that the frames use the short keys.
func TestWSSimpleFormat(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		def := f.publicClient(nil)
		simple := f.publicClient(func(o *wsclient.Options) { o.Format = wsclient.FormatSimple })
		d := expect[*wsclient.Ticker](t, subscribe(t, def, wsclient.Tickers("KRW-ETH")))
		s := expect[*wsclient.Ticker](t, subscribe(t, simple, wsclient.Tickers("KRW-ETH")))
		if s.Code != "KRW-ETH" || !s.TradePrice.Equal(d.TradePrice) || !s.AccTradePrice.Equal(d.AccTradePrice) || !s.TradeTime.Equal(d.TradeTime) ||
			s.StreamType != wsclient.StreamSnapshot || !s.Highest52WeekPrice.Equal(d.Highest52WeekPrice) {
			t.Fatalf("SIMPLE %+v, DEFAULT %+v", s, d)
		}
		so := expect[*wsclient.Orderbook](t, subscribe(t, simple, wsclient.Orderbooks("KRW-ETH.3")))
		if len(so.Units) != 3 || !so.Units[0].AskPrice.IsPositive() || !so.TotalAskSize.IsPositive() {
			t.Fatalf("SIMPLE orderbook %+v", so)
		}
		checkClean(t, def)
		checkClean(t, simple)
		var sawSimple, sawDefault bool
		for _, fr := range f.rec.all() {
			switch {
			case bytes.HasPrefix(fr.data, []byte(`{"ty":"ticker","cd":"KRW-ETH","op":`)):
				sawSimple = true
				if bytes.Contains(fr.data, []byte(`"trade_price"`)) {
					t.Errorf("SIMPLE frame with a DEFAULT key: %s", fr.data)
				}
			case bytes.HasPrefix(fr.data, []byte(`{"type":"ticker","code":"KRW-ETH","opening_price":`)):
				sawDefault = true
			}
		}
		if !sawSimple || !sawDefault {
			t.Errorf("frames: SIMPLE %v DEFAULT %v", sawSimple, sawDefault)
		}
	})
}

// TestWSSubscriptionReplaced: every request replaces the whole set; a bad
// request leaves it as it was.
func TestWSSubscriptionReplaced(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		c := f.raw(WebSocketPath, nil)
		writeText(t, c, `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]}]`)
		if m := readObject(t, c); m["type"] != "ticker" || m["code"] != "KRW-BTC" || m["stream_type"] != "SNAPSHOT" {
			t.Fatalf("first %v", m)
		}
		writeText(t, c, `[{"ticket":"t"},{"type":"trade","codes":["KRW-ETH"]}]`)
		if m := readObject(t, c); m["type"] != "trade" || m["code"] != "KRW-ETH" || m["stream_type"] != "SNAPSHOT" {
			t.Fatalf("after the second request %v", m)
		}
		writeText(t, c, `[{"ticket":"t"},{"type":"ticker"}]`)
		if m := readObject(t, c); m["error"] == nil {
			t.Fatalf("bad request answered %v", m)
		}
		f.advance(30 * time.Second)
		rest, err := f.client.ListTrades(context.Background(), bithumb.ListTradesParams{Market: "KRW-ETH", Count: bithumb.Ptr[int64](1)})
		if err != nil {
			t.Fatal(err)
		}
		want := rest[0].SequentialID.String()
		for n := 0; ; n++ {
			m := readObject(t, c)
			if m["type"] != "trade" || m["code"] != "KRW-ETH" || m["stream_type"] != "REALTIME" {
				t.Fatalf("message %d after the replacement: %v", n, m)
			}
			if m["sequential_id"] == want {
				break
			}
		}
	})
}

// TestWSErrors answers bad requests with Bithumb's documented errors,
// byte for byte as the fixtures, and keeps the connection open.
func TestWSErrors(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		c := f.raw(WebSocketPath, nil)
		for _, tc := range []struct{ request, fixture string }{
			{`not json`, "ws_error_wrong_format__doc.json"},
			{`{"ticket":"t"}`, "ws_error_wrong_format__doc.json"},
			{`[{"type":"ticker","codes":["KRW-BTC"]}]`, "ws_error_no_ticket__doc.json"},
			{`[{"ticket":""},{"type":"ticker","codes":["KRW-BTC"]}]`, "ws_error_no_ticket__doc.json"},
			{`[{"ticket":"t"},{"codes":["KRW-BTC"]}]`, "ws_error_no_type__doc.json"},
			{`[{"ticket":"t"}]`, "ws_error_no_type__doc.json"},
			{`[{"ticket":"t"},{"type":"trade"}]`, "ws_error_no_codes__doc.json"},
			{`[{"ticket":"t"},{"type":"orderbook","codes":[]}]`, "ws_error_invalid_param_empty_codes__doc.json"},
			{`[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"JSON_LIST"}]`, "ws_error_invalid_param_format__doc.json"},
			{`[{"ticket":"t"},{"type":"candle","codes":["KRW-BTC"]}]`, "ws_error_wrong_format__doc.json"},
			{`[{"ticket":"t"},{"type":"myOrder"}]`, "ws_error_wrong_format__doc.json"},
			{`[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"],"isOnlySnapshot":"yes"}]`, "ws_error_wrong_format__doc.json"},
		} {
			writeText(t, c, tc.request)
			_, got := readFrame(t, c, 5*time.Second)
			if want := fixtureFrame(t, tc.fixture); !bytes.Equal(got, want) {
				t.Errorf("%s: answered %s, want %s", tc.request, got, want)
			}
		}
		// Still open and serving.
		writeText(t, c, `[{"ticket":"t"},{"type":"ticker","codes":["KRW-XRP"]},{"format":"SIMPLE"}]`)
		if m := readObject(t, c); m["ty"] != "ticker" || m["cd"] != "KRW-XRP" || m["mw"] != "CAUTION" {
			t.Fatalf("after the errors: %v", m)
		}
		f.waitRequests(13)
		if st := f.s.WebSocket().Stats(); st.BadRequests != 12 {
			t.Errorf("stats %+v", st)
		}

		// Private types on the public endpoint, codes on myAsset.
		p := f.raw(PrivateWebSocketPath, bearer(t, f.key))
		writeText(t, p, `[{"ticket":"t"},{"type":"myAsset","codes":["KRW-BTC"]}]`)
		if _, got := readFrame(t, p, 5*time.Second); !bytes.Equal(got, fixtureFrame(t, "ws_error_wrong_format__doc.json")) {
			t.Errorf("myAsset with codes: %s", got)
		}
	})
}

// TestWSCloseOnError closes the connection after an error when configured.
func TestWSCloseOnError(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, func(c *Config) { c.WebSocket.CloseOnError = true })
		c := f.raw(WebSocketPath, nil)
		writeText(t, c, `[{"ticket":"t"},{"type":"ticker"}]`)
		if _, got := readFrame(t, c, 5*time.Second); !bytes.Equal(got, fixtureFrame(t, "ws_error_no_codes__doc.json")) {
			t.Fatalf("answer %s", got)
		}
		_, _, err := tryRead(c, 5*time.Second)
		if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
			t.Fatalf("read after the error: %v, want close 1008", err)
		}
	})
}

// fixtureFrame returns the (only) frame of a wsclient fixture, compacted.
func fixtureFrame(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "wsclient", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Frames []json.RawMessage `json:"frames"`
	}
	if err := json.Unmarshal(b, &fx); err != nil || len(fx.Frames) != 1 {
		t.Fatalf("fixture %s: %v", name, err)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, fx.Frames[0]); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func bearer(t testing.TB, k auth.Key) http.Header {
	t.Helper()
	tok, err := signer(t, k).Token("")
	if err != nil {
		t.Fatal(err)
	}
	return http.Header{"Authorization": {"Bearer " + tok}}
}

// TestWSPingStatusUp: the text PING is answered with {"status":"UP"} in a
// binary frame, which then repeats every status interval.
func TestWSPingStatusUp(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		const interval = 40 * time.Millisecond
		f := newWSFixture(t, func(c *Config) { c.WebSocket.StatusInterval = clock.Duration(interval) })
		c := f.raw(WebSocketPath, nil)
		writeText(t, c, "PING")
		start := time.Now()
		for i := range 3 {
			typ, b := readFrame(t, c, 5*time.Second)
			if typ != websocket.MessageBinary || string(b) != `{"status":"UP"}` {
				t.Fatalf("frame %d: %v %s", i, typ, b)
			}
			if el := time.Since(start); el != time.Duration(i)*interval {
				t.Errorf("UP %d after %v, want %v", i, el, time.Duration(i)*interval)
			}
		}
		// Ping frames are answered too.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		go func() { _, _, _ = c.Read(ctx) }() // Ping needs a reader for the pong
		if err := c.Ping(ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}

		// wsclient counts them as keepalives: its first PING goes out
		// after 30ms, the answer and the next UP 40ms apart.
		wc := f.publicClient(func(o *wsclient.Options) { o.PingInterval = 30 * time.Millisecond })
		subscribe(t, wc, wsclient.Tickers("KRW-BTC"))
		time.Sleep(30*time.Millisecond + interval + interval/2)
		waitFor(t, "two keepalives counted", func() bool { return wc.Stats().StatusMessages >= 2 })
		checkClean(t, wc)
	})
}

// TestWSIdleClose: a connection without activity is closed after the idle
// timeout (scaled down here); one that pings stays open.
func TestWSIdleClose(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		const idle = 150 * time.Millisecond
		f := newWSFixture(t, func(c *Config) { c.WebSocket.IdleTimeout = clock.Duration(idle) })
		start := time.Now()
		quietConn := f.raw(WebSocketPath, nil)
		active := f.raw(WebSocketPath, nil)
		done := make(chan error, 1)
		var closedAfter time.Duration
		go func() {
			_, _, err := tryRead(quietConn, 5*time.Second)
			closedAfter = time.Since(start)
			done <- err
		}()
		for range 8 {
			writeText(t, active, "PING")
			if _, b := readFrame(t, active, 5*time.Second); string(b) != `{"status":"UP"}` {
				t.Fatalf("answer %s", b)
			}
			time.Sleep(idle / 3) // on the bubble's clock: activity well within the timeout
		}
		err := <-done
		if websocket.CloseStatus(err) != websocket.StatusNormalClosure || closedAfter < idle || closedAfter >= idle+idle/3 {
			t.Fatalf("idle connection: %v after %v, want the %v idle timeout", err, closedAfter, idle)
		}
		var ce websocket.CloseError
		if errors.As(err, &ce) && ce.Reason != "idle timeout" {
			t.Errorf("close reason %q", ce.Reason)
		}
		waitFor(t, "the idle connection to be gone", func() bool { return f.s.WebSocket().Stats().Open == 1 })
		if st := f.s.WebSocket().Stats(); st.IdleClosed != 1 {
			t.Errorf("stats %+v: want one idle close, the pinging connection open", st)
		}

		// wsclient sees the idle close as a lost connection and reconnects.
		wc := f.publicClient(nil)
		sub := subscribe(t, wc, wsclient.Tickers("KRW-BTC"))
		expect[*wsclient.Ticker](t, sub)
		expect[*wsclient.Disconnected](t, sub)
		expect[*wsclient.Reconnected](t, sub)
		if tk := expect[*wsclient.Ticker](t, sub); tk.StreamType != wsclient.StreamSnapshot {
			t.Errorf("after reconnecting: %+v", tk)
		}
		checkClean(t, wc)
	})
}

// TestWSConnectRateLimit: the 11th handshake within a second from one IP
// is answered 429 (on the bubble's clock, so that the count does not
// depend on the machine's speed).
func TestWSConnectRateLimit(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		for i := range 10 {
			f.raw(WebSocketPath, nil)
			_ = i
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, resp, err := websocket.Dial(ctx, f.url(WebSocketPath), &websocket.DialOptions{HTTPClient: f.ts.Client()})
		if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("11th handshake: %v %+v", err, resp)
		}
		b, _ := io.ReadAll(resp.Body)
		if !strings.Contains(string(b), "too_many_requests") {
			t.Errorf("body %s", b)
		}
		// wsclient reports it as ErrRateLimited.
		wc := f.publicClient(nil)
		sctx, scancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer scancel()
		if _, err := wc.Subscribe(sctx, wsclient.Tickers("KRW-BTC")); err == nil || wc.Stats().RateLimited == 0 {
			t.Fatalf("subscribe past the limit: %v %+v", err, wc.Stats())
		}
		// The admin reset forgets the count.
		resp, err = f.ts.Client().Post(f.ts.URL+"/_sim/ratelimit/reset", "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		f.raw(WebSocketPath, nil)
		waitFor(t, "11 handshakes accepted", func() bool { return f.s.WebSocket().Stats().Accepted == 11 })
		if st := f.s.WebSocket().Stats(); st.RateLimited < 2 {
			t.Errorf("stats %+v", st)
		}
	})
}

// TestWSPrivateAuth: private handshakes need a valid JWT (401 otherwise,
// with the REST error body).
func TestWSPrivateAuth(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		// Wrong secret: wsclient fails at once with ErrUnauthorized.
		bad := f.privateClient(PrivateWebSocketPath, func(o *wsclient.Options) {
			o.Signer = signer(t, auth.Key{AccessKey: f.key.AccessKey, SecretKey: "not-the-secret"})
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := bad.Subscribe(ctx, wsclient.MyAssets())
		he, ok := errorsAs[*wsclient.HandshakeError](err)
		if !errors.Is(err, wsclient.ErrUnauthorized) || !ok || he.StatusCode != 401 || !strings.Contains(he.Body, "jwt_verification") {
			t.Fatalf("subscribe with a bad secret: %v", err)
		}
		for _, tc := range []struct {
			hdr  http.Header
			name string
		}{
			{nil, "invalid_jwt"},
			{http.Header{"Authorization": {"Bearer x.y.z"}}, "invalid_jwt"},
			{bearer(t, auth.Key{AccessKey: "unknown-key", SecretKey: "s"}), "invalid_access_key"},
		} {
			_, resp, err := websocket.Dial(ctx, f.url(PrivateV1WebSocketPath), &websocket.DialOptions{HTTPClient: f.ts.Client(), HTTPHeader: tc.hdr})
			if err == nil || resp == nil || resp.StatusCode != 401 {
				t.Fatalf("%s: %v %+v", tc.name, err, resp)
			}
			b, _ := io.ReadAll(resp.Body)
			if !strings.Contains(string(b), `"name":"`+tc.name+`"`) {
				t.Errorf("body %s, want %s", b, tc.name)
			}
		}
		// A reused token (same nonce) is refused too.
		hdr := bearer(t, f.key)
		f.raw(PrivateWebSocketPath, hdr)
		if _, resp, err := websocket.Dial(ctx, f.url(PrivateWebSocketPath), &websocket.DialOptions{HTTPClient: f.ts.Client(), HTTPHeader: hdr}); err == nil || resp.StatusCode != 401 {
			t.Fatalf("replayed token: %v", err)
		}
		// A key without the account and order:read scopes cannot connect; one
		// without order:read cannot subscribe to myOrder.
		if err := f.s.AddKey(auth.Key{AccessKey: "withdraw-only", SecretKey: "secret-1", Account: f.key.Account, Scopes: []auth.Scope{auth.ScopeWithdrawRead}}); err != nil {
			t.Fatal(err)
		}
		if _, resp, err := websocket.Dial(ctx, f.url(PrivateWebSocketPath), &websocket.DialOptions{HTTPClient: f.ts.Client(), HTTPHeader: bearer(t, auth.Key{AccessKey: "withdraw-only", SecretKey: "secret-1"})}); err == nil || resp.StatusCode != 401 {
			t.Fatalf("key without scopes: %v", err)
		}
		if err := f.s.AddKey(auth.Key{AccessKey: "account-only", SecretKey: "secret-2", Account: f.key.Account, Scopes: []auth.Scope{auth.ScopeAccount}}); err != nil {
			t.Fatal(err)
		}
		c := f.raw(PrivateWebSocketPath, bearer(t, auth.Key{AccessKey: "account-only", SecretKey: "secret-2"}))
		writeText(t, c, `[{"ticket":"t"},{"type":"myOrder","codes":[]},{"type":"myAsset"}]`)
		if m := readObject(t, c); m["error"].(map[string]any)["name"] != "INVALID_AUTH" {
			t.Fatalf("myOrder without order:read: %v", m)
		}
		if st := f.s.WebSocket().Stats(); st.Unauthorized < 6 {
			t.Errorf("stats %+v", st)
		}
	})
}

// TestWSFaultDropAtStart: a drop configured at start hits the first
// message; wsclient reconnects and gets its snapshot.
func TestWSFaultDropAtStart(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, func(c *Config) { c.WebSocket.Faults = ws.Faults{NextDrop: 1} })
		c := f.publicClient(nil)
		sub := subscribe(t, c, wsclient.Tickers("KRW-BTC"))
		expect[*wsclient.Disconnected](t, sub)
		r := expect[*wsclient.Reconnected](t, sub)
		if tk := expect[*wsclient.Ticker](t, sub); tk.StreamType != wsclient.StreamSnapshot {
			t.Fatalf("after reconnecting %+v", tk)
		}
		if st := f.s.WebSocket().Stats(); st.Drops != 1 || r.Attempts < 1 || c.Stats().Reconnects != 1 {
			t.Errorf("server %+v client %+v", st, c.Stats())
		}
		checkClean(t, c)
	})
}

// TestWSFaultStall: a stall set through the admin resource keeps the
// connection open but silent (no data, no pong); wsclient's watchdog
// replaces it.
func TestWSFaultStall(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		adminJSON(t, f, "PUT", "/_sim/ws/faults", `{"next_stall":1,"endpoints":["/websocket/v1"]}`, nil)
		c := f.publicClient(func(o *wsclient.Options) {
			o.PingInterval = 30 * time.Millisecond
			o.PongTimeout = 60 * time.Millisecond
		})
		sub := subscribe(t, c, wsclient.Trades("KRW-BTC"))
		d := expect[*wsclient.Disconnected](t, sub)
		if !errors.Is(d.Err, wsclient.ErrNoPong) {
			t.Errorf("disconnected by %v, want ErrNoPong", d.Err)
		}
		expect[*wsclient.Reconnected](t, sub)
		if tr := expect[*wsclient.Trade](t, sub); tr.StreamType != wsclient.StreamSnapshot {
			t.Fatalf("after reconnecting %+v", tr)
		}
		var fc ws.Faults
		adminJSON(t, f, "GET", "/_sim/ws/faults", "", &fc)
		if fc.NextStall != 0 || f.s.WebSocket().Stats().Stalls != 1 || c.Stats().NoPongs != 1 {
			t.Errorf("faults %+v stats %+v client %+v", fc, f.s.WebSocket().Stats(), c.Stats())
		}
		checkClean(t, c)
	})
}

// TestWSFaultMalformedAndError: malformed frames and error messages, from
// the admin resource and the inject action.
func TestWSFaultMalformedAndError(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		c := f.publicClient(nil)
		sub := subscribe(t, c, wsclient.Tickers("KRW-BTC"))
		expect[*wsclient.Ticker](t, sub)

		// A malformed message in place of the next data message.
		adminJSON(t, f, "PUT", "/_sim/ws/faults", `{"next_malformed":1}`, nil)
		f.advance(20 * time.Second)
		waitFor(t, "a decode error", func() bool { return c.Stats().DecodeErrors == 1 })
		// The realtime tickers after it arrive.
		if tk := expect[*wsclient.Ticker](t, sub); tk.StreamType != wsclient.StreamRealtime {
			t.Fatalf("after the malformed frame %+v", tk)
		}

		// An error message before the next data message, with a custom name.
		adminJSON(t, f, "PUT", "/_sim/ws/faults", `{"next_error":1,"error_name":"NO_CODES","error_message":"codes 필드가 존재하지 않습니다."}`, nil)
		f.advance(20 * time.Second)
		for {
			ev := nextEvent(t, sub)
			if se, ok := ev.(*wsclient.ServerError); ok {
				if !errors.Is(se, wsclient.ErrNoCodes) {
					t.Fatalf("server error %v", se)
				}
				break
			}
		}
		expect[*wsclient.Ticker](t, sub) // the message follows the error

		// Inject: at once, on every open connection (after a reset, the
		// default error WRONG_FORMAT).
		adminJSON(t, f, "POST", "/_sim/ws/faults/reset", "", nil)
		var n struct{ Connections int }
		adminJSON(t, f, "POST", "/_sim/ws/inject", `{"fault":"error"}`, &n)
		if n.Connections != 1 {
			t.Fatalf("inject reached %d connections", n.Connections)
		}
		for {
			if se, ok := nextEvent(t, sub).(*wsclient.ServerError); ok {
				if !errors.Is(se, wsclient.ErrWrongFormat) {
					t.Fatalf("server error %v", se)
				}
				break
			}
		}
		adminJSON(t, f, "POST", "/_sim/ws/inject", `{"fault":"malformed"}`, &n)
		waitFor(t, "a second decode error", func() bool { return c.Stats().DecodeErrors == 2 })
		adminJSON(t, f, "POST", "/_sim/ws/inject", `{"fault":"nonsense"}`, nil)

		var st ws.Stats
		adminJSON(t, f, "GET", "/_sim/ws/stats", "", &st)
		if st.Malformed != 2 || st.FaultErrors != 2 || st.Open != 1 {
			t.Errorf("stats %+v", st)
		}
		var fc ws.Faults
		adminJSON(t, f, "POST", "/_sim/ws/faults/reset", "", &fc)
		if fc.NextError != 0 || fc.ErrorName != "" {
			t.Errorf("after reset %+v", fc)
		}
		if cs := c.Stats(); cs.Unknown != 0 || cs.ServerErrors != 2 {
			t.Errorf("client stats %+v", cs)
		}
	})
}

// TestWSFaultInjectDropAndStallPrivate: drop and stall injected at run
// time on the private endpoint only; wsclient recovers from both, the
// public connection is untouched.
func TestWSFaultInjectDropAndStallPrivate(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		ctx := context.Background()
		pub := f.publicClient(nil)
		psub := subscribe(t, pub, wsclient.Tickers("KRW-BTC"))
		expect[*wsclient.Ticker](t, psub)
		priv := f.privateClient(PrivateWebSocketPath, func(o *wsclient.Options) {
			o.PingInterval = 30 * time.Millisecond
			o.PongTimeout = 60 * time.Millisecond
		})
		orders := subscribe(t, priv, wsclient.MyOrders())
		f.waitRequests(2)

		var n struct{ Connections int }
		adminJSON(t, f, "POST", "/_sim/ws/inject", `{"fault":"drop","endpoints":["/websocket/v2/private"]}`, &n)
		if n.Connections != 1 {
			t.Fatalf("drop reached %d connections", n.Connections)
		}
		expect[*wsclient.Disconnected](t, orders)
		expect[*wsclient.Reconnected](t, orders)
		f.waitRequests(3)

		adminJSON(t, f, "POST", "/_sim/ws/inject", `{"fault":"stall","endpoints":["/websocket/v2/private"]}`, &n)
		if d := expect[*wsclient.Disconnected](t, orders); !errors.Is(d.Err, wsclient.ErrNoPong) {
			t.Errorf("stall detected as %v", d.Err)
		}
		expect[*wsclient.Reconnected](t, orders)
		f.waitRequests(4) // public, private, and the private one after each reconnect

		// The new connection carries the events.
		books, err := f.client.ListOrderbooks(ctx, "KRW-BTC")
		if err != nil {
			t.Fatal(err)
		}
		placed, err := f.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
			OrderType: bithumb.OrderTypeLimit, Price: books[0].OrderbookUnits[0].BidPrice.Sub(decimal.NewFromInt(2_000_000)), Volume: decimal.MustParse("0.001")})
		if err != nil {
			t.Fatal(err)
		}
		if o := expect[*wsclient.MyOrder](t, orders); o.OrderID != placed.OrderID {
			t.Fatalf("myOrder %+v", o)
		}
		quiet(t, psub, 100*time.Millisecond)
		if pub.Stats().Reconnects != 0 || priv.Stats().Reconnects != 2 {
			t.Errorf("public %+v private %+v", pub.Stats(), priv.Stats())
		}
		checkClean(t, pub)
		checkClean(t, priv)
	})
}

// adminJSON calls an admin endpoint; out (if any) receives the answer.
// Answers other than 200 fail the test unless out is nil and the path is
// expected to fail (status 400 for a bad inject).
func adminJSON(t *testing.T, f *wsFixture, method, path, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(body, "nonsense") {
		if resp.StatusCode != 400 {
			t.Errorf("%s %s %s: %d %s, want 400", method, path, body, resp.StatusCode, b)
		}
		return
	}
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %s: %v", method, path, b, err)
		}
	}
}

// waitFor waits until the server and the clients have handled everything
// sent so far (synctest.Wait: call it inside wsTest) and checks cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	synctest.Wait()
	if !cond() {
		t.Fatalf("not so once everything settled: %s", what)
	}
}

// TestStartServesWebSocket: Start serves the streams on the same listener
// as REST, prints their URLs, and shuts them down with the simulator:
// connected clients do not hold the shutdown up, no goroutine is left.
func TestStartServesWebSocket(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, "", WithConfig(Config{HistoryDays: 20}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	PrintBanner(&out, r)
	if !strings.Contains(out.String(), r.WebSocketURL) || !strings.Contains(out.String(), r.PrivateWebSocketURL) ||
		!strings.HasSuffix(r.PrivateWebSocketURL, "/websocket/v2/private") || strings.Contains(out.String(), "reserved") {
		t.Errorf("banner %q", out.String())
	}
	opts := func(url string) wsclient.Options {
		return wsclient.Options{URL: url, DialLimiter: nil, PingInterval: -1, StallTimeout: -1, PrivateStallTimeout: -1,
			BackoffMin: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond}
	}
	pub, err := wsclient.New(opts(r.WebSocketURL))
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	sub := subscribe(t, pub, wsclient.Orderbooks("KRW-BTC.1"))
	if ob := expect[*wsclient.Orderbook](t, sub); len(ob.Units) != 1 {
		t.Fatalf("orderbook %+v", ob)
	}
	po := opts(r.PrivateWebSocketURL)
	po.Signer = signer(t, r.Keys[0])
	priv, err := wsclient.New(po)
	if err != nil {
		t.Fatal(err)
	}
	defer priv.Close()
	subscribe(t, priv, wsclient.MyAssets())
	cancel()
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if st := r.Server.WebSocket().Stats(); st.Open != 0 {
		t.Errorf("%d connections open after Wait", st.Open)
	}
	checkClean(t, pub)
	checkClean(t, priv)
	_ = pub.Close()
	_ = priv.Close()
}

// TestWSConfig: the websocket section loads from YAML, and the idle
// timeout and status cadence default to Bithumb's divided by TimeScale.
func TestWSConfig(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		c, err := ParseConfigYAML([]byte("time_scale: 60\nwebsocket:\n  connects_per_second: 20\n  text_frames: true\n  faults:\n    next_drop: 2\n    endpoints: [/websocket/v1]\n"))
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(WithConfig(c))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		wc := s.Config().WebSocket
		if wc.IdleTimeout.D() != 2*time.Second || wc.StatusInterval.D() != 10*time.Second/60 || wc.ConnectsPerSecond != 20 || !wc.TextFrames {
			t.Errorf("websocket config %+v", wc)
		}
		if f := s.WebSocket().Faults(); f.NextDrop != 2 || len(f.Endpoints) != 1 {
			t.Errorf("faults %+v", f)
		}
		if _, err := ParseConfigJSON([]byte(`{"websocket":{"idle":"1s"}}`)); err == nil {
			t.Error("unknown websocket field accepted")
		}
		// Text frames when configured.
		f := newWSFixture(t, func(c *Config) { c.WebSocket.TextFrames = true })
		conn := f.raw(WebSocketPath, nil)
		writeText(t, conn, `[{"ticket":"t"},{"type":"trade","codes":["BTC-ETH"]}]`)
		if typ, b := readFrame(t, conn, 5*time.Second); typ != websocket.MessageText || !bytes.HasPrefix(b, []byte(`{"type":"trade","code":"BTC-ETH"`)) {
			t.Errorf("frame %v %s", typ, b)
		}
		// Unknown admin fields are refused.
		req, _ := http.NewRequest("PUT", f.ts.URL+"/_sim/ws/faults", strings.NewReader(`{"drop":1}`))
		resp, err := f.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("PUT with an unknown field: %d", resp.StatusCode)
		}
	})
}

// TestWSAcceptsAnyOrigin: browsers on any page may connect to the local
// simulator, whatever their Origin header says.
func TestWSAcceptsAnyOrigin(t *testing.T) {
	wsTest(t, func(t *testing.T) {
		f := newWSFixture(t, nil)
		for _, origin := range []string{"http://localhost:3000", "https://example.com", "null"} {
			c := f.raw(WebSocketPath, http.Header{"Origin": {origin}})
			writeText(t, c, `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"],"isOnlySnapshot":true}]`)
			if m := readObject(t, c); m["type"] != "ticker" {
				t.Fatalf("origin %s: message %v", origin, m)
			}
		}
	})
}
