package sim

// The quotation operations. Each method implements the
// api.StrictServerInterface operation of the same name; errors are
// answered with HTTP 200 and a numeric name, as Bithumb does.

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/internal/api"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/wire"
)

// marketCode upper-cases a market code and reports whether it is listed.
func (h *handlers) marketCode(code string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	_, ok := h.s.engine.MarketSpec(c)
	return c, ok
}

// markets resolves a markets list; one unknown code fails the call.
func (h *handlers) markets(list []string) ([]string, *rawResponse) {
	var out []string
	for _, item := range list {
		for _, c := range strings.Split(item, ",") {
			if strings.TrimSpace(c) == "" {
				continue
			}
			code, ok := h.marketCode(c)
			if !ok {
				return nil, &errCodeNotFound
			}
			out = append(out, code)
		}
	}
	if len(out) == 0 {
		return nil, &errMissing
	}
	if len(out) > 200 {
		r := rawResponse{status: 400, body: errorBody("invalid_parameter", "Parameter 'markets' must be less than or equal to 200 items.")}
		return nil, &r
	}
	return out, nil
}

func countParam(p *int64, def, max int64) (int, bool) {
	if p == nil {
		return int(def), true
	}
	if *p < 1 || *p > max {
		return 0, false
	}
	return int(*p), true
}

func (h *handlers) ListMarkets(_ context.Context, req api.ListMarketsRequestObject) (api.ListMarketsResponseObject, error) {
	details := req.Params.IsDetails != nil && *req.Params.IsDetails
	var list []gen.Market
	for _, s := range h.s.engine.Markets() {
		m := gen.Market{Market: s.Code, KoreanName: s.KoreanName, EnglishName: s.EnglishName}
		if details {
			w := gen.MarketMarketWarning("NONE")
			if s.Warning {
				w = "CAUTION"
			}
			m.MarketWarning = &w
		}
		list = append(list, m)
	}
	var body gen.ListMarkets200JSONResponseBody
	if err := body.FromListMarkets200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListMarkets200JSONResponse(body), nil
}

func (h *handlers) ListTickers(_ context.Context, req api.ListTickersRequestObject) (api.ListTickersResponseObject, error) {
	codes, bad := h.markets(req.Params.Markets)
	if bad != nil {
		return bad, nil
	}
	now := h.s.engine.Now()
	shift := time.Duration(0)
	if !h.s.cfg.Quirks.NoTickerShift {
		shift = 9 * time.Hour
	}
	list := make([]gen.Ticker, 0, len(codes))
	for _, code := range codes {
		t, _ := h.s.engine.Ticker(code)
		list = append(list, renderTicker(code, t, now, shift))
	}
	var body gen.ListTickers200JSONResponseBody
	if err := body.FromListTickers200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListTickers200JSONResponse(body), nil
}

func renderTicker(code string, t market.Ticker, now time.Time, shift time.Duration) gen.Ticker {
	last := t.Last
	diff := last.Price.Sub(t.PrevClose)
	change := "EVEN"
	switch diff.Sign() {
	case 1:
		change = "RISE"
	case -1:
		change = "FALL"
	}
	rate := decimal.Zero
	if t.PrevClose.IsPositive() {
		rate = diff.Div(t.PrevClose, 4, decimal.HalfUp)
	}
	return gen.Ticker{
		Market:             code,
		TradeDate:          last.Time.UTC().Format("20060102"),
		TradeTime:          last.Time.UTC().Format("150405"),
		TradeDateKST:       last.Time.In(market.KST).Format("20060102"),
		TradeTimeKST:       last.Time.In(market.KST).Format("150405"),
		TradeTimestamp:     wire.NewTimestamp(last.Time.Add(shift)),
		OpeningPrice:       num(t.Open),
		HighPrice:          num(t.High),
		LowPrice:           num(t.Low),
		TradePrice:         num(last.Price),
		PrevClosingPrice:   num(t.PrevClose),
		Change:             gen.TickerChange(change),
		ChangePrice:        num(diff.Abs()),
		ChangeRate:         num(rate.Abs()),
		SignedChangePrice:  num(diff),
		SignedChangeRate:   num(rate),
		TradeVolume:        num(last.Volume),
		AccTradePrice:      num(t.AccValue),
		AccTradePrice24H:   num(t.AccValue24h),
		AccTradeVolume:     num(t.AccVolume),
		AccTradeVolume24H:  num(t.AccVolume24h),
		Highest52WeekPrice: num(t.High52),
		Highest52WeekDate:  wire.NewDate(t.High52Date.In(market.KST)),
		Lowest52WeekPrice:  num(t.Low52),
		Lowest52WeekDate:   wire.NewDate(t.Low52Date.In(market.KST)),
		Timestamp:          wire.NewTimestamp(now.Add(shift)),
	}
}

