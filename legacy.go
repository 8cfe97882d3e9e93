package bithumb

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/bithumb-go/bithumb/gen"
)

// The legacy API 1.0 (/public, /info, /trade) still answers, with its own
// conventions: every number is a string, the body is an envelope
// {"status": "0000", "data": ...}, errors come with HTTP 200 and a status
// other than "0000" (an *APIError matching ErrLegacy... sentinels), and
// private calls are HMAC-signed form POSTs. Pairs are written
// "<currency>_<quote>", e.g. "BTC_KRW", or "ALL_KRW".

// LegacyTicker returns the legacy ticker of pair (BTC_KRW), or of every
// pair of a quote (ALL_KRW; then Data's extra keys hold one ticker per
// currency).
//
//bithumb:operation legacyTicker
func (c *Client) LegacyTicker(ctx context.Context, pair string) (*LegacyTickerResponse, error) {
	return callOne[LegacyTickerResponse](ctx, c, "legacyTicker", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyTicker(ctx, pair)
	})
}

// LegacyOrderbook returns the legacy orderbook of pair.
//
//bithumb:operation legacyOrderbook
func (c *Client) LegacyOrderbook(ctx context.Context, pair string, params LegacyOrderbookParams) (*LegacyOrderbookResponse, error) {
	return callOne[LegacyOrderbookResponse](ctx, c, "legacyOrderbook", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyOrderbook(ctx, pair, params.toGen())
	})
}

// LegacyTransactionHistory returns the legacy recent trades of pair.
//
//bithumb:operation legacyTransactionHistory
func (c *Client) LegacyTransactionHistory(ctx context.Context, pair string, params LegacyTransactionHistoryParams) (*LegacyTransactionHistoryResponse, error) {
	return callOne[LegacyTransactionHistoryResponse](ctx, c, "legacyTransactionHistory", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyTransactionHistory(ctx, pair, params.toGen())
	})
}

// LegacyCandlestick returns legacy candles of pair: rows of [time ms,
// open, close, high, low, volume].
//
//bithumb:operation legacyCandlestick
func (c *Client) LegacyCandlestick(ctx context.Context, pair string, interval LegacyCandlestickParamsInterval) (*LegacyCandlestickResponse, error) {
	return callOne[LegacyCandlestickResponse](ctx, c, "legacyCandlestick", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyCandlestick(ctx, pair, interval)
	})
}

// LegacyAssetsStatus returns whether deposits and withdrawals of currency
// (or ALL) are possible.
//
//bithumb:operation legacyAssetsStatus
func (c *Client) LegacyAssetsStatus(ctx context.Context, currency string) (*LegacyAssetsStatusResponse, error) {
	return callOne[LegacyAssetsStatusResponse](ctx, c, "legacyAssetsStatus", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyAssetsStatus(ctx, currency)
	})
}

// LegacyWithdrawMinimum returns the minimum withdrawal of currency (or
// ALL).
//
//bithumb:operation legacyWithdrawMinimum
func (c *Client) LegacyWithdrawMinimum(ctx context.Context, currency string) (*LegacyWithdrawMinimumResponse, error) {
	return callOne[LegacyWithdrawMinimumResponse](ctx, c, "legacyWithdrawMinimum", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyWithdrawMinimum(ctx, currency)
	})
}

// LegacyNetworkInfo returns the legacy list of networks.
//
//bithumb:operation legacyNetworkInfo
func (c *Client) LegacyNetworkInfo(ctx context.Context) (*LegacyNetworkInfoResponse, error) {
	return callOne[LegacyNetworkInfoResponse](ctx, c, "legacyNetworkInfo", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyNetworkInfo(ctx)
	})
}

