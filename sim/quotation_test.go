package sim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
)

func (f *fixture) getRaw(path string) (int, string) {
	f.t.Helper()
	resp, err := f.ts.Client().Get(f.ts.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestQuotationErrors(t *testing.T) {
	f := newFixture(t)
	f.v.allowBad(true) // a missing required parameter breaks the spec on purpose
	cases := []struct{ path, want string }{
		{"/v1/ticker?markets=KRW-BTC,KRW-NOPE", `{"error":{"message":"Code not found","name":404}}`},
		{"/v1/orderbook?markets=KRW-NOPE", `{"error":{"message":"Code not found","name":404}}`},
		{"/v1/candles/days?market=KRW-NOPE", `{"error":{"message":"Code not found","name":404}}`},
		{"/v1/ticker", `{"error":{"message":"Missing request parameter error. Check the required parameters!","name":400}}`},
		{"/v1/trades/ticks", `{"error":{"message":"Missing request parameter error. Check the required parameters!","name":400}}`},
	}
	for _, c := range cases {
		st, body := f.getRaw(c.path)
		if st != 200 || body != c.want {
			t.Errorf("%s: %d %s", c.path, st, body)
		}
	}
	st, body := f.getRaw("/v1/does-not-exist")
	if st != 404 || body != `{"message":"No Route matched with those values","name":"not_found"}` {
		t.Errorf("unknown route: %d %s", st, body)
	}
	// Lower-case codes are accepted.
	if st, body := f.getRaw("/v1/ticker?markets=krw-btc"); st != 200 || !strings.Contains(body, `"market":"KRW-BTC"`) {
		t.Errorf("lower case: %d %.100s", st, body)
	}
	_, err := f.client.ListTickers(context.Background(), "KRW-NOPE")
	if !errors.Is(err, bithumb.ErrNotFound) {
		t.Errorf("client: %v", err)
	}
	_, err = f.client.Do(context.Background(), bithumb.RawRequest{Method: "GET", Path: "/v2/nowhere"})
	if !errors.Is(err, bithumb.ErrRouteNotFound) {
		t.Errorf("client unknown route: %v", err)
	}
}

func TestQuirks(t *testing.T) {
	fake := clock.NewFake(testStart)
	on := newFixture(t, WithClock(fake))
	off := newFixture(t, WithClock(fake), WithConfig(Config{HistoryDays: 40, Quirks: Quirks{NoTickerShift: true, OrderbookMillis: true, TradesAsNumbers: true}}))
	ctx := context.Background()
	for _, f := range []*fixture{on, off} {
		shifted := f == on
		tk, err := f.client.ListTickers(ctx, "KRW-BTC")
		if err != nil {
			t.Fatal(err)
		}
		want := testStart
		if shifted {
			want = want.Add(9 * time.Hour)
		}
		if got := tk[0].Timestamp.Time(); !got.Equal(want) {
			t.Errorf("shift %v: ticker timestamp %v, want %v", shifted, got, want)
		}
		_, body := f.getRaw("/v1/orderbook?markets=KRW-BTC")
		var books []map[string]json.RawMessage
		_ = json.Unmarshal([]byte(body), &books)
		ts := string(books[0]["timestamp"])
		if wantLen := map[bool]int{true: 16, false: 13}[shifted]; len(ts) != wantLen {
			t.Errorf("orderbook timestamp %s", ts)
		}
		_, body = f.getRaw("/v1/trades/ticks?market=KRW-BTC&count=3")
		var trades []map[string]json.RawMessage
		_ = json.Unmarshal([]byte(body), &trades)
		if len(trades) != 3 {
			t.Fatalf("trades: %s", body)
		}
		quoted := strings.HasPrefix(string(trades[0]["trade_price"]), `"`) && strings.HasPrefix(string(trades[0]["sequential_id"]), `"`)
		if quoted != shifted {
			t.Errorf("trades as strings: %v, want %v (%s)", quoted, shifted, body)
		}
	}
}

func TestMarketDataConsistent(t *testing.T) {
	fake := clock.NewFake(testStart)
	f := newFixture(t, WithClock(fake))
	ctx := context.Background()
	c := f.client
	one, err := c.ListOrderbooks(ctx, "KRW-BTC")
	if err != nil || len(one[0].OrderbookUnits) != 30 {
		t.Fatalf("one book: %v %v", len(one[0].OrderbookUnits), err)
	}
	two, err := c.ListOrderbooks(ctx, "KRW-BTC", "BTC-ETH")
	if err != nil || len(two) != 2 || len(two[0].OrderbookUnits) != 15 || len(two[1].OrderbookUnits) != 15 {
		t.Fatalf("two books: %v", err)
	}
	u := one[0].OrderbookUnits
	for i := 1; i < len(u); i++ {
		if !u[i].AskPrice.GreaterThan(u[i-1].AskPrice) || !u[i].BidPrice.LessThan(u[i-1].BidPrice) {
			t.Fatalf("level %d out of order: %+v %+v", i, u[i-1], u[i])
		}
	}
	if !u[0].AskPrice.GreaterThan(u[0].BidPrice) {
		t.Fatalf("crossed book %+v", u[0])
	}
	// A user's fill prints on the tape and moves the ticker.
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "price", Price: dec("20000000")})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil || o.State != "done" || len(o.Trades) < 2 {
		t.Fatalf("market buy: %+v %v", o, err)
	}
	last := o.Trades[len(o.Trades)-1]
	trades, err := c.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-BTC", Count: ptr(int64(len(o.Trades)))})
	if err != nil {
		t.Fatal(err)
	}
	if !trades[0].TradePrice.Equal(last.Price) || !trades[0].TradeVolume.Equal(last.Volume) || trades[0].AskBid != "BID" {
		t.Errorf("tape %+v, last fill %+v", trades[0], last)
	}
	tk, _ := c.ListTickers(ctx, "KRW-BTC")
	if !tk[0].TradePrice.Equal(last.Price) {
		t.Errorf("ticker %s, last fill %s", tk[0].TradePrice, last.Price)
	}
	mins, _ := c.ListMinuteCandles(ctx, 1, bithumb.ListMinuteCandlesParams{Market: "KRW-BTC", Count: ptr(int64(2))})
	days, _ := c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "KRW-BTC", Count: ptr(int64(2))})
	if !mins[0].TradePrice.Equal(last.Price) || !days[0].TradePrice.Equal(last.Price) {
		t.Errorf("candles close %s / %s, last fill %s", mins[0].TradePrice, days[0].TradePrice, last.Price)
	}
	if !tk[0].OpeningPrice.Equal(days[0].OpeningPrice) || !tk[0].HighPrice.Equal(days[0].HighPrice) || !tk[0].LowPrice.Equal(days[0].LowPrice) ||
		!tk[0].PrevClosingPrice.Equal(days[0].PrevClosingPrice) || !tk[0].AccTradeVolume.Equal(days[0].CandleAccTradeVolume) {
		t.Errorf("ticker %+v does not match today's candle %+v", tk[0], days[0])
	}
	// The book moved up with the buy.
	after, _ := c.ListOrderbooks(ctx, "KRW-BTC")
	if !after[0].OrderbookUnits[0].AskPrice.GreaterThan(u[0].AskPrice) {
		t.Errorf("best ask %s did not move above %s", after[0].OrderbookUnits[0].AskPrice, u[0].AskPrice)
	}
	// Day candles open at 00:00 KST (15:00 UTC) and a day aggregates its
	// hours; weeks start on Monday.
	hours, _ := c.ListMinuteCandles(ctx, 60, bithumb.ListMinuteCandlesParams{Market: "KRW-ETH", Count: ptr(int64(24)), To: ptr("2026-01-05 00:00:00")})
	day, _ := c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "KRW-ETH", Count: ptr(int64(1)), To: ptr("2026-01-05 00:00:00")})
	if len(hours) != 24 || len(day) != 1 || day[0].CandleDateTimeUTC.String() != "2026-01-03T15:00:00" || day[0].CandleDateTimeKST.String() != "2026-01-04T00:00:00" {
		t.Fatalf("hours %d, day %+v", len(hours), day)
	}
	hi, lo, vol := hours[0].HighPrice, hours[0].LowPrice, decimal.Zero
	for _, h := range hours {
		hi, lo, vol = decimal.Max(hi, h.HighPrice), decimal.Min(lo, h.LowPrice), vol.Add(h.CandleAccTradeVolume)
	}
	if !day[0].OpeningPrice.Equal(hours[23].OpeningPrice) || !day[0].TradePrice.Equal(hours[0].TradePrice) || !day[0].HighPrice.Equal(hi) || !day[0].LowPrice.Equal(lo) {
		t.Errorf("day %+v does not aggregate its hours", day[0])
	}
	if diff := day[0].CandleAccTradeVolume.Sub(vol).Abs(); diff.GreaterThan(dec("0.000001")) {
		t.Errorf("day volume %s, hours sum %s", day[0].CandleAccTradeVolume, vol)
	}
	weeks, _ := c.ListWeekCandles(ctx, bithumb.ListWeekCandlesParams{Market: "KRW-ETH", Count: ptr(int64(2))})
	if len(weeks) != 2 || weeks[0].FirstDayOfPeriod.String() != "2026-01-05" || weeks[1].FirstDayOfPeriod.String() != "2025-12-29" {
		t.Errorf("weeks %+v", weeks)
	}
	months, _ := c.ListMonthCandles(ctx, bithumb.ListMonthCandlesParams{Market: "KRW-ETH", Count: ptr(int64(3))})
	if len(months) != 3 || months[0].FirstDayOfPeriod.String() != "2026-01-01" || months[2].FirstDayOfPeriod.String() != "2025-11-01" {
		t.Errorf("months (40 days of history) %+v", months)
	}
	// Deterministic: the same seed and clock give the same market.
	g := newFixture(t, WithClock(clock.NewFake(testStart)))
	d1, _ := f.client.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "KRW-XRP", Count: ptr(int64(5)), To: ptr("2026-01-04 00:00:00")})
	d2, _ := g.client.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "KRW-XRP", Count: ptr(int64(5)), To: ptr("2026-01-04 00:00:00")})
	for i := range d1 {
		if !d1[i].TradePrice.Equal(d2[i].TradePrice) || !d1[i].HighPrice.Equal(d2[i].HighPrice) {
			t.Fatalf("day %d differs: %+v vs %+v", i, d1[i], d2[i])
		}
	}
}