func (h *handlers) ListOrderbooks(_ context.Context, req api.ListOrderbooksRequestObject) (api.ListOrderbooksResponseObject, error) {
	codes, bad := h.markets(req.Params.Markets)
	if bad != nil {
		return bad, nil
	}
	levels := 30
	if len(codes) > 1 {
		levels = 15
	}
	list := make([]gen.Orderbook, 0, len(codes))
	for _, code := range codes {
		b, _ := h.s.engine.Orderbook(code, levels)
		list = append(list, renderOrderbook(b, levels, !h.s.cfg.Quirks.OrderbookMillis))
	}
	var body gen.ListOrderbooks200JSONResponseBody
	if err := body.FromListOrderbooks200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListOrderbooks200JSONResponse(body), nil
}

func renderOrderbook(b engine.Book, levels int, micros bool) gen.Orderbook {
	out := gen.Orderbook{Market: b.Market, Timestamp: timestamp(b.Time, micros, false), OrderbookUnits: []gen.OrderbookUnit{}}
	var ta, tb decimal.Decimal
	n := max(len(b.Asks), len(b.Bids))
	for i := 0; i < n && i < levels; i++ {
		var u gen.OrderbookUnit
		u.AskPrice, u.AskSize, u.BidPrice, u.BidSize = num(decimal.Zero), num(decimal.Zero), num(decimal.Zero), num(decimal.Zero)
		if i < len(b.Asks) {
			u.AskPrice, u.AskSize = num(b.Asks[i].Price), num(b.Asks[i].Size)
			ta = ta.Add(b.Asks[i].Size)
		}
		if i < len(b.Bids) {
			u.BidPrice, u.BidSize = num(b.Bids[i].Price), num(b.Bids[i].Size)
			tb = tb.Add(b.Bids[i].Size)
		}
		out.OrderbookUnits = append(out.OrderbookUnits, u)
	}
	out.TotalAskSize, out.TotalBidSize = num(ta), num(tb)
	return out
}

var timeOfDayRE = regexp.MustCompile(`^([01]\d|2[0-3]):?([0-5]\d):?([0-5]\d)$`)

func (h *handlers) ListTrades(_ context.Context, req api.ListTradesRequestObject) (api.ListTradesResponseObject, error) {
	code, ok := h.marketCode(req.Params.Market)
	if !ok {
		return errCodeNotFound, nil
	}
	count, ok := countParam(req.Params.Count, 1, 500)
	if !ok {
		return errBadParam, nil
	}
	var cursor int64
	if req.Params.Cursor != nil && *req.Params.Cursor != "" {
		c, err := strconv.ParseInt(*req.Params.Cursor, 10, 64)
		if err != nil {
			return errBadParam, nil
		}
		cursor = c
	}
	now := h.s.engine.Now().In(market.KST)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, market.KST)
	var before time.Time
	if req.Params.DaysAgo != nil {
		if *req.Params.DaysAgo < 1 || *req.Params.DaysAgo > 7 {
			return errBadParam, nil
		}
		day = day.AddDate(0, 0, -int(*req.Params.DaysAgo))
		before = day.AddDate(0, 0, 1)
	}
	if req.Params.To != nil && *req.Params.To != "" {
		m := timeOfDayRE.FindStringSubmatch(*req.Params.To)
		if m == nil {
			return errBadParam, nil
		}
		hh, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		ss, _ := strconv.Atoi(m[3])
		before = day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second)
	}
	trades, _ := h.s.engine.Trades(code, count, cursor, before)
	strs := !h.s.cfg.Quirks.TradesAsNumbers
	val := func(d decimal.Decimal) decimal.Decimal {
		if strs {
			return str(d)
		}
		return num(d)
	}
	list := make([]gen.Trade, 0, len(trades))
	for _, t := range trades {
		var seq wire.Int64
		s := strconv.FormatInt(t.SeqID, 10)
		if strs {
			s = `"` + s + `"`
		}
		_ = seq.UnmarshalJSON([]byte(s))
		list = append(list, gen.Trade{
			Market: code, TradeDateUTC: t.Time.UTC().Format("2006-01-02"), TradeTimeUTC: t.Time.UTC().Format("15:04:05"),
			Timestamp: timestamp(t.Time, false, strs), TradePrice: val(t.Price), TradeVolume: val(t.Volume),
			PrevClosingPrice: val(t.PrevClose), ChangePrice: val(t.Price.Sub(t.PrevClose)),
			AskBid: gen.TradeAskBid(t.Side), SequentialID: &seq,
		})
	}
	var body gen.ListTrades200JSONResponseBody
	if err := body.FromListTrades200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListTrades200JSONResponse(body), nil
}