// LegacyAccount returns the legacy member information and trade fee.
//
//bithumb:operation legacyAccount
func (c *Client) LegacyAccount(ctx context.Context, form LegacyAccountForm) (*LegacyAccountResponse, error) {
	return callOne[LegacyAccountResponse](ctx, c, "legacyAccount", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyAccountWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyInfoTicker returns the member's view of the last 24 hours of the
// pair form.OrderCurrency/form.PaymentCurrency (KRW by default): prices,
// the average price, and the volumes of the last one and seven days
// (POST /info/ticker, HMAC-signed).
//
//bithumb:operation legacyInfoTicker
func (c *Client) LegacyInfoTicker(ctx context.Context, form LegacyInfoTickerForm) (*LegacyInfoTickerResponse, error) {
	return callOne[LegacyInfoTickerResponse](ctx, c, "legacyInfoTicker", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyInfoTickerWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyBalance returns the legacy balances (form.Currency, default ALL).
//
//bithumb:operation legacyBalance
func (c *Client) LegacyBalance(ctx context.Context, form LegacyBalanceForm) (*LegacyBalanceResponse, error) {
	return callOne[LegacyBalanceResponse](ctx, c, "legacyBalance", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyBalanceWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyWalletAddress returns the legacy deposit address of a currency.
//
//bithumb:operation legacyWalletAddress
func (c *Client) LegacyWalletAddress(ctx context.Context, form LegacyWalletAddressForm) (*LegacyWalletAddressResponse, error) {
	return callOne[LegacyWalletAddressResponse](ctx, c, "legacyWalletAddress", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyWalletAddressWithFormdataBody(ctx, form.toGen())
	})
}

// legacyNoOpenOrders is the message of the status-5600 answer that means
// "no open orders", not a failure.
const legacyNoOpenOrders = "거래 진행중인 내역이 존재하지 않습니다."

// LegacyOrders returns the legacy open orders. Bithumb answers "no open
// orders" with status 5600; LegacyOrders returns an empty list for it.
//
//bithumb:operation legacyOrders
func (c *Client) LegacyOrders(ctx context.Context, form LegacyOrdersForm) (*LegacyOrdersResponse, error) {
	var out LegacyOrdersResponse
	err := c.call(ctx, "legacyOrders", &out, func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyOrdersWithFormdataBody(ctx, form.toGen())
	})
	if apiErr, ok := err.(*APIError); ok && apiErr.LegacyStatus == "5600" && apiErr.Message == legacyNoOpenOrders {
		empty := LegacyOrdersResponse{Status: apiErr.LegacyStatus, Message: &apiErr.Message}
		return &empty, nil
	}
	return result(&out, err)
}

// LegacyOrderDetail returns a legacy order with its fills.
//
//bithumb:operation legacyOrderDetail
func (c *Client) LegacyOrderDetail(ctx context.Context, form LegacyOrderDetailForm) (*LegacyOrderDetailResponse, error) {
	return callOne[LegacyOrderDetailResponse](ctx, c, "legacyOrderDetail", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyOrderDetailWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyUserTransactions returns legacy account transactions.
//
//bithumb:operation legacyUserTransactions
func (c *Client) LegacyUserTransactions(ctx context.Context, form LegacyUserTransactionsForm) (*LegacyUserTransactionsResponse, error) {
	return callOne[LegacyUserTransactionsResponse](ctx, c, "legacyUserTransactions", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyUserTransactionsWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyPlaceOrder places a legacy limit order. It has no client order id
// and is never re-sent after a failure that may have reached the
// exchange. The form is encoded here: the generated form encoder skips
// decimal.Decimal fields.
//
//bithumb:operation legacyPlaceOrder
func (c *Client) LegacyPlaceOrder(ctx context.Context, form LegacyPlaceOrderForm) (*LegacyOrderIDResponse, error) {
	var v validator
	v.decimal("legacyPlaceOrder", "units", form.Units)
	v.decimal("legacyPlaceOrder", "price", form.Price)
	if v.err != nil {
		return nil, v.err
	}
	body := encodeParams([]Param{
		{"order_currency", form.OrderCurrency}, {"payment_currency", form.PaymentCurrency},
		{"units", form.Units.String()}, {"price", form.Price.String()}, {"type", string(form.Type)},
	})
	return callOne[LegacyOrderIDResponse](ctx, c, "legacyPlaceOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyPlaceOrderWithBody(ctx, formContentType, strings.NewReader(body))
	})
}

// formContentType is the content type of legacy private requests.
const formContentType = "application/x-www-form-urlencoded"

// LegacyCancelOrder cancels a legacy order.
//
//bithumb:operation legacyCancelOrder
func (c *Client) LegacyCancelOrder(ctx context.Context, form LegacyCancelOrderForm) (*LegacyStatusResponse, error) {
	return callOne[LegacyStatusResponse](ctx, c, "legacyCancelOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.LegacyCancelOrderWithFormdataBody(ctx, form.toGen())
	})
}

// LegacyMarketBuy buys form.Units at the market price (legacy). Never
// re-sent after a failure that may have reached the exchange.
//
//bithumb:operation legacyMarketBuy
func (c *Client) LegacyMarketBuy(ctx context.Context, form LegacyMarketOrderForm) (*LegacyOrderIDResponse, error) {
	return c.legacyMarketOrder(ctx, "legacyMarketBuy", form, c.raw.LegacyMarketBuyWithBody)
}

// LegacyMarketSell sells form.Units at the market price (legacy). Never
// re-sent after a failure that may have reached the exchange.
//
//bithumb:operation legacyMarketSell
func (c *Client) LegacyMarketSell(ctx context.Context, form LegacyMarketOrderForm) (*LegacyOrderIDResponse, error) {
	return c.legacyMarketOrder(ctx, "legacyMarketSell", form, c.raw.LegacyMarketSellWithBody)
}

// legacyMarketOrder sends a market order form. The form is encoded here:
// the generated form encoder skips decimal.Decimal fields.
func (c *Client) legacyMarketOrder(ctx context.Context, op string, form LegacyMarketOrderForm,
	send func(context.Context, string, io.Reader, ...gen.RequestEditorFn) (*http.Response, error)) (*LegacyOrderIDResponse, error) {
	var v validator
	v.decimal(op, "units", form.Units)
	if v.err != nil {
		return nil, v.err
	}
	body := encodeParams([]Param{{"units", form.Units.String()}, {"order_currency", form.OrderCurrency}, {"payment_currency", form.PaymentCurrency}})
	return callOne[LegacyOrderIDResponse](ctx, c, op, func(ctx context.Context) (*http.Response, error) {
		return send(ctx, formContentType, strings.NewReader(body))
	})
}
