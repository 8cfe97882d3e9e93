package sim

// The legacy API 1.0 operations (/public, /info, /trade). Each method
// implements the api.StrictServerInterface operation of the same name.

import (
	"context"
	"strconv"
	"strings"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/internal/api"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/wire"
)

var (
	legacyBadParam  = legacyError("5500", "Invalid Parameter")
	legacyNotListed = legacyError("5500", "상장 코인 아님")
)

// pair resolves a legacy pair "BTC_KRW"; all reports "ALL_KRW".
func (h *handlers) pair(p string) (codes []string, quote string, all bool, ok bool) {
	base, quote, found := strings.Cut(strings.ToUpper(p), "_")
	if !found || base == "" || quote == "" {
		return nil, "", false, false
	}
	if base == "ALL" {
		for _, s := range h.s.engine.Markets() {
			if s.Quote() == quote {
				codes = append(codes, s.Code)
			}
		}
		return codes, quote, true, len(codes) > 0
	}
	code, ok := h.marketCode(quote + "-" + base)
	return []string{code}, quote, false, ok
}

func ls(d decimal.Decimal) *decimal.Decimal { return strp(d) }

func millisString(ms int64) wire.Timestamp {
	var ts wire.Timestamp
	_ = ts.UnmarshalJSON([]byte(`"` + strconv.FormatInt(ms, 10) + `"`))
	return ts
}

func (h *handlers) legacyTickerOf(code string) map[string]any {
	t, _ := h.s.engine.Ticker(code)
	fl, rate := legacyFluctuation(t)
	return map[string]any{
		"opening_price": str(t.Open), "closing_price": str(t.Last.Price), "min_price": str(t.Low), "max_price": str(t.High),
		"units_traded": str(t.AccVolume), "acc_trade_value": str(t.AccValue), "prev_closing_price": str(t.PrevClose),
		"units_traded_24H": str(t.AccVolume24h), "acc_trade_value_24H": str(t.AccValue24h),
		"fluctate_24H": str(fl), "fluctate_rate_24H": str(rate),
	}
}

// legacyFluctuation returns the change of t's last price since the
// previous close, and that change in percent (two decimals).
func legacyFluctuation(t market.Ticker) (change, rate decimal.Decimal) {
	change, rate = t.Last.Price.Sub(t.PrevClose), decimal.Zero
	if t.PrevClose.IsPositive() {
		rate = change.Mul(decimal.NewFromInt(100)).Div(t.PrevClose, 2, decimal.HalfUp)
	}
	return change, rate
}

