package sim

import (
	"strconv"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/internal/api"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/wire"
)

// handlers implements every operation of the spec. The methods written
// here (handlers_*.go) simulate the exchange; an operation without one is
// answered by the embedded api.Examples with the spec's response example,
// because a method of handlers wins over a promoted one. Such an
// operation must be marked x-bithumb-sim: example in the spec (see
// TestEveryOperation).
type handlers struct {
	api.Examples
	s *Server
}

var _ api.StrictServerInterface = (*handlers)(nil)

// num marks a quotation value (a JSON number); str an exchange amount (a
// JSON string).
func num(d decimal.Decimal) decimal.Decimal { return d.Normalize().AsNumber() }
func str(d decimal.Decimal) decimal.Decimal { return d.Normalize().AsString() }
func strp(d decimal.Decimal) *decimal.Decimal {
	v := str(d)
	return &v
}
func ptr[T any](v T) *T { return &v }

// kst renders an exchange time: KST, second precision.
func kst(t time.Time) time.Time { return t.In(market.KST).Truncate(time.Second) }

func kstp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := kst(t)
	return &v
}

// quoteError is a quotation error body (sent with HTTP 200).
func quoteError(code int64, msg string) rawResponse {
	return rawResponse{status: 200, body: map[string]any{"error": map[string]any{"name": code, "message": msg}}}
}

var (
	errCodeNotFound = quoteError(404, "Code not found")
	errMissing      = quoteError(400, "Missing request parameter error. Check the required parameters!")
	errBadParam     = quoteError(400, "Invalid parameter. Check the parameters!")
)

// apiError is an exchange error body with its status.
func apiError(err error) rawResponse {
	if e, ok := err.(*engine.Error); ok {
		return rawResponse{status: e.Status, body: errorBody(e.Name, e.Message)}
	}
	return rawResponse{status: 500, body: errorBody("server_error", "시스템이 원활하지 않습니다. 잠시 후 다시 시도해 주세요.")}
}

func invalidParam(detail string) rawResponse {
	msg := "잘못된 파라미터 입니다."
	if detail != "" {
		msg += " (" + detail + ")"
	}
	return rawResponse{status: 400, body: errorBody("invalid_parameter", msg)}
}

// legacyError is a legacy status envelope (HTTP 200).
func legacyError(status, msg string) rawResponse {
	return rawResponse{status: 200, body: map[string]string{"status": status, "message": msg}}
}

// timestamp builds a wire.Timestamp of t in milliseconds or
// microseconds, as a JSON number or string.
func timestamp(t time.Time, micros, quoted bool) wire.Timestamp {
	n := t.UnixMilli()
	if micros {
		n = t.UnixMicro()
	}
	s := strconv.FormatInt(n, 10)
	if quoted {
		s = `"` + s + `"`
	}
	var ts wire.Timestamp
	_ = ts.UnmarshalJSON([]byte(s))
	return ts
}

func renderAccount(cur string, b engine.Balance) gen.Account {
	return gen.Account{
		Currency: cur, Balance: str(b.Balance), Locked: str(b.Locked), AvgBuyPrice: str(b.AvgBuyPrice),
		AvgBuyPriceModified: false, UnitCurrency: "KRW",
	}
}

// orderFields are the columns shared by the v1 and v2 order shapes.
type orderFields struct {
	price, volume, remaining *decimal.Decimal
}

func fieldsOf(o *engine.Order) orderFields {
	var f orderFields
	switch {
	case o.Type == engine.Price:
		f.price = strp(o.Price)
	case o.Type == engine.Market:
	case o.Type == engine.Best && o.Side == engine.Ask:
		f.price = strp(o.Limit)
	default:
		f.price = strp(o.Price)
	}
	if o.Type != engine.Price {
		f.volume = strp(o.Volume)
		f.remaining = strp(o.Remaining)
	}
	return f
}