// parseTo reads a candle `to`: KST unless it ends in Z or has an offset.
func parseTo(s *string) (time.Time, bool) {
	if s == nil || *s == "" {
		return time.Time{}, true
	}
	v := *s
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, market.KST); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (h *handlers) candles(marketParam string, to *string, count *int64, unit market.Unit) ([]market.Candle, string, *rawResponse) {
	code, ok := h.marketCode(marketParam)
	if !ok {
		return nil, "", &errCodeNotFound
	}
	n, ok := countParam(count, 1, 200)
	if !ok {
		return nil, "", &errBadParam
	}
	t, ok := parseTo(to)
	if !ok {
		return nil, "", &errBadParam
	}
	cs, _ := h.s.engine.Candles(code, unit, t, n)
	return cs, code, nil
}

func base(code string, c market.Candle) gen.CandleBase {
	return gen.CandleBase{
		Market: code, CandleDateTimeUTC: wire.NewDateTimeUTC(c.Start), CandleDateTimeKST: wire.NewDateTimeKST(c.Start),
		OpeningPrice: num(c.Open), HighPrice: num(c.High), LowPrice: num(c.Low), TradePrice: num(c.Close),
		Timestamp: wire.NewTimestamp(c.Last), CandleAccTradePrice: num(c.Value), CandleAccTradeVolume: num(c.Volume),
	}
}

func (h *handlers) ListMinuteCandles(_ context.Context, req api.ListMinuteCandlesRequestObject) (api.ListMinuteCandlesResponseObject, error) {
	switch req.Unit {
	case 1, 3, 5, 10, 15, 30, 60, 240:
	default:
		return errBadParam, nil
	}
	cs, code, bad := h.candles(req.Params.Market, req.Params.To, req.Params.Count, market.Unit(req.Unit))
	if bad != nil {
		return bad, nil
	}
	list := make([]gen.MinuteCandle, 0, len(cs))
	for _, c := range cs {
		b := base(code, c)
		list = append(list, gen.MinuteCandle{
			Market: b.Market, CandleDateTimeUTC: b.CandleDateTimeUTC, CandleDateTimeKST: b.CandleDateTimeKST,
			OpeningPrice: b.OpeningPrice, HighPrice: b.HighPrice, LowPrice: b.LowPrice, TradePrice: b.TradePrice,
			Timestamp: b.Timestamp, CandleAccTradePrice: b.CandleAccTradePrice, CandleAccTradeVolume: b.CandleAccTradeVolume,
			Unit: int64(req.Unit),
		})
	}
	var body gen.ListMinuteCandles200JSONResponseBody
	if err := body.FromListMinuteCandles200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListMinuteCandles200JSONResponse(body), nil
}

func (h *handlers) ListDayCandles(_ context.Context, req api.ListDayCandlesRequestObject) (api.ListDayCandlesResponseObject, error) {
	cs, code, bad := h.candles(req.Params.Market, req.Params.To, req.Params.Count, market.Day)
	if bad != nil {
		return bad, nil
	}
	convert := req.Params.ConvertingPriceUnit != nil
	if convert && *req.Params.ConvertingPriceUnit != "KRW" {
		return errBadParam, nil
	}
	spec, _ := h.s.engine.MarketSpec(code)
	list := make([]gen.DayCandle, 0, len(cs))
	for _, c := range cs {
		b := base(code, c)
		d := gen.DayCandle{
			Market: b.Market, CandleDateTimeUTC: b.CandleDateTimeUTC, CandleDateTimeKST: b.CandleDateTimeKST,
			OpeningPrice: b.OpeningPrice, HighPrice: b.HighPrice, LowPrice: b.LowPrice, TradePrice: b.TradePrice,
			Timestamp: b.Timestamp, CandleAccTradePrice: b.CandleAccTradePrice, CandleAccTradeVolume: b.CandleAccTradeVolume,
			PrevClosingPrice: num(c.PrevClose), ChangePrice: num(c.Close.Sub(c.PrevClose)),
		}
		rate := decimal.Zero
		if c.PrevClose.IsPositive() {
			rate = c.Close.Sub(c.PrevClose).Div(c.PrevClose, 10, decimal.HalfUp)
		}
		d.ChangeRate = num(rate)
		if convert {
			v := c.Close
			if spec.Quote() != "KRW" {
				if t, ok := h.s.engine.Ticker("KRW-" + spec.Quote()); ok {
					v = v.Mul(t.Last.Price).Round(8, decimal.HalfUp)
				}
			}
			n := num(v)
			d.ConvertedTradePrice = &n
		}
		list = append(list, d)
	}
	var body gen.ListDayCandles200JSONResponseBody
	if err := body.FromListDayCandles200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListDayCandles200JSONResponse(body), nil
}

