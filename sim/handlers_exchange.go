package sim

// The exchange operations: accounts, orders and TWAP orders. Each method
// implements the api.StrictServerInterface operation of the same name.

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/internal/api"
)

func account(ctx context.Context) string { return infoFrom(ctx).account }

func (h *handlers) ListAccounts(ctx context.Context, _ api.ListAccountsRequestObject) (api.ListAccountsResponseObject, error) {
	rows, err := h.s.engine.Accounts(account(ctx))
	if err != nil {
		return apiError(err), nil
	}
	out := api.ListAccounts200JSONResponse{}
	for _, r := range rows {
		out = append(out, renderAccount(r.Currency, r.Balance))
	}
	return out, nil
}

func (h *handlers) GetOrderChance(ctx context.Context, req api.GetOrderChanceRequestObject) (api.GetOrderChanceResponseObject, error) {
	code, ok := h.marketCode(req.Params.Market)
	if !ok {
		return invalidParam("market"), nil
	}
	spec, _ := h.s.engine.MarketSpec(code)
	maker, taker := h.s.engine.Fees()
	acct := account(ctx)
	q, b := spec.Quote(), spec.Base()
	types := []string{"limit", "price", "market"}
	bidTypes, askTypes := []string{"limit", "price"}, []string{"limit", "market"}
	if q == "KRW" {
		types = append(types, "best")
		bidTypes, askTypes = append(bidTypes, "best"), append(askTypes, "best")
	}
	side := func(cur string) gen.OrderChanceSide {
		s := gen.OrderChanceSide{Currency: cur, MinTotal: str(spec.MinTotal)}
		if q != "KRW" {
			s.PriceUnit = strp(spec.Tick)
		}
		return s
	}
	out := api.GetOrderChance200JSONResponse{
		BidFee: str(taker), AskFee: str(taker), MakerBidFee: strp(maker), MakerAskFee: strp(maker),
		Market: gen.OrderChanceMarket{
			ID: code, Name: b + "/" + q, OrderTypes: &types, OrderSides: []string{"ask", "bid"},
			BidTypes: &bidTypes, AskTypes: &askTypes, Bid: side(q), Ask: side(b), MaxTotal: strp(spec.MaxTotal), State: "active",
		},
		BidAccount: renderAccount(q, h.s.engine.BalanceOf(acct, q)),
		AskAccount: renderAccount(b, h.s.engine.BalanceOf(acct, b)),
	}
	return out, nil
}

func (h *handlers) ListAPIKeys(ctx context.Context, _ api.ListAPIKeysRequestObject) (api.ListAPIKeysResponseObject, error) {
	out := api.ListAPIKeys200JSONResponse{}
	for _, k := range h.s.verifier.Keys(account(ctx)) {
		exp := k.ExpireAt
		if exp.IsZero() {
			exp = h.s.engine.Now().AddDate(1, 0, 0)
		}
		out = append(out, gen.APIKey{AccessKey: k.AccessKey, ExpireAt: kst(exp)})
	}
	return out, nil
}

func (h *handlers) GetWalletStatus(_ context.Context, _ api.GetWalletStatusRequestObject) (api.GetWalletStatusResponseObject, error) {
	now := h.s.engine.Now()
	out := api.GetWalletStatus200JSONResponse{}
	for _, c := range h.s.engine.Currencies() {
		if c.Code == "KRW" {
			continue
		}
		state := gen.WalletStatusBlockState("normal")
		height := now.Unix()/600 - 2_000_000 + int64(len(c.Code))*100_000
		out = append(out, gen.WalletStatus{
			Currency: c.Code, WalletState: gen.WalletStatusWalletState(c.WalletState), BlockState: &state,
			BlockHeight: &height, BlockUpdatedAt: kstp(now.Add(-2 * time.Minute)), BlockElapsedMinutes: ptr(int64(2)),
			NetType: ptr(c.NetType), NetworkName: ptr(c.NetworkName),
		})
	}
	return out, nil
}

