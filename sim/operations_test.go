package sim

import (
	"context"
	"sort"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
)

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func dec(s string) decimal.Decimal { return decimal.MustParse(s) }

// TestEveryOperation calls every operation of the spec through the root
// client and checks, with the validating middleware, that each request and
// response matches the spec, and that no operation was left out.
func TestEveryOperation(t *testing.T) {
	fake := clock.NewFake(testStart)
	cfg := Config{HistoryDays: 40, Accounts: []AccountConfig{{ID: "default",
		WithdrawAddresses: []engine.WithdrawAddress{{Currency: "XRP", NetType: "XRP", Address: "rAllowListed", SecondaryAddress: "77"}}}}}
	f := newFixture(t, WithConfig(cfg), WithClock(fake))
	c, ctx := f.client, context.Background()

	// Quotation.
	must[[]bithumb.Market](t, "markets")(c.ListMarkets(ctx, bithumb.ListMarketsParams{IsDetails: ptr(true)}))
	for _, u := range []bithumb.ListMinuteCandlesParamsUnit{1, 3, 5, 10, 15, 30, 60, 240} {
		cs := must[[]bithumb.MinuteCandle](t, "minute candles")(c.ListMinuteCandles(ctx, u, bithumb.ListMinuteCandlesParams{Market: "KRW-BTC", Count: ptr(int64(3))}))
		if len(cs) != 3 {
			t.Errorf("%d-minute candles: %d", u, len(cs))
		}
	}
	must[[]bithumb.DayCandle](t, "day candles")(c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "BTC-ETH", Count: ptr(int64(5)), ConvertingPriceUnit: ptr(bithumb.ListDayCandlesParamsConvertingPriceUnit("KRW"))}))
	must[[]bithumb.PeriodCandle](t, "week candles")(c.ListWeekCandles(ctx, bithumb.ListWeekCandlesParams{Market: "KRW-ETH", Count: ptr(int64(3))}))
	must[[]bithumb.PeriodCandle](t, "month candles")(c.ListMonthCandles(ctx, bithumb.ListMonthCandlesParams{Market: "KRW-XRP", Count: ptr(int64(2))}))
	must[[]bithumb.Trade](t, "trades")(c.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-BTC", Count: ptr(int64(10))}))
	must[[]bithumb.Ticker](t, "tickers")(c.ListTickers(ctx, "KRW-BTC", "KRW-ETH", "KRW-XRP", "BTC-ETH"))
	must[[]bithumb.Orderbook](t, "orderbooks")(c.ListOrderbooks(ctx, "KRW-BTC"))
	must[[]bithumb.MarketWarning](t, "warnings")(c.ListMarketWarnings(ctx))
	must[[]bithumb.Notice](t, "notices")(c.ListNotices(ctx, bithumb.ListNoticesParams{}))
	must[[]bithumb.CurrencyFees](t, "fees")(c.ListTransferFees(ctx, "ALL"))

	// Account.
	must[[]bithumb.Account](t, "accounts")(c.ListAccounts(ctx))
	must[*bithumb.OrderChance](t, "chance")(c.GetOrderChance(ctx, "BTC-ETH"))
	must[[]bithumb.APIKey](t, "keys")(c.ListAPIKeys(ctx))
	must[[]bithumb.WalletStatus](t, "wallet")(c.GetWalletStatus(ctx))

	// Orders.
	book := must[[]bithumb.Orderbook](t, "orderbook")(c.ListOrderbooks(ctx, "KRW-BTC"))[0]
	low := book.OrderbookUnits[0].BidPrice.Sub(decimal.NewFromInt(500_000)).AsString()
	placed := must[*bithumb.PlaceOrderResponse](t, "place")(c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: low, Volume: dec("0.001"), ClientOrderID: "every-op-1"}))
	must[*bithumb.OrderDetail](t, "get")(c.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: ptr("every-op-1")}))
	must[[]bithumb.Order](t, "list")(c.ListOrders(ctx, bithumb.ListOrdersParams{Market: ptr("KRW-BTC"), States: &[]bithumb.OrderState{"wait", "done"}}))
	must[[]bithumb.OrderV2](t, "search")(c.SearchOrders(ctx, bithumb.SearchOrdersRequest{OrderIds: []string{placed.OrderID}}))
	must[*bithumb.OrderPage](t, "pending")(c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{Limit: ptr(int64(1))}))
	must[*bithumb.CancelOrderResponse](t, "cancel")(c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}))
	must[*bithumb.OrderPage](t, "history")(c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{States: &[]bithumb.ListClosedOrdersParamsStates{"cancel"}}))
	batch := must[*bithumb.PlaceOrderBatchResponse](t, "batch")(c.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: []bithumb.PlaceOrderRequest{
		{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: low, Volume: dec("0.001"), ClientOrderID: "every-op-2"},
		{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: low, Volume: dec("0.001"), ClientOrderID: "every-op-1"},
	}}))
	if r := batch.BatchOrdersResponse; len(r) != 2 || r[0].OrderID == nil || r[1].Name == nil || *r[1].Name != "duplicate_client_order_id" {
		t.Errorf("batch results %+v", r)
	}
	must[*bithumb.CancelOrderBatchResponse](t, "batch cancel")(c.CancelOrderBatch(ctx, bithumb.CancelOrderBatchRequest{ClientOrderIds: []string{"every-op-2", "nope"}}))
	v1 := must[*bithumb.PlaceOrderV1Response](t, "place v1")(c.PlaceOrderV1(ctx, bithumb.PlaceOrderV1Request{Market: "KRW-BTC", Side: "bid", OrdType: "limit", Price: low, Volume: dec("0.001")}))
	must[*bithumb.CancelOrderV1Response](t, "cancel v1")(c.CancelOrderV1(ctx, v1.UUID))

	// TWAP.
	tw := must[*bithumb.TWAPOrderID](t, "twap")(c.PlaceTWAPOrder(ctx, bithumb.PlaceTWAPOrderRequest{Market: "KRW-XRP", Side: "bid", Price: dec("600000"), Duration: "300", Frequency: "30"}))
	fake.Advance(65 * time.Second)
	page := must[*bithumb.TWAPOrderPage](t, "twap list")(c.ListTWAPOrders(ctx, bithumb.ListTWAPOrdersParams{}))
	if len(page.Orders) != 1 || page.Orders[0].ProgressCount != 2 {
		t.Errorf("twap page %+v", page)
	}
	must[*bithumb.TWAPOrderID](t, "twap cancel")(c.CancelTWAPOrder(ctx, tw.AlgoOrderID))

	// Withdrawals.
	must[*bithumb.WithdrawChance](t, "withdraw chance")(c.GetWithdrawChance(ctx, "XRP", "XRP"))
	must[[]bithumb.WithdrawAddress](t, "allow list")(c.ListWithdrawAddresses(ctx))
	w := must[*bithumb.Transfer](t, "withdraw")(c.WithdrawCoin(ctx, bithumb.WithdrawCoinRequest{Currency: "XRP", NetType: "XRP", Amount: dec("30"), Address: "rAllowListed", SecondaryAddress: "77"}))
	w2 := must[*bithumb.Transfer](t, "withdraw 2")(c.WithdrawCoin(ctx, bithumb.WithdrawCoinRequest{Currency: "XRP", NetType: "XRP", Amount: dec("25"), Address: "rAllowListed", SecondaryAddress: "77"}))
	must[*bithumb.CancelWithdrawalResponse](t, "cancel withdrawal")(c.CancelCoinWithdrawal(ctx, w2.UUID))
	must[*bithumb.Transfer](t, "krw withdraw")(c.WithdrawKRW(ctx, bithumb.KRWTransferRequest{Amount: dec("10000"), TwoFactorType: "kakao"}))
	must[*bithumb.Transfer](t, "krw deposit")(c.DepositKRW(ctx, bithumb.KRWTransferRequest{Amount: dec("20000"), TwoFactorType: "kakao"}))
	fake.Advance(time.Minute)
	got := must[*bithumb.Transfer](t, "get withdrawal")(c.GetWithdrawal(ctx, bithumb.GetWithdrawalParams{Currency: "XRP", UUID: &w.UUID}))
	if got.State != "DONE" {
		t.Errorf("withdrawal state %s", got.State)
	}
	must[[]bithumb.Transfer](t, "withdrawals")(c.ListWithdrawals(ctx, bithumb.ListWithdrawalsParams{Currency: ptr("XRP")}))
	must[[]bithumb.Transfer](t, "krw withdrawals")(c.ListKRWWithdrawals(ctx, bithumb.ListKRWWithdrawalsParams{}))
	deps := must[[]bithumb.Transfer](t, "krw deposits")(c.ListKRWDeposits(ctx, bithumb.ListKRWDepositsParams{}))
	if len(deps) != 1 || deps[0].State != "ACCEPTED" {
		t.Errorf("krw deposits %+v", deps)
	}
	dep := must[*engine.Transfer](t, "coin deposit")(f.s.Engine().DepositCoin("default", "BTC", dec("0.5")))
	must[*bithumb.Transfer](t, "get deposit")(c.GetDeposit(ctx, bithumb.GetDepositParams{Currency: "BTC", UUID: &dep.ID}))
	must[[]bithumb.Transfer](t, "deposits")(c.ListDeposits(ctx, bithumb.ListDepositsParams{}))
	must[*bithumb.DepositAddress](t, "create address")(c.CreateDepositAddress(ctx, "XRP", "XRP"))
	must[*bithumb.DepositAddress](t, "get address")(c.GetDepositAddress(ctx, "XRP", "XRP"))
	must[[]bithumb.DepositAddress](t, "addresses")(c.ListDepositAddresses(ctx))

	// Legacy public.
	must[*bithumb.LegacyTickerResponse](t, "legacy ticker")(c.LegacyTicker(ctx, "BTC_KRW"))
	must[*bithumb.LegacyTickerResponse](t, "legacy ticker all")(c.LegacyTicker(ctx, "ALL_KRW"))
	must[*bithumb.LegacyOrderbookResponse](t, "legacy book")(c.LegacyOrderbook(ctx, "BTC_KRW", bithumb.LegacyOrderbookParams{}))
	must[*bithumb.LegacyOrderbookResponse](t, "legacy book all")(c.LegacyOrderbook(ctx, "ALL_KRW", bithumb.LegacyOrderbookParams{}))
	must[*bithumb.LegacyTransactionHistoryResponse](t, "legacy trades")(c.LegacyTransactionHistory(ctx, "XRP_KRW", bithumb.LegacyTransactionHistoryParams{}))
	must[*bithumb.LegacyCandlestickResponse](t, "legacy candles")(c.LegacyCandlestick(ctx, "ETH_BTC", "1h"))
	must[*bithumb.LegacyAssetsStatusResponse](t, "legacy status")(c.LegacyAssetsStatus(ctx, "ALL"))
	must[*bithumb.LegacyWithdrawMinimumResponse](t, "legacy minimum")(c.LegacyWithdrawMinimum(ctx, "BTC"))
	must[*bithumb.LegacyNetworkInfoResponse](t, "legacy networks")(c.LegacyNetworkInfo(ctx))

	// Legacy private (HMAC).
	must[*bithumb.LegacyAccountResponse](t, "legacy account")(c.LegacyAccount(ctx, bithumb.LegacyAccountForm{OrderCurrency: "BTC"}))
	must[*bithumb.LegacyBalanceResponse](t, "legacy balance")(c.LegacyBalance(ctx, bithumb.LegacyBalanceForm{Currency: ptr("ALL")}))
	infoTicker := must[*bithumb.LegacyInfoTickerResponse](t, "legacy member ticker")(c.LegacyInfoTicker(ctx, bithumb.LegacyInfoTickerForm{OrderCurrency: "BTC"}))
	if d := infoTicker.Data; d == nil || d.OrderCurrency == nil || *d.OrderCurrency != "BTC" || d.ClosingPrice == nil || !d.ClosingPrice.IsPositive() ||
		d.Volume7Day == nil || d.Volume7Day.LessThan(*d.Volume1Day) {
		t.Errorf("legacy member ticker: %+v", d)
	}
	must[*bithumb.LegacyWalletAddressResponse](t, "legacy address")(c.LegacyWalletAddress(ctx, bithumb.LegacyWalletAddressForm{Currency: "BTC"}))
	lp := must[*bithumb.LegacyOrderIDResponse](t, "legacy place")(c.LegacyPlaceOrder(ctx, bithumb.LegacyPlaceOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: dec("0.001"), Price: dec(low.String()), Type: "bid"}))
	must[*bithumb.LegacyOrdersResponse](t, "legacy orders")(c.LegacyOrders(ctx, bithumb.LegacyOrdersForm{OrderCurrency: "BTC"}))
	must[*bithumb.LegacyOrderDetailResponse](t, "legacy detail")(c.LegacyOrderDetail(ctx, bithumb.LegacyOrderDetailForm{OrderID: *lp.OrderID, OrderCurrency: "BTC"}))
	must[*bithumb.LegacyStatusResponse](t, "legacy cancel")(c.LegacyCancelOrder(ctx, bithumb.LegacyCancelOrderForm{Type: "bid", OrderID: *lp.OrderID, OrderCurrency: "BTC", PaymentCurrency: "KRW"}))
	must[*bithumb.LegacyOrderIDResponse](t, "legacy market buy")(c.LegacyMarketBuy(ctx, bithumb.LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: dec("0.001")}))
	must[*bithumb.LegacyOrderIDResponse](t, "legacy market sell")(c.LegacyMarketSell(ctx, bithumb.LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: dec("0.001")}))
	must[*bithumb.LegacyUserTransactionsResponse](t, "legacy transactions")(c.LegacyUserTransactions(ctx, bithumb.LegacyUserTransactionsForm{OrderCurrency: "BTC"}))

	// Every operation of the spec that has a handler was answered and
	// validated. Those the spec marks x-bithumb-sim: example answer their
	// example, which TestExampleOperations checks.
	handled := 0
	var missing []string
	f.v.mu.Lock()
	defer f.v.mu.Unlock()
	for _, o := range specOperations(t) {
		if o.example {
			continue
		}
		handled++
		if f.v.checked[o.id] == 0 {
			missing = append(missing, o.id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("operations never exercised: %v", missing)
	}
	if handled != 62 {
		t.Errorf("the spec has %d operations with a handler; update this test", handled)
	}
}