func (h *handlers) LegacyTicker(_ context.Context, req api.LegacyTickerRequestObject) (api.LegacyTickerResponseObject, error) {
	codes, _, all, ok := h.pair(req.Pair)
	if !ok {
		return legacyNotListed, nil
	}
	date := strconv.FormatInt(h.s.engine.Now().UnixMilli(), 10)
	if !all {
		data := h.legacyTickerOf(codes[0])
		data["date"] = date
		return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": data}}, nil
	}
	data := map[string]any{"date": date}
	for _, c := range codes {
		spec, _ := h.s.engine.MarketSpec(c)
		data[spec.Base()] = h.legacyTickerOf(c)
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": data}}, nil
}

func levelsOf(ls []market.Level) []gen.LegacyOrderbookLevel {
	out := []gen.LegacyOrderbookLevel{}
	for _, l := range ls {
		out = append(out, gen.LegacyOrderbookLevel{Price: str(l.Price), Quantity: str(l.Size)})
	}
	return out
}

func (h *handlers) LegacyOrderbook(_ context.Context, req api.LegacyOrderbookRequestObject) (api.LegacyOrderbookResponseObject, error) {
	codes, quote, all, ok := h.pair(req.Pair)
	if !ok {
		return legacyNotListed, nil
	}
	def := int64(30)
	if all {
		def = 5
	}
	n, ok := countParam(req.Params.Count, def, 30)
	if !ok {
		return legacyBadParam, nil
	}
	ts := millisString(h.s.engine.Now().UnixMilli())
	data := gen.LegacyOrderbook{Timestamp: &ts, PaymentCurrency: &quote}
	for _, c := range codes {
		b, _ := h.s.engine.Orderbook(c, n)
		spec, _ := h.s.engine.MarketSpec(c)
		asks, bids := levelsOf(b.Asks), levelsOf(b.Bids)
		if !all {
			base := spec.Base()
			data.OrderCurrency, data.Asks, data.Bids = &base, &asks, &bids
			continue
		}
		data.Set(spec.Base(), map[string]any{"order_currency": spec.Base(), "bids": bids, "asks": asks})
	}
	return api.LegacyOrderbook200JSONResponse{Status: "0000", Data: &data}, nil
}

func (h *handlers) LegacyTransactionHistory(_ context.Context, req api.LegacyTransactionHistoryRequestObject) (api.LegacyTransactionHistoryResponseObject, error) {
	codes, _, all, ok := h.pair(req.Pair)
	if !ok || all {
		return legacyNotListed, nil
	}
	n, ok := countParam(req.Params.Count, 20, 100)
	if !ok {
		return legacyBadParam, nil
	}
	trades, _ := h.s.engine.Trades(codes[0], n, 0, timeZero)
	var rows []map[string]any
	for _, t := range trades {
		rows = append(rows, map[string]any{
			"transaction_date": t.Time.In(market.KST).Format("2006-01-02 15:04:05"), "type": strings.ToLower(t.Side),
			"units_traded": str(t.Volume), "price": str(t.Price), "total": str(t.Price.Mul(t.Volume).Round(0, decimal.Down)),
		})
	}
	if rows == nil {
		rows = []map[string]any{}
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": rows}}, nil
}

var legacyIntervals = map[gen.LegacyCandlestickParamsInterval]market.Unit{
	"1m": 1, "3m": 3, "5m": 5, "10m": 10, "30m": 30, "1h": 60, "6h": 360, "12h": 720, "24h": market.Day, "1w": market.Week, "1mm": market.Month,
}

func (h *handlers) LegacyCandlestick(_ context.Context, req api.LegacyCandlestickRequestObject) (api.LegacyCandlestickResponseObject, error) {
	codes, _, all, ok := h.pair(req.Pair)
	if !ok || all {
		return legacyNotListed, nil
	}
	unit, ok := legacyIntervals[req.Interval]
	if !ok {
		return legacyBadParam, nil
	}
	cs, _ := h.s.engine.Candles(codes[0], unit, timeZero, 200)
	rows := [][]gen.NumberOrString{}
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		rows = append(rows, []gen.NumberOrString{decimal.NewFromInt(c.Start.UnixMilli()).AsNumber(),
			str(c.Open), str(c.Close), str(c.High), str(c.Low), str(c.Volume)})
	}
	return api.LegacyCandlestick200JSONResponse{Status: "0000", Data: &rows}, nil
}

func (h *handlers) LegacyAssetsStatus(_ context.Context, req api.LegacyAssetsStatusRequestObject) (api.LegacyAssetsStatusResponseObject, error) {
	status := func(c engine.Currency) map[string]any {
		d, w := 1, 1
		if c.WalletState == "paused" || c.WalletState == "withdraw_only" {
			d = 0
		}
		if c.WalletState == "paused" || c.WalletState == "deposit_only" {
			w = 0
		}
		return map[string]any{"deposit_status": d, "withdrawal_status": w}
	}
	if strings.EqualFold(req.Currency, "ALL") {
		data := map[string]any{}
		for _, c := range h.s.engine.Currencies() {
			if c.Code != "KRW" {
				data[c.Code] = status(c)
			}
		}
		return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": data}}, nil
	}
	c, ok := h.s.engine.CurrencyInfo(req.Currency)
	if !ok || c.Code == "KRW" {
		return legacyNotListed, nil
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": status(c)}}, nil
}

func (h *handlers) LegacyWithdrawMinimum(_ context.Context, req api.LegacyWithdrawMinimumRequestObject) (api.LegacyWithdrawMinimumResponseObject, error) {
	var rows []map[string]any
	for _, c := range h.s.engine.Currencies() {
		if c.Code == "KRW" || !strings.EqualFold(req.Currency, "ALL") && !strings.EqualFold(req.Currency, c.Code) {
			continue
		}
		rows = append(rows, map[string]any{"currency": c.Code, "net_type": c.NetType, "minimum": str(c.WithdrawMin)})
	}
	if rows == nil {
		return legacyNotListed, nil
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": rows}}, nil
}

func (h *handlers) LegacyNetworkInfo(_ context.Context, _ api.LegacyNetworkInfoRequestObject) (api.LegacyNetworkInfoResponseObject, error) {
	var rows []map[string]any
	for _, c := range h.s.engine.Currencies() {
		if c.Code != "KRW" {
			rows = append(rows, map[string]any{"net_type": c.NetType, "net_name": c.NetworkName})
		}
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": rows}}, nil
}

// ---------------------------------------------------------- legacy private

func legacyOK(data any) rawResponse {
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "data": data}}
}

// legacyFail maps an engine refusal to a legacy status.
func legacyFail(err error) rawResponse {
	e, ok := err.(*engine.Error)
	if !ok {
		return legacyError("5900", "Unknown Error")
	}
	if e.Name == "invalid_parameter" || strings.HasPrefix(e.Name, "invalid_price") {
		return legacyError("5500", "Invalid Parameter")
	}
	return legacyError("5600", e.Message)
}

func payment(p *string) string {
	if p == nil || *p == "" {
		return "KRW"
	}
	return strings.ToUpper(*p)
}

func (h *handlers) LegacyAccount(ctx context.Context, req api.LegacyAccountRequestObject) (api.LegacyAccountResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	cur := strings.ToUpper(req.Body.OrderCurrency)
	if _, ok := h.s.engine.CurrencyInfo(cur); !ok {
		return legacyNotListed, nil
	}
	maker, taker := h.s.engine.Fees()
	_ = maker
	b := h.s.engine.BalanceOf(account(ctx), cur)
	return legacyOK(map[string]any{
		"created": h.s.engine.Now().AddDate(-1, 0, 0).UnixMilli(), "account_id": "A" + strings.ToUpper(account(ctx)),
		"order_currency": cur, "payment_currency": payment(req.Body.PaymentCurrency), "trade_fee": str(taker),
		"balance": str(b.Balance.Add(b.Locked)),
	}), nil
}

// LegacyInfoTicker answers the member's ticker of a pair (POST
// /info/ticker): the public ticker's 24-hour figures, with the average
// price of those 24 hours and the volumes of the last one and seven days.
func (h *handlers) LegacyInfoTicker(_ context.Context, req api.LegacyInfoTickerRequestObject) (api.LegacyInfoTickerResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	cur, quote := strings.ToUpper(req.Body.OrderCurrency), payment(req.Body.PaymentCurrency)
	code, ok := h.marketCode(quote + "-" + cur)
	if !ok {
		return legacyNotListed, nil
	}
	t, _ := h.s.engine.Ticker(code)
	avg := t.Last.Price
	if t.AccVolume24h.IsPositive() {
		avg = t.AccValue24h.Div(t.AccVolume24h, 4, decimal.HalfUp)
	}
	week := decimal.Zero
	days, _ := h.s.engine.Candles(code, market.Day, timeZero, 7)
	for _, c := range days {
		week = week.Add(c.Volume)
	}
	fl, rate := legacyFluctuation(t)
	return legacyOK(map[string]any{
		"order_currency": cur, "payment_currency": quote,
		"opening_price": str(t.Open), "closing_price": str(t.Last.Price), "min_price": str(t.Low), "max_price": str(t.High),
		"average_price": str(avg), "units_traded": str(t.AccVolume24h), "volume_1day": str(t.AccVolume24h), "volume_7day": str(week),
		"fluctate_24H": str(fl), "fluctate_rate_24H": str(rate), "date": strconv.FormatInt(h.s.engine.Now().UnixMilli(), 10),
	}), nil
}

func (h *handlers) LegacyBalance(ctx context.Context, req api.LegacyBalanceRequestObject) (api.LegacyBalanceResponseObject, error) {
	want := "BTC"
	if req.Body != nil && req.Body.Currency != nil && *req.Body.Currency != "" {
		want = strings.ToUpper(*req.Body.Currency)
	}
	data := map[string]decimal.Decimal{}
	add := func(cur string) {
		b := h.s.engine.BalanceOf(account(ctx), cur)
		lc := strings.ToLower(cur)
		data["total_"+lc] = str(b.Balance.Add(b.Locked))
		data["in_use_"+lc] = str(b.Locked)
		data["available_"+lc] = str(b.Balance)
		if cur != "KRW" {
			if t, ok := h.s.engine.Ticker("KRW-" + cur); ok {
				data["xcoin_last_"+lc] = str(t.Last.Price)
			}
		}
	}
	if want == "ALL" {
		for _, c := range h.s.engine.Currencies() {
			add(c.Code)
		}
	} else {
		if _, ok := h.s.engine.CurrencyInfo(want); !ok || want == "KRW" {
			return legacyNotListed, nil
		}
		add(want)
		add("KRW")
	}
	return api.LegacyBalance200JSONResponse{Status: "0000", Data: &data}, nil
}

func (h *handlers) LegacyWalletAddress(ctx context.Context, req api.LegacyWalletAddressRequestObject) (api.LegacyWalletAddressResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	d, err := h.s.engine.DepositAddressOf(account(ctx), req.Body.Currency, deref(req.Body.NetType), true)
	if err != nil {
		return legacyFail(err), nil
	}
	addr := d.Address
	if d.SecondaryAddress != "" {
		addr += "&dt=" + d.SecondaryAddress
	}
	return legacyOK(map[string]any{"wallet_address": addr, "currency": d.Currency, "net_type": d.NetType}), nil
}

func legacyStatusOf(o *engine.Order) string {
	switch o.State {
	case engine.StateDone:
		return "Completed"
	case engine.StateCancel:
		return "Cancel"
	}
	return "Pending"
}

func micros(o *engine.Order) string { return strconv.FormatInt(o.CreatedAt.UnixMicro(), 10) }

func (h *handlers) LegacyOrders(ctx context.Context, req api.LegacyOrdersRequestObject) (api.LegacyOrdersResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	b := req.Body
	code, ok := h.marketCode(payment(b.PaymentCurrency) + "-" + b.OrderCurrency)
	if !ok {
		return legacyNotListed, nil
	}
	n, ok := countParam(b.Count, 100, 1000)
	if !ok {
		return legacyBadParam, nil
	}
	q := engine.OrderQuery{Market: code, States: []string{engine.StateWait}, Limit: n, Page: 1}
	if b.OrderID != nil && *b.OrderID != "" {
		q.IDs = []string{*b.OrderID}
	}
	var rows []map[string]any
	for _, o := range h.s.engine.Orders(account(ctx), q) {
		if b.Type != nil && string(*b.Type) != string(o.Side) {
			continue
		}
		if b.After != nil && o.CreatedAt.UnixMilli() <= *b.After {
			continue
		}
		spec, _ := h.s.engine.MarketSpec(o.Market)
		rows = append(rows, map[string]any{
			"order_currency": spec.Base(), "payment_currency": spec.Quote(), "order_id": o.ID, "order_date": micros(o),
			"type": string(o.Side), "watch_price": "0", "units": str(o.Volume), "units_remaining": str(o.Remaining),
			"price": str(o.Limit), "stp_type": o.STPType,
		})
	}
	if len(rows) == 0 {
		return legacyError("5600", "거래 진행중인 내역이 존재하지 않습니다."), nil
	}
	return legacyOK(rows), nil
}

func (h *handlers) LegacyOrderDetail(ctx context.Context, req api.LegacyOrderDetailRequestObject) (api.LegacyOrderDetailResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	o, err := h.s.engine.GetOrder(account(ctx), req.Body.OrderID, "")
	if err != nil {
		return legacyError("5600", "거래 체결내역이 존재하지 않습니다."), nil
	}
	spec, _ := h.s.engine.MarketSpec(o.Market)
	contract := []map[string]any{}
	for _, f := range o.Fills {
		contract = append(contract, map[string]any{
			"transaction_date": strconv.FormatInt(f.CreatedAt.UnixMicro(), 10), "price": str(f.Price), "units": str(f.Volume),
			"fee_currency": spec.Quote(), "fee": str(f.Fee), "total": str(f.Funds),
		})
	}
	cancelDate := ""
	if o.State == engine.StateCancel {
		cancelDate = strconv.FormatInt(o.DoneAt.UnixMicro(), 10)
	}
	price := o.Limit
	if o.Type == engine.Price {
		price = o.Price
	}
	return legacyOK(map[string]any{
		"order_date": micros(o), "type": string(o.Side), "order_status": legacyStatusOf(o), "order_currency": spec.Base(),
		"payment_currency": spec.Quote(), "watch_price": "0", "order_price": str(price), "order_qty": str(o.Volume),
		"cancel_date": cancelDate, "cancel_type": o.CancelType, "contract": contract,
	}), nil
}

func (h *handlers) LegacyUserTransactions(ctx context.Context, req api.LegacyUserTransactionsRequestObject) (api.LegacyUserTransactionsResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	b := req.Body
	code, ok := h.marketCode(payment(b.PaymentCurrency) + "-" + b.OrderCurrency)
	if !ok {
		return legacyNotListed, nil
	}
	n, ok := countParam(b.Count, 20, 50)
	if !ok {
		return legacyBadParam, nil
	}
	offset := 0
	if b.Offset != nil {
		offset = int(*b.Offset)
	}
	spec, _ := h.s.engine.MarketSpec(code)
	acct := account(ctx)
	base, quote := h.s.engine.BalanceOf(acct, spec.Base()), h.s.engine.BalanceOf(acct, spec.Quote())
	var rows []map[string]any
	for _, o := range h.s.engine.Orders(acct, engine.OrderQuery{Market: code, Limit: 1 << 30}) {
		search := "1"
		if o.Side == engine.Ask {
			search = "2"
		}
		if b.SearchGb != nil && *b.SearchGb != 0 && strconv.FormatInt(*b.SearchGb, 10) != search {
			continue
		}
		for i := len(o.Fills) - 1; i >= 0; i-- {
			f := o.Fills[i]
			rows = append(rows, map[string]any{
				"search": search, "transfer_date": strconv.FormatInt(f.CreatedAt.UnixMicro(), 10),
				"order_currency": spec.Base(), "payment_currency": spec.Quote(), "units": str(f.Volume), "price": str(f.Price),
				"amount": str(f.Funds), "fee_currency": spec.Quote(), "fee": str(f.Fee),
				"order_balance": str(base.Balance.Add(base.Locked)), "payment_balance": str(quote.Balance.Add(quote.Locked)),
			})
		}
	}
	if offset > len(rows) {
		offset = len(rows)
	}
	rows = rows[offset:min(offset+n, len(rows))]
	if rows == nil {
		rows = []map[string]any{}
	}
	return legacyOK(rows), nil
}

// formDecimal reads a decimal field of the legacy form body. The
// generated form binder does not decode decimal.Decimal, so amounts are
// read from the raw form.
func formDecimal(ctx context.Context, name string) decimal.Decimal {
	v, err := decimal.Parse(infoFrom(ctx).form.Get(name))
	if err != nil {
		return decimal.Zero
	}
	return v
}

func (h *handlers) legacyPlace(ctx context.Context, req engine.OrderRequest) rawResponse {
	o, err := h.s.engine.PlaceOrder(account(ctx), req)
	if err != nil {
		return legacyFail(err)
	}
	return rawResponse{status: 200, body: map[string]any{"status": "0000", "order_id": o.ID}}
}

func (h *handlers) LegacyPlaceOrder(ctx context.Context, req api.LegacyPlaceOrderRequestObject) (api.LegacyPlaceOrderResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	b := req.Body
	return h.legacyPlace(ctx, engine.OrderRequest{Market: strings.ToUpper(b.PaymentCurrency + "-" + b.OrderCurrency),
		Side: engine.Side(b.Type), Type: engine.Limit, Price: formDecimal(ctx, "price"), Volume: formDecimal(ctx, "units")}), nil
}

func (h *handlers) LegacyMarketBuy(ctx context.Context, req api.LegacyMarketBuyRequestObject) (api.LegacyMarketBuyResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	b := req.Body
	return h.legacyPlace(ctx, engine.OrderRequest{Market: strings.ToUpper(b.PaymentCurrency + "-" + b.OrderCurrency),
		Side: engine.Bid, Type: engine.Market, Volume: formDecimal(ctx, "units"), LegacyMarketBuy: true}), nil
}

func (h *handlers) LegacyMarketSell(ctx context.Context, req api.LegacyMarketSellRequestObject) (api.LegacyMarketSellResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	b := req.Body
	return h.legacyPlace(ctx, engine.OrderRequest{Market: strings.ToUpper(b.PaymentCurrency + "-" + b.OrderCurrency),
		Side: engine.Ask, Type: engine.Market, Volume: formDecimal(ctx, "units")}), nil
}

func (h *handlers) LegacyCancelOrder(ctx context.Context, req api.LegacyCancelOrderRequestObject) (api.LegacyCancelOrderResponseObject, error) {
	if req.Body == nil {
		return legacyBadParam, nil
	}
	if _, err := h.s.engine.CancelOrder(account(ctx), req.Body.OrderID, ""); err != nil {
		return legacyFail(err), nil
	}
	return api.LegacyCancelOrder200JSONResponse{Status: "0000"}, nil
}