// ------------------------------------------------------------------- orders

func toRequest(r gen.PlaceOrderRequest) engine.OrderRequest {
	return engine.OrderRequest{
		Market: r.Market, Side: engine.Side(r.Side), Type: engine.OrderType(r.OrderType), Price: r.Price,
		Volume: r.Volume, ClientOrderID: r.ClientOrderID, TimeInForce: string(r.TimeInForce),
	}
}

func (h *handlers) PlaceOrder(ctx context.Context, req api.PlaceOrderRequestObject) (api.PlaceOrderResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	o, err := h.s.engine.PlaceOrder(account(ctx), toRequest(*req.Body))
	if err != nil {
		return apiError(err), nil
	}
	out := api.PlaceOrder201JSONResponse{
		OrderID: o.ID, Market: o.Market, Side: gen.OrderSide(o.Side), OrderType: gen.OrderType(o.Type),
		CreatedAt: kst(o.CreatedAt), StpType: ptr(o.STPType),
	}
	if o.ClientOrderID != "" {
		out.ClientOrderID = ptr(o.ClientOrderID)
	}
	if o.TimeInForce != "" {
		out.TimeInForce = ptr(gen.TimeInForce(o.TimeInForce))
	}
	return out, nil
}

func (h *handlers) PlaceOrderV1(ctx context.Context, req api.PlaceOrderV1RequestObject) (api.PlaceOrderV1ResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	b := req.Body
	o, err := h.s.engine.PlaceOrder(account(ctx), engine.OrderRequest{
		Market: b.Market, Side: engine.Side(b.Side), Type: engine.OrderType(b.OrdType), Price: b.Price, Volume: b.Volume,
	})
	if err != nil {
		return apiError(err), nil
	}
	f := fieldsOf(o)
	return api.PlaceOrderV1201JSONResponse{UUID: o.ID, Market: o.Market, Side: gen.OrderSide(o.Side), OrdType: string(o.Type),
		Price: f.price, Volume: f.volume, CreatedAt: kst(o.CreatedAt)}, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (h *handlers) CancelOrder(ctx context.Context, req api.CancelOrderRequestObject) (api.CancelOrderResponseObject, error) {
	id, cid := deref(req.Params.OrderID), deref(req.Params.ClientOrderID)
	if id == "" && cid == "" {
		return invalidParam("order_id or client_order_id"), nil
	}
	o, err := h.s.engine.CancelOrder(account(ctx), id, cid)
	if err != nil {
		return apiError(err), nil
	}
	out := api.CancelOrder200JSONResponse{OrderID: ptr(o.ID), CreatedAt: kst(o.CreatedAt)}
	if o.ClientOrderID != "" {
		out.ClientOrderID = ptr(o.ClientOrderID)
	}
	return out, nil
}

func (h *handlers) CancelOrderV1(ctx context.Context, req api.CancelOrderV1RequestObject) (api.CancelOrderV1ResponseObject, error) {
	if req.Params.UUID == "" {
		return invalidParam("uuid"), nil
	}
	o, err := h.s.engine.CancelOrder(account(ctx), req.Params.UUID, "")
	if err != nil {
		return apiError(err), nil
	}
	return api.CancelOrderV1200JSONResponse{UUID: o.ID, CreatedAt: kst(o.CreatedAt)}, nil
}

func (h *handlers) PlaceOrderBatch(ctx context.Context, req api.PlaceOrderBatchRequestObject) (api.PlaceOrderBatchResponseObject, error) {
	if req.Body == nil || len(req.Body.BatchOrders) == 0 || len(req.Body.BatchOrders) > 20 {
		return invalidParam("batch_orders: 1 to 20 orders"), nil
	}
	reqs := make([]engine.OrderRequest, len(req.Body.BatchOrders))
	for i, r := range req.Body.BatchOrders {
		reqs[i] = toRequest(r)
	}
	results := h.s.engine.PlaceOrders(account(ctx), reqs)
	out := api.PlaceOrderBatch200JSONResponse{BatchOrdersResponse: []gen.BatchOrderResult{}}
	for i, res := range results {
		var item gen.BatchOrderResult
		if cid := req.Body.BatchOrders[i].ClientOrderID; cid != "" {
			item.ClientOrderID = ptr(cid)
		}
		if res.Err != nil {
			item.Name, item.Message = ptr(res.Err.Name), ptr(res.Err.Message)
		} else {
			o := res.Order
			side, typ := gen.OrderSide(o.Side), gen.OrderType(o.Type)
			item.OrderID, item.Market, item.Side, item.OrderType = &o.ID, &o.Market, &side, &typ
			item.CreatedAt, item.StpType = kstp(o.CreatedAt), ptr(o.STPType)
			if o.TimeInForce != "" {
				item.TimeInForce = ptr(gen.TimeInForce(o.TimeInForce))
			}
		}
		out.BatchOrdersResponse = append(out.BatchOrdersResponse, item)
	}
	return out, nil
}

func (h *handlers) CancelOrderBatch(ctx context.Context, req api.CancelOrderBatchRequestObject) (api.CancelOrderBatchResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	ids, cids := req.Body.OrderIds, req.Body.ClientOrderIds
	if (len(ids) == 0) == (len(cids) == 0) || len(ids) > 30 || len(cids) > 30 {
		return invalidParam("order_ids or client_order_ids: 1 to 30"), nil
	}
	var out api.CancelOrderBatch200JSONResponse
	out.Success = []gen.CancelOrderBatchSuccess{}
	out.Fail = []gen.CancelOrderBatchFailure{}
	for _, res := range h.s.engine.CancelOrders(account(ctx), ids, cids) {
		if res.Err != nil {
			var name gen.ErrorDetail_Name
			_ = name.FromErrorDetailName0(res.Err.Name)
			item := gen.CancelOrderBatchFailure{Error: gen.ErrorDetail{Name: name, Message: ptr(res.Err.Message)}}
			if res.Order.ID != "" {
				item.OrderID = ptr(res.Order.ID)
			} else {
				item.ClientOrderID = ptr(res.Order.ClientOrderID)
			}
			out.Fail = append(out.Fail, item)
			continue
		}
		o := res.Order
		item := gen.CancelOrderBatchSuccess{CreatedAt: kst(o.CreatedAt), OrderID: ptr(o.ID)}
		if o.ClientOrderID != "" {
			item.ClientOrderID = ptr(o.ClientOrderID)
		}
		out.Success = append(out.Success, item)
	}
	return out, nil
}

func (h *handlers) GetOrder(ctx context.Context, req api.GetOrderRequestObject) (api.GetOrderResponseObject, error) {
	id, cid := deref(req.Params.UUID), deref(req.Params.ClientOrderID)
	if id == "" && cid == "" {
		return invalidParam("uuid or client_order_id"), nil
	}
	o, err := h.s.engine.GetOrder(account(ctx), id, cid)
	if err != nil {
		return apiError(err), nil
	}
	return api.GetOrder200JSONResponse(renderOrderDetail(o)), nil
}

func limitParam(p *int64, def, max int64) (int, bool) { return countParam(p, def, max) }

// cursorPage reads the paging parameters of a cursor-paged list: limit
// (default 100, at most max), order_by and the next_key of kind. bad
// names the first invalid one, or is empty.
func cursorPage(kind string, limit *int64, max int64, order *gen.OrderBy, next *string) (n int, asc bool, after int64, bad string) {
	var ok bool
	if n, ok = limitParam(limit, 100, max); !ok {
		return 0, false, 0, "limit"
	}
	if asc, ok = orderBy(order); !ok {
		return 0, false, 0, "order_by"
	}
	if after, ok = decodeCursor(kind, next); !ok {
		return 0, false, 0, "next_key"
	}
	return n, asc, after, ""
}

func orderBy(p *gen.OrderBy) (bool, bool) {
	if p == nil || *p == "" {
		return false, true
	}
	switch *p {
	case "asc":
		return true, true
	case "desc":
		return false, true
	}
	return false, false
}

func (h *handlers) ListOrders(ctx context.Context, req api.ListOrdersRequestObject) (api.ListOrdersResponseObject, error) {
	p := req.Params
	q := engine.OrderQuery{}
	if p.Market != nil {
		code, ok := h.marketCode(*p.Market)
		if !ok {
			return invalidParam("market"), nil
		}
		q.Market = code
	}
	var states []string
	if p.State != nil {
		states = append(states, string(*p.State))
	}
	if p.States != nil {
		for _, s := range *p.States {
			states = append(states, string(s))
		}
	}
	watch := false
	for _, s := range states {
		switch s {
		case engine.StateWatch:
			watch = true
		case engine.StateWait, engine.StateDone, engine.StateCancel:
		default:
			return invalidParam("state"), nil
		}
	}
	if watch && len(states) > 1 {
		return invalidParam("watch cannot be mixed with other states"), nil
	}
	if p.Uuids != nil {
		q.IDs = *p.Uuids
	}
	if p.ClientOrderIds != nil {
		q.ClientOrderIDs = *p.ClientOrderIds
	}
	if len(states) == 0 && len(q.IDs) == 0 && len(q.ClientOrderIDs) == 0 {
		states = []string{engine.StateWait}
	}
	q.States = states
	var ok bool
	if q.Limit, ok = limitParam(p.Limit, 100, 100); !ok {
		return invalidParam("limit"), nil
	}
	q.Page = 1
	if p.Page != nil {
		if *p.Page < 1 {
			return invalidParam("page"), nil
		}
		q.Page = int(*p.Page)
	}
	if q.Ascending, ok = orderBy(p.OrderBy); !ok {
		return invalidParam("order_by"), nil
	}
	out := api.ListOrders200JSONResponse{}
	if watch {
		return out, nil
	}
	for _, o := range h.s.engine.Orders(account(ctx), q) {
		out = append(out, renderOrder(o))
	}
	return out, nil
}

func (h *handlers) SearchOrders(ctx context.Context, req api.SearchOrdersRequestObject) (api.SearchOrdersResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	b := req.Body
	if len(b.OrderIds) == 0 && len(b.ClientOrderIds) == 0 || len(b.OrderIds) > 100 || len(b.ClientOrderIds) > 100 {
		return invalidParam("order_ids or client_order_ids: 1 to 100"), nil
	}
	// order_ids wins over client_order_ids; null and malformed ids are
	// dropped, and when none is left nothing matches.
	q := engine.OrderQuery{Limit: 1 << 30}
	if len(b.OrderIds) > 0 {
		q.IDs = wellFormed(b.OrderIds, orderIDRE)
	} else {
		q.ClientOrderIDs = wellFormed(b.ClientOrderIds, clientIDRE)
	}
	if len(q.IDs) == 0 && len(q.ClientOrderIDs) == 0 {
		return api.SearchOrders200JSONResponse{}, nil
	}
	if b.Market != "" {
		code, ok := h.marketCode(b.Market)
		if !ok {
			return invalidParam("market"), nil
		}
		q.Market = code
	}
	var ok bool
	ob := b.OrderBy
	if q.Ascending, ok = orderBy(&ob); !ok {
		return invalidParam("order_by"), nil
	}
	out := api.SearchOrders200JSONResponse{}
	for _, o := range h.s.engine.Orders(account(ctx), q) {
		var row gen.SearchOrderRow
		if err := row.FromOrderV2(renderOrderV2(o)); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// The shapes of the ids that POST /v2/orders/search keeps: an order id
// (C and 19 digits, or the UUID of an older order) and a client order id.
var (
	orderIDRE  = regexp.MustCompile(`^(C[0-9]{19}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$`)
	clientIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`)
)

// wellFormed returns the ids that match re, dropping the rest (null ids
// arrive as "").
func wellFormed(ids []string, re *regexp.Regexp) []string {
	var out []string
	for _, id := range ids {
		if re.MatchString(id) {
			out = append(out, id)
		}
	}
	return out
}

// Cursors are opaque to clients: base64 of "kind:seq:check".
func encodeCursor(kind string, seq int64) string {
	raw := fmt.Sprintf("%s|%d|%x", kind, seq, uint32(seq*2654435761))
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(kind string, s *string) (int64, bool) {
	if s == nil || *s == "" {
		return 0, true
	}
	raw, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != kind {
		return 0, false
	}
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || encodeCursor(kind, n) != *s {
		return 0, false
	}
	return n, true
}

func orderPage(orders []*engine.Order, more bool, kind string) gen.OrderPage {
	page := gen.OrderPage{Data: []gen.OrderV2{}, HasNext: more}
	for _, o := range orders {
		page.Data = append(page.Data, renderOrderV2(o))
	}
	if more && len(orders) > 0 {
		page.NextKey = ptr(encodeCursor(kind, orders[len(orders)-1].Seq))
	}
	return page
}

func (h *handlers) ListPendingOrders(ctx context.Context, req api.ListPendingOrdersRequestObject) (api.ListPendingOrdersResponseObject, error) {
	p := req.Params
	q := engine.OrderQuery{States: []string{engine.StateWait}}
	if p.Market != nil {
		code, ok := h.marketCode(*p.Market)
		if !ok {
			return invalidParam("market"), nil
		}
		q.Market = code
	}
	var bad string
	if q.Limit, q.Ascending, q.After, bad = cursorPage("pending", p.Limit, 100, p.OrderBy, p.NextKey); bad != "" {
		return invalidParam(bad), nil
	}
	if p.State != nil && *p.State == "watch" {
		return api.ListPendingOrders200JSONResponse(orderPage(nil, false, "pending")), nil
	}
	orders, more := h.s.engine.OrdersAfter(account(ctx), q)
	return api.ListPendingOrders200JSONResponse(orderPage(orders, more, "pending")), nil
}

func (h *handlers) ListClosedOrders(ctx context.Context, req api.ListClosedOrdersRequestObject) (api.ListClosedOrdersResponseObject, error) {
	p := req.Params
	q := engine.OrderQuery{}
	if p.Market != nil {
		code, ok := h.marketCode(*p.Market)
		if !ok {
			return invalidParam("market"), nil
		}
		q.Market = code
	}
	if p.State != nil && p.States != nil {
		return invalidParam("give state or states[], not both"), nil
	}
	switch {
	case p.State != nil:
		q.States = []string{string(*p.State)}
	case p.States != nil:
		for _, s := range *p.States {
			q.States = append(q.States, string(s))
		}
	default:
		q.States = []string{engine.StateDone, engine.StateCancel}
	}
	for _, s := range q.States {
		if s != engine.StateDone && s != engine.StateCancel {
			return invalidParam("state"), nil
		}
	}
	const week = 7 * 24 * time.Hour
	now := h.s.engine.Now()
	switch {
	case p.StartTime != nil && p.EndTime != nil:
		q.From, q.To = time.UnixMilli(*p.StartTime), time.UnixMilli(*p.EndTime)
	case p.StartTime != nil:
		q.From = time.UnixMilli(*p.StartTime)
		q.To = q.From.Add(week)
	case p.EndTime != nil:
		q.To = time.UnixMilli(*p.EndTime)
		q.From = q.To.Add(-week)
	default:
		q.To, q.From = now, now.Add(-week)
	}
	if q.To.Before(q.From) || q.To.Sub(q.From) > week {
		return invalidParam("start_time and end_time must be at most 7 days apart"), nil
	}
	var bad string
	if q.Limit, q.Ascending, q.After, bad = cursorPage("history", p.Limit, 1000, p.OrderBy, p.NextKey); bad != "" {
		return invalidParam(bad), nil
	}
	orders, more := h.s.engine.OrdersAfter(account(ctx), q)
	return api.ListClosedOrders200JSONResponse(orderPage(orders, more, "history")), nil
}

// --------------------------------------------------------------------- TWAP

func (h *handlers) PlaceTWAPOrder(ctx context.Context, req api.PlaceTWAPOrderRequestObject) (api.PlaceTWAPOrderResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	b := req.Body
	dur, err := strconv.Atoi(b.Duration)
	if err != nil {
		return invalidParam("duration"), nil
	}
	freq, err := strconv.Atoi(string(b.Frequency))
	if err != nil {
		return invalidParam("frequency"), nil
	}
	t, err := h.s.engine.PlaceTWAP(account(ctx), b.Market, engine.Side(b.Side), b.Price, b.Volume, dur, freq)
	if err != nil {
		return apiError(err), nil
	}
	return api.PlaceTWAPOrder200JSONResponse{AlgoOrderID: t.ID}, nil
}

func (h *handlers) ListTWAPOrders(ctx context.Context, req api.ListTWAPOrdersRequestObject) (api.ListTWAPOrdersResponseObject, error) {
	p := req.Params
	q := engine.TWAPQuery{State: "progress"}
	if p.State != nil {
		q.State = string(*p.State)
	}
	if p.Market != nil {
		code, ok := h.marketCode(*p.Market)
		if !ok {
			return invalidParam("market"), nil
		}
		q.Market = code
	}
	if p.Uuids != nil {
		q.IDs = *p.Uuids
	}
	var bad string
	if q.Limit, q.Ascending, q.After, bad = cursorPage("twap", p.Limit, 100, p.OrderBy, p.NextKey); bad != "" {
		return invalidParam(bad), nil
	}
	rows, more := h.s.engine.TWAPs(account(ctx), q)
	out := api.ListTWAPOrders200JSONResponse{HasNext: more, Orders: []gen.TWAPOrder{}}
	for _, t := range rows {
		out.Orders = append(out.Orders, renderTWAP(t))
	}
	if more && len(rows) > 0 {
		out.NextKey = ptr(encodeCursor("twap", rows[len(rows)-1].Seq))
	}
	return out, nil
}

func renderTWAP(t engine.TWAP) gen.TWAPOrder {
	out := gen.TWAPOrder{
		UUID: t.ID, Side: gen.OrderSide(t.Side), State: gen.TWAPOrderState(t.State), Market: t.Market,
		CreatedAt: kst(t.CreatedAt), TotalOrderCount: int64(t.Total), TotalTradesCount: int64(t.Trades),
		ProgressCount: int64(t.Progress), TotalExecutedAmount: str(t.Amount), TotalExecutedVolume: str(t.Executed),
		CanceledAt: kstp(t.CanceledAt), FinishedAt: kstp(t.FinishedAt), WalletID: ptr("0000000000-00-0000"),
	}
	if t.Side == engine.Bid {
		out.Price = strp(t.Price)
	} else {
		out.Volume = strp(t.Volume)
	}
	if t.Executed.IsPositive() {
		out.AvgTradePrice = strp(t.Amount.Div(t.Executed, 3, decimal.HalfUp))
	}
	if t.CancelType != "" {
		out.CancelType = ptr(t.CancelType)
	}
	return out
}

func (h *handlers) CancelTWAPOrder(ctx context.Context, req api.CancelTWAPOrderRequestObject) (api.CancelTWAPOrderResponseObject, error) {
	if req.Params.AlgoOrderID == "" {
		return invalidParam("algo_order_id"), nil
	}
	t, err := h.s.engine.CancelTWAP(account(ctx), req.Params.AlgoOrderID)
	if err != nil {
		return apiError(err), nil
	}
	return api.CancelTWAPOrder200JSONResponse{AlgoOrderID: t.ID}, nil
}