func (h *handlers) periodCandles(p gen.ListWeekCandlesParams, unit market.Unit) ([]gen.PeriodCandle, *rawResponse) {
	cs, code, bad := h.candles(p.Market, p.To, p.Count, unit)
	if bad != nil {
		return nil, bad
	}
	list := make([]gen.PeriodCandle, 0, len(cs))
	for _, c := range cs {
		b := base(code, c)
		list = append(list, gen.PeriodCandle{
			Market: b.Market, CandleDateTimeUTC: b.CandleDateTimeUTC, CandleDateTimeKST: b.CandleDateTimeKST,
			OpeningPrice: b.OpeningPrice, HighPrice: b.HighPrice, LowPrice: b.LowPrice, TradePrice: b.TradePrice,
			Timestamp: b.Timestamp, CandleAccTradePrice: b.CandleAccTradePrice, CandleAccTradeVolume: b.CandleAccTradeVolume,
			FirstDayOfPeriod: wire.NewDate(c.Start.In(market.KST)),
		})
	}
	return list, nil
}

func (h *handlers) ListWeekCandles(_ context.Context, req api.ListWeekCandlesRequestObject) (api.ListWeekCandlesResponseObject, error) {
	list, bad := h.periodCandles(req.Params, market.Week)
	if bad != nil {
		return bad, nil
	}
	var body gen.ListWeekCandles200JSONResponseBody
	if err := body.FromListWeekCandles200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListWeekCandles200JSONResponse(body), nil
}

func (h *handlers) ListMonthCandles(_ context.Context, req api.ListMonthCandlesRequestObject) (api.ListMonthCandlesResponseObject, error) {
	list, bad := h.periodCandles(gen.ListWeekCandlesParams(req.Params), market.Month)
	if bad != nil {
		return bad, nil
	}
	var body gen.ListMonthCandles200JSONResponseBody
	if err := body.FromListMonthCandles200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListMonthCandles200JSONResponse(body), nil
}

func (h *handlers) ListMarketWarnings(_ context.Context, _ api.ListMarketWarningsRequestObject) (api.ListMarketWarningsResponseObject, error) {
	list := []gen.MarketWarning{}
	for _, w := range h.s.engine.Warnings() {
		list = append(list, gen.MarketWarning{Market: w.Market, WarningType: w.Type, WarningStep: ptr(w.Step), EndDate: wire.NewKSTTime(w.EndDate)})
	}
	var body gen.ListMarketWarnings200JSONResponseBody
	if err := body.FromListMarketWarnings200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListMarketWarnings200JSONResponse(body), nil
}

func (h *handlers) ListNotices(_ context.Context, req api.ListNoticesRequestObject) (api.ListNoticesResponseObject, error) {
	n, ok := countParam(req.Params.Count, 5, 20)
	if !ok {
		return errBadParam, nil
	}
	list := []gen.Notice{}
	for _, x := range h.s.engine.Notices() {
		if len(list) == n {
			break
		}
		list = append(list, gen.Notice{Categories: x.Categories, Title: x.Title, PcURL: x.URL,
			PublishedAt: wire.NewKSTTime(x.PublishedAt), ModifiedAt: wire.NewKSTTime(x.ModifiedAt)})
	}
	var body gen.ListNotices200JSONResponseBody
	if err := body.FromListNotices200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListNotices200JSONResponse(body), nil
}

func (h *handlers) ListTransferFees(_ context.Context, req api.ListTransferFeesRequestObject) (api.ListTransferFeesResponseObject, error) {
	want := strings.ToUpper(req.Currency)
	list := []gen.CurrencyFees{}
	for _, c := range h.s.engine.Currencies() {
		if want != "ALL" && c.Code != want {
			continue
		}
		nf := gen.NetworkFee{NetName: c.NetworkName, DepositFeeQuantity: strp(decimal.Zero),
			DepositMinimumQuantity: strp(c.DepositMin), WithdrawFeeQuantity: strp(c.WithdrawFee),
			WithdrawMinimumQuantity: strp(c.WithdrawMin)}
		list = append(list, gen.CurrencyFees{Name: c.KoreanName, Currency: c.Code, Networks: []gen.NetworkFee{nf}})
	}
	if len(list) == 0 {
		return errCodeNotFound, nil
	}
	var body gen.ListTransferFees200JSONResponseBody
	if err := body.FromListTransferFees200JSONResponseBody0(list); err != nil {
		return nil, err
	}
	return api.ListTransferFees200JSONResponse(body), nil
}