func renderOrder(o *engine.Order) gen.Order {
	f := fieldsOf(o)
	out := gen.Order{
		UUID: o.ID, Side: gen.OrderSide(o.Side), OrdType: gen.OrderType(o.Type), Price: f.price,
		State: gen.OrderState(o.State), Market: o.Market, CreatedAt: kst(o.CreatedAt), Volume: f.volume,
		RemainingVolume: f.remaining, ReservedFee: str(o.ReservedFee), RemainingFee: str(o.RemainingFee),
		PaidFee: str(o.PaidFee), Locked: str(o.Locked), ExecutedVolume: str(o.Executed),
		ExecutedFunds: strp(o.ExecutedFunds), TradesCount: int64(len(o.Fills)), StpType: ptr(o.STPType),
	}
	if o.ClientOrderID != "" {
		out.ClientOrderID = ptr(o.ClientOrderID)
	}
	if o.TimeInForce != "" {
		out.TimeInForce = ptr(gen.TimeInForce(o.TimeInForce))
	}
	if o.CancelType != "" {
		out.CancelType = ptr(o.CancelType)
	}
	if o.CancelingID != "" {
		out.CancelingUUID = ptr(o.CancelingID)
	}
	return out
}

func renderOrderDetail(o *engine.Order) gen.OrderDetail {
	v := renderOrder(o)
	d := gen.OrderDetail{
		CancelType: v.CancelType, ClientOrderID: v.ClientOrderID, CreatedAt: v.CreatedAt, ExecutedFunds: v.ExecutedFunds,
		ExecutedVolume: v.ExecutedVolume, Locked: v.Locked, Market: v.Market, OrdType: v.OrdType, PaidFee: v.PaidFee,
		Price: v.Price, RemainingFee: v.RemainingFee, RemainingVolume: v.RemainingVolume, ReservedFee: v.ReservedFee,
		Side: v.Side, State: v.State, StpType: v.StpType, TimeInForce: v.TimeInForce, TradesCount: v.TradesCount,
		UUID: v.UUID, Volume: v.Volume, CancelingUUID: v.CancelingUUID, Trades: []gen.OrderTrade{},
	}
	for _, f := range o.Fills {
		d.Trades = append(d.Trades, gen.OrderTrade{
			Market: o.Market, UUID: f.ID, Price: str(f.Price), Volume: str(f.Volume), Funds: str(f.Funds),
			Side: gen.OrderSide(f.Side), CreatedAt: kst(f.CreatedAt),
		})
	}
	return d
}

func renderOrderV2(o *engine.Order) gen.OrderV2 {
	f := fieldsOf(o)
	out := gen.OrderV2{
		OrderID: o.ID, Side: gen.OrderSide(o.Side), OrderType: gen.OrderType(o.Type), Price: f.price,
		State: gen.OrderState(o.State), Market: o.Market, CreatedAt: kstp(o.CreatedAt), Volume: f.volume,
		RemainingVolume: f.remaining, ReservedFee: str(o.ReservedFee), RemainingFee: str(o.RemainingFee),
		PaidFee: str(o.PaidFee), Locked: str(o.Locked), ExecutedVolume: str(o.Executed),
		ExecutedFunds: strp(o.ExecutedFunds), TradesCount: int64(len(o.Fills)), StpType: ptr(o.STPType),
	}
	if o.ClientOrderID != "" {
		out.ClientOrderID = ptr(o.ClientOrderID)
	}
	if o.TimeInForce != "" {
		out.TimeInForce = ptr(gen.OrderV2TimeInForce(o.TimeInForce))
	}
	if o.CancelType != "" {
		out.CancelType = ptr(o.CancelType)
	}
	if o.CancelingID != "" {
		out.CancelingOrderID = ptr(o.CancelingID)
	}
	return out
}

func renderTransfer(t *engine.Transfer) gen.Transfer {
	out := gen.Transfer{
		Type: gen.TransferType(t.Type), UUID: t.ID, Currency: t.Currency, State: t.State,
		CreatedAt: kst(t.CreatedAt), DoneAt: kstp(t.DoneAt), Amount: str(t.Amount), Fee: str(t.Fee),
	}
	if t.NetType != "" {
		out.NetType = ptr(t.NetType)
	}
	if t.Txid != "" {
		out.Txid = ptr(t.Txid)
	}
	if t.TransactionType != "" {
		out.TransactionType = ptr(t.TransactionType)
	}
	if t.Type == "withdraw" && t.Currency != "KRW" {
		out.KRWAmount = strp(t.KRWAmount)
	}
	return out
}
