package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// This file pins the typed methods of package bithumb to the spec, one
// case per operation:
//
//   - TestOperationContracts calls each typed method against a local server
//     that validates the request against the spec and answers with a real
//     fixture (or the spec's example), then checks that the typed result
//     keeps every digit of that answer;
//   - TestEveryOperationHasAContractCase makes sure no operation is left
//     out, and that the //bithumb:operation directives of the root package
//     name each operation exactly once, on the method that calls it.

// operationCase is the contract case of one operation of the spec: call
// invokes the operation's typed method with valid arguments and returns its
// result. What the test server answers is chosen by responseFor.
type operationCase struct {
	id   string
	call func(ctx context.Context, c *bithumb.Client) (any, error)
}

// typed adapts the (result, error) pair of a typed method to the
// signature of operationCase.call.
func typed[T any](v T, err error) (any, error) { return v, err }

// mustDec parses a decimal written in the table.
func mustDec(s string) decimal.Decimal { return decimal.MustParse(s) }

// Values shared by the cases.
const (
	caseOrderID       = "C0101000002440517711"
	caseClientOrderID = "contract-order-0001"
	// start and end of a closed-orders window: one day, in Unix ms.
	caseWindowStart = int64(1_754_000_000_000)
	caseWindowEnd   = caseWindowStart + 24*60*60*1000
)

// operationCases has one case per operation of the spec (enforced by
// TestEveryOperationHasAContractCase). Operations with array query
// parameters pass two values, so that the bracketed form (uuids[]=a&uuids[]=b)
// is what the server sees and validates.
var operationCases = []operationCase{
	// quotation
	{"listMarkets", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListMarkets(ctx, bithumb.ListMarketsParams{IsDetails: bithumb.Ptr(true)}))
	}},
	{"listMinuteCandles", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListMinuteCandles(ctx, bithumb.ListMinuteCandlesParamsUnitN1,
			bithumb.ListMinuteCandlesParams{Market: "KRW-BTC", To: bithumb.Ptr("2025-08-25T15:27:00"), Count: bithumb.Ptr[int64](2)}))
	}},
	{"listDayCandles", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{
			Market: "BTC-ETH", Count: bithumb.Ptr[int64](2),
			ConvertingPriceUnit: bithumb.Ptr(bithumb.ListDayCandlesParamsConvertingPriceUnitKRW),
		}))
	}},
	{"listWeekCandles", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListWeekCandles(ctx, bithumb.ListWeekCandlesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](2)}))
	}},
	{"listMonthCandles", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListMonthCandles(ctx, bithumb.ListMonthCandlesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](2)}))
	}},
	{"listTrades", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListTrades(ctx, bithumb.ListTradesParams{
			Market: "KRW-ETC", To: bithumb.Ptr("152700"), Count: bithumb.Ptr[int64](5), DaysAgo: bithumb.Ptr[int64](1),
		}))
	}},
	{"listTickers", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListTickers(ctx, "KRW-BTC", "BTC-ETH"))
	}},
	{"listOrderbooks", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListOrderbooks(ctx, "KRW-BTC", "BTC-ETH"))
	}},
	{"listMarketWarnings", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListMarketWarnings(ctx))
	}},
	{"listNotices", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListNotices(ctx, bithumb.ListNoticesParams{Count: bithumb.Ptr[int64](5)}))
	}},
	{"listTransferFees", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListTransferFees(ctx, "BTC"))
	}},

	// account
	{"listAccounts", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListAccounts(ctx))
	}},
	{"getOrderChance", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetOrderChance(ctx, "KRW-BTC"))
	}},
	{"listAPIKeys", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListAPIKeys(ctx))
	}},
	{"getWalletStatus", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetWalletStatus(ctx))
	}},

	// orders
	{"placeOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
			Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
			Price: mustDec("84000000"), Volume: mustDec("0.00012340"), ClientOrderID: caseClientOrderID,
		}))
	}},
	{"cancelOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: bithumb.Ptr(caseOrderID)}))
	}},
	{"getOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetOrder(ctx, bithumb.GetOrderParams{UUID: bithumb.Ptr(caseOrderID)}))
	}},
	{"listOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListOrders(ctx, bithumb.ListOrdersParams{
			Market: bithumb.Ptr("KRW-BTC"),
			States: &[]bithumb.OrderState{bithumb.OrderStateDone, bithumb.OrderStateCancel},
			Uuids:  &[]string{caseOrderID, "C0101000002440517712"},
			Page:   bithumb.Ptr[int64](1), Limit: bithumb.Ptr[int64](100), OrderBy: bithumb.Ptr(bithumb.OrderByAsc),
		}))
	}},
	{"searchOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.SearchOrders(ctx, bithumb.SearchOrdersRequest{Market: "KRW-BTC", OrderIds: []string{caseOrderID, "C0101000002440517712"}}))
	}},
	{"listPendingOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{
			Market: bithumb.Ptr("KRW-BTC"), State: bithumb.Ptr(bithumb.ListPendingOrdersParamsStateWait), Limit: bithumb.Ptr[int64](100),
		}))
	}},
	{"listClosedOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{
			Market:    bithumb.Ptr("KRW-BTC"),
			States:    &[]bithumb.ListClosedOrdersParamsStates{bithumb.ListClosedOrdersParamsStatesDone, bithumb.ListClosedOrdersParamsStatesCancel},
			StartTime: bithumb.Ptr(caseWindowStart), EndTime: bithumb.Ptr(caseWindowEnd), Limit: bithumb.Ptr[int64](1000),
		}))
	}},
	{"placeOrderBatch", func(ctx context.Context, c *bithumb.Client) (any, error) {
		// The client order ids are the spec example's: the client matches
		// each answered item to its order by client order id, and an
		// order without an answer would be looked up.
		return typed(c.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: []bithumb.PlaceOrderRequest{
			{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit, Price: mustDec("84000000"), Volume: mustDec("0.0001"), ClientOrderID: "batch-1"},
			{Market: "KRW-ETH", Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeMarket, Volume: mustDec("0.25"), ClientOrderID: "batch-2"},
		}}))
	}},
	{"cancelOrderBatch", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CancelOrderBatch(ctx, bithumb.CancelOrderBatchRequest{OrderIds: []string{caseOrderID, "C0101000002440517712"}}))
	}},
	{"placeOrderV1", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.PlaceOrderV1(ctx, bithumb.PlaceOrderV1Request{ //nolint:staticcheck // the deprecated endpoint is still in the spec
			Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrdType: bithumb.PlaceOrderV1RequestOrdTypeLimit,
			Price: mustDec("84000000"), Volume: mustDec("0.0001"),
		}))
	}},
	{"cancelOrderV1", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CancelOrderV1(ctx, caseOrderID)) //nolint:staticcheck // the deprecated endpoint is still in the spec
	}},

	// twap
	{"placeTwapOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.PlaceTWAPOrder(ctx, bithumb.PlaceTWAPOrderRequest{
			Market: "KRW-BTC", Side: bithumb.OrderSideBid, Price: mustDec("1000000"),
			Duration: "600", Frequency: bithumb.PlaceTWAPOrderRequestFrequencyN30,
		}))
	}},
	{"listTwapOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListTWAPOrders(ctx, bithumb.ListTWAPOrdersParams{
			Market: bithumb.Ptr("KRW-BTC"), Uuids: &[]string{"TWAP-A01B02C03D04E05F06", "019f3ed7-4f92-7179-beee-84b4c71e53fa"},
			State: bithumb.Ptr(bithumb.ListTWAPOrdersParamsStateProgress), Limit: bithumb.Ptr[int64](100),
		}))
	}},
	{"cancelTwapOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CancelTWAPOrder(ctx, "T0101000000000000001"))
	}},

	// withdrawals
	{"getWithdrawChance", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetWithdrawChance(ctx, "BTC", "BTC"))
	}},
	{"listWithdrawAddresses", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListWithdrawAddresses(ctx))
	}},
	{"withdrawCoin", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.WithdrawCoin(ctx, bithumb.WithdrawCoinRequest{
			Currency: "XRP", NetType: "XRP", Amount: mustDec("10.50"),
			Address: "rN9qNpgnBaZwqCg8CvUZRPqCcPkY7wfWiS", SecondaryAddress: "1234567",
			ExchangeName: "Upbit", ReceiverType: bithumb.WithdrawCoinRequestReceiverTypePersonal,
			ReceiverKoName: "홍길동", ReceiverEnName: "Gildong Hong",
		}))
	}},
	{"cancelCoinWithdrawal", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CancelCoinWithdrawal(ctx, "200359853"))
	}},
	{"getWithdrawal", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetWithdrawal(ctx, bithumb.GetWithdrawalParams{Currency: "MTL", UUID: bithumb.Ptr("200359853")}))
	}},
	{"listWithdrawals", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListWithdrawals(ctx, bithumb.ListWithdrawalsParams{
			Currency: bithumb.Ptr("BTC"), State: bithumb.Ptr(bithumb.ListWithdrawalsParamsStateDONE),
			Uuids: &[]string{"200359853", "200359854"}, Txids: &[]string{"t1", "t2"},
			Page: bithumb.Ptr[int64](1), Limit: bithumb.Ptr[int64](100), OrderBy: bithumb.Ptr(bithumb.OrderByDesc),
		}))
	}},
	{"listKRWWithdrawals", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListKRWWithdrawals(ctx, bithumb.ListKRWWithdrawalsParams{
			State: bithumb.Ptr(bithumb.ListKRWWithdrawalsParamsStateDONE), Uuids: &[]string{"12703781", "12703782"}, Limit: bithumb.Ptr[int64](10),
		}))
	}},
	{"withdrawKRW", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.WithdrawKRW(ctx, bithumb.KRWTransferRequest{Amount: mustDec("10000")}))
	}},

	// deposits
	{"getDeposit", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetDeposit(ctx, bithumb.GetDepositParams{Currency: "BTC", UUID: bithumb.Ptr("200012694")}))
	}},
	{"listDeposits", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListDeposits(ctx, bithumb.ListDepositsParams{
			Currency: bithumb.Ptr("BTC"), State: bithumb.Ptr(bithumb.DepositStateDEPOSITACCEPTED),
			Uuids: &[]string{"200359853", "200359854"}, Txids: &[]string{"t1", "t2"}, Limit: bithumb.Ptr[int64](10),
		}))
	}},
	{"listKRWDeposits", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListKRWDeposits(ctx, bithumb.ListKRWDepositsParams{
			State: bithumb.Ptr(bithumb.ListKRWDepositsParamsStateACCEPTED), Uuids: &[]string{"12703781", "12703782"}, Page: bithumb.Ptr[int64](2),
		}))
	}},
	{"depositKRW", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.DepositKRW(ctx, bithumb.KRWTransferRequest{Amount: mustDec("5000"), TwoFactorType: bithumb.KRWTransferRequestTwoFactorTypeKakao}))
	}},
	{"createDepositAddress", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.CreateDepositAddress(ctx, "XRP", "XRP"))
	}},
	{"listDepositAddresses", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.ListDepositAddresses(ctx))
	}},
	{"getDepositAddress", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.GetDepositAddress(ctx, "XRP", "XRP"))
	}},

	// legacy public
	{"legacyTicker", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyTicker(ctx, "BTC_KRW"))
	}},
	{"legacyOrderbook", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyOrderbook(ctx, "BTC_KRW", bithumb.LegacyOrderbookParams{Count: bithumb.Ptr[int64](5)}))
	}},
	{"legacyTransactionHistory", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyTransactionHistory(ctx, "BTC_KRW", bithumb.LegacyTransactionHistoryParams{Count: bithumb.Ptr[int64](20)}))
	}},
	{"legacyCandlestick", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyCandlestick(ctx, "BTC_KRW", bithumb.LegacyCandlestickParamsIntervalN24H))
	}},
	{"legacyAssetsStatus", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyAssetsStatus(ctx, "BTC"))
	}},
	{"legacyWithdrawMinimum", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyWithdrawMinimum(ctx, "BTC"))
	}},
	{"legacyNetworkInfo", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyNetworkInfo(ctx))
	}},

	// legacy private: HMAC-signed form posts
	{"legacyAccount", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyAccount(ctx, bithumb.LegacyAccountForm{OrderCurrency: "BTC", PaymentCurrency: bithumb.Ptr("KRW")}))
	}},
	{"legacyInfoTicker", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyInfoTicker(ctx, bithumb.LegacyInfoTickerForm{OrderCurrency: "BTC", PaymentCurrency: bithumb.Ptr("KRW")}))
	}},
	{"legacyBalance", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyBalance(ctx, bithumb.LegacyBalanceForm{Currency: bithumb.Ptr("ALL")}))
	}},
	{"legacyWalletAddress", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyWalletAddress(ctx, bithumb.LegacyWalletAddressForm{Currency: "BTC", NetType: bithumb.Ptr("BTC")}))
	}},
	{"legacyOrders", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyOrders(ctx, bithumb.LegacyOrdersForm{
			OrderCurrency: "BTC", PaymentCurrency: bithumb.Ptr("KRW"), Count: bithumb.Ptr[int64](100),
		}))
	}},
	{"legacyOrderDetail", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyOrderDetail(ctx, bithumb.LegacyOrderDetailForm{
			OrderID: caseOrderID, OrderCurrency: "BTC", PaymentCurrency: bithumb.Ptr("KRW"),
		}))
	}},
	{"legacyUserTransactions", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyUserTransactions(ctx, bithumb.LegacyUserTransactionsForm{
			OrderCurrency: "BTC", PaymentCurrency: bithumb.Ptr("KRW"),
			Offset: bithumb.Ptr[int64](0), Count: bithumb.Ptr[int64](20), SearchGb: bithumb.Ptr[int64](0),
		}))
	}},
	{"legacyPlaceOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyPlaceOrder(ctx, bithumb.LegacyPlaceOrderForm{
			OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: mustDec("0.0010"), Price: mustDec("84000000"), Type: bithumb.LegacySideBid,
		}))
	}},
	{"legacyCancelOrder", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyCancelOrder(ctx, bithumb.LegacyCancelOrderForm{
			OrderID: caseOrderID, OrderCurrency: "BTC", PaymentCurrency: "KRW", Type: bithumb.LegacySideBid,
		}))
	}},
	{"legacyMarketBuy", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyMarketBuy(ctx, bithumb.LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: mustDec("0.0010")}))
	}},
	{"legacyMarketSell", func(ctx context.Context, c *bithumb.Client) (any, error) {
		return typed(c.LegacyMarketSell(ctx, bithumb.LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: mustDec("0.0010")}))
	}},
}

// Keys of the contract client; any well-formed pair will do, the test
// server only checks that requests are signed.
const (
	contractAccessKey = "contract-access-key-0123456789"
	contractSecretKey = "contract-secret-key-0123456789"
)

// TestOperationContracts runs every case of contractCases (operationCases,
// and a case made from the spec for each operation whose typed method
// internal/cmd/methodgen wrote) against a test server. Passing proves, per
// operation, that
//
//   - the typed method sends exactly one request, to the method and path of
//     its operation;
//   - that request is valid for the operation according to the spec
//     (parameters, body, content type, signature headers), sends no query
//     parameter the spec does not declare, and carries no signature when
//     the operation is public;
//   - the method accepts a real answer (a fixture of testdata/rest, else
//     the spec's example) and its typed result keeps every number,
//     numeric string and date/time of that answer, digit for digit.
func TestOperationContracts(t *testing.T) {
	fixtures := loadRESTFixtures(t)
	for _, oc := range contractCases(t, loadSpec(t)) {
		t.Run(oc.id, func(t *testing.T) {
			t.Parallel()
			doc := loadSpecWithOrigin(t)
			op, ok := operationByID(doc, oc.id)
			if !ok {
				t.Fatalf("operation %s is not in the spec", oc.id)
			}
			resp, err := responseFor(doc, fixtures, op)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("serving %s", resp.source)
			// A served body that is not a valid answer would make the
			// digit check below meaningless.
			if err := validateServed(doc, op, resp); err != nil {
				t.Fatalf("the served %s is not a valid HTTP %d response of %s:\n%s", resp.source, resp.status, oc.id, errorLines(err))
			}

			srv := newContractServer(t, doc, resp)
			client, err := bithumb.New(bithumb.WithBaseURL(srv.URL), bithumb.WithKeys(contractAccessKey, contractSecretKey))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			got, callErr := oc.call(ctx, client)

			// The request is checked even when the call failed: a
			// rejected request usually explains the failure.
			checkRequests(t, op, srv.requests())
			if callErr != nil {
				t.Fatalf("%s returned an error: %v", oc.id, callErr)
			}
			checkDigits(t, resp.body, got)
		})
	}
}

// checkRequests reports unless reqs is exactly one request that was
// routed to op and passed validation.
func checkRequests(t *testing.T, op operation, reqs []recordedRequest) {
	t.Helper()
	if len(reqs) != 1 {
		t.Errorf("the server saw %d requests, want 1", len(reqs))
	}
	for _, r := range reqs {
		t.Logf("sent %s", r)
		if r.Method != op.Method || r.OperationID != op.Op.OperationID {
			t.Errorf("request %s %s was routed to %q, want %s %s (%s)", r.Method, r.Path, r.OperationID, op.Method, op.Path, op.Op.OperationID)
		}
		if r.Err != nil {
			t.Errorf("the request does not match the spec:\n%s", errorLines(r.Err))
		}
	}
}

// checkDigits re-encodes the typed result and compares every number,
// numeric string and date/time of the served body with it, by JSON path,
// as TestFixturesDecodeWithoutLoss does for the generated types.
func checkDigits(t *testing.T, served []byte, result any) {
	t.Helper()
	v, err := deref(result)
	if err != nil {
		t.Fatal(err)
	}
	reencoded, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("re-encode %T: %v", v, err)
	}
	want, err := collectLeaves(served)
	if err != nil {
		t.Fatalf("served body: %v", err)
	}
	got, err := collectLeaves(reencoded)
	if err != nil {
		t.Fatalf("re-encoded result: %v", err)
	}
	diffs := compareLeaves(want, got, false)
	for _, d := range diffs {
		t.Errorf("%T: %s", v, d)
	}
	t.Logf("%d numbers and date/times compared", len(want))
	if len(diffs) > 0 {
		t.Logf("served:     %s\nre-encoded: %s", served, reencoded)
	}
}

// deref follows pointers down to the value a typed method returned; a nil
// result next to a nil error is a bug.
func deref(v any) (any, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, fmt.Errorf("the method returned a nil %T and no error", v)
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil, errors.New("the method returned nil and no error")
	}
	return rv.Interface(), nil
}

// loadSpecWithOrigin is loadSpec with source positions, which responseFor
// needs to know in which order the spec lists an operation's responses.
func loadSpecWithOrigin(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

// operationByID returns the operation of doc with operationId id.
func operationByID(doc *openapi3.T, id string) (operation, bool) {
	for _, o := range operations(doc) {
		if o.Op.OperationID == id {
			return o, true
		}
	}
	return operation{}, false
}

// route returns the kin-openapi route of op.
func (o operation) route(doc *openapi3.T) *routers.Route {
	return &routers.Route{Spec: doc, Path: o.Path, PathItem: doc.Paths.Value(o.Path), Method: o.Method, Operation: o.Op}
}

// servedResponse is what the test server answers.
type servedResponse struct {
	status int
	body   []byte
	source string // where body comes from, for messages
}

// responseFor picks the answer of op, the first of:
//
//  1. a complete success fixture of testdata/rest whose method and path
//     route to op (error_* files, error statuses and fragments are not
//     whole success answers), with its own status;
//  2. the example of op's first success response, in the order the spec
//     lists them, that has one;
//  3. when op has no example at all, an example from another operation
//     whose success response has exactly the same schema, served with
//     op's first listed success status (so depositKRW answers 201).
func responseFor(doc *openapi3.T, fixtures []restFixture, op operation) (servedResponse, error) {
	for _, fx := range fixtures {
		if strings.HasPrefix(fx.File, "error_") || fx.Status >= 300 || fx.Fragment {
			continue
		}
		route, _, err := findRoute(doc, fx.Method, fx.Path)
		if err == nil && route.Operation == op.Op {
			return servedResponse{fx.Status, fx.Body, "fixture " + fx.File}, nil
		}
	}
	statuses := successStatuses(op.Op)
	if len(statuses) == 0 {
		return servedResponse{}, fmt.Errorf("%s documents no success response", op.name())
	}
	for _, status := range statuses {
		if body, ok, err := jsonExample(op.Op, status); err != nil || ok {
			return servedResponse{statusCode(status), body, "spec example of " + op.name() + " " + status}, err
		}
	}
	schema := successSchema(op.Op, statuses[0])
	for _, other := range operations(doc) {
		if other.Op == op.Op {
			continue
		}
		for _, status := range successStatuses(other.Op) {
			if !sameSchema(schema, successSchema(other.Op, status)) {
				continue
			}
			if body, ok, err := jsonExample(other.Op, status); err != nil || ok {
				return servedResponse{statusCode(statuses[0]), body,
					fmt.Sprintf("spec example of %s %s (%s has none; same schema)", other.name(), status, op.name())}, err
			}
		}
	}
	return servedResponse{}, fmt.Errorf("%s has no success fixture and no example, and no operation with the same response schema has one", op.name())
}

// successStatuses returns the 2xx statuses of op in the order the spec
// lists them.
func successStatuses(op *openapi3.Operation) []string {
	var statuses []string
	for status := range op.Responses.Map() {
		if strings.HasPrefix(status, "2") {
			statuses = append(statuses, status)
		}
	}
	sort.Slice(statuses, func(i, j int) bool {
		li, lj := responseLine(op, statuses[i]), responseLine(op, statuses[j])
		if li != lj {
			return li < lj
		}
		return statuses[i] < statuses[j]
	})
	return statuses
}

// responseLine returns the line of the spec where op's response status
// starts, or 0 when the document was loaded without origins.
func responseLine(op *openapi3.Operation, status string) int {
	ref := op.Responses.Value(status)
	switch {
	case ref == nil:
		return 0
	case ref.Origin != nil && ref.Origin.Key != nil:
		return ref.Origin.Key.Line
	case ref.Value != nil && ref.Value.Origin != nil && ref.Value.Origin.Key != nil:
		return ref.Value.Origin.Key.Line
	}
	return 0
}

// successSchema returns the application/json schema of op's response
// status, or nil.
func successSchema(op *openapi3.Operation, status string) *openapi3.SchemaRef {
	ref := op.Responses.Value(status)
	if ref == nil || ref.Value == nil {
		return nil
	}
	if mt := ref.Value.Content.Get("application/json"); mt != nil {
		return mt.Schema
	}
	return nil
}

// sameSchema reports whether a and b are written the same way (the same
// $ref, or the same inline schema over the same $refs).
func sameSchema(a, b *openapi3.SchemaRef) bool {
	if a == nil || b == nil {
		return false
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// jsonExample returns the JSON text of the example of op's response
// status (its example, else the first of its named examples). Examples
// come decoded from YAML, so a number is written back in Go's shortest
// form; the digit check compares against exactly these bytes.
func jsonExample(op *openapi3.Operation, status string) ([]byte, bool, error) {
	ref := op.Responses.Value(status)
	if ref == nil || ref.Value == nil {
		return nil, false, nil
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil {
		return nil, false, nil
	}
	example := mt.Example
	if example == nil {
		for _, name := range sortedKeys(mt.Examples) {
			if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
				example = ex.Value.Value
				break
			}
		}
	}
	if example == nil {
		return nil, false, nil
	}
	body, err := json.Marshal(example)
	if err != nil {
		return nil, false, fmt.Errorf("%s response %s: encode the example: %w", op.OperationID, status, err)
	}
	return body, true, nil
}

func statusCode(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// validateServed validates resp as a response of op (reusing the fixture
// validation of fixtures_test.go).
func validateServed(doc *openapi3.T, op operation, resp servedResponse) error {
	return validateResponse(op.route(doc), nil, restFixture{Method: op.Method, Path: op.Path, Status: resp.status, Body: resp.body})
}

// recordedRequest is one request seen by a contractServer.
type recordedRequest struct {
	Method, Path, RawQuery string
	Body                   []byte
	// OperationID is the operation the request routes to ("" for none).
	OperationID string
	// Err holds everything about the request that breaks the spec.
	Err error
}

// String shows the request line and body, for messages.
func (r recordedRequest) String() string {
	s := r.Method + " " + r.Path
	if r.RawQuery != "" {
		s += "?" + r.RawQuery
	}
	if len(r.Body) > 0 {
		s += " body: " + string(r.Body)
	}
	return s
}

// contractServer is an httptest server that checks every request against
// the spec, records it, and answers with one fixed response.
type contractServer struct {
	*httptest.Server
	doc  *openapi3.T
	resp servedResponse

	mu   sync.Mutex
	seen []recordedRequest
}

func newContractServer(t *testing.T, doc *openapi3.T, resp servedResponse) *contractServer {
	s := &contractServer{doc: doc, resp: resp}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *contractServer) serve(w http.ResponseWriter, r *http.Request) {
	rec := recordedRequest{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		rec.Err = err
	} else {
		rec.Body = body
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.OperationID, rec.Err = checkRequest(s.doc, r)
	}
	s.mu.Lock()
	s.seen = append(s.seen, rec)
	s.mu.Unlock()
	// Answer even an invalid request, so that the call's own result is
	// still checked.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(s.resp.status)
	_, _ = w.Write(s.resp.body)
}

// requests returns the requests seen so far.
func (s *contractServer) requests() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

// checkRequest routes r to an operation of doc and returns its
// operationId with everything about r that breaks the spec:
//
//   - kin-openapi's ValidateRequest: path, query and header parameters,
//     the content type and body, and the security requirement (through
//     requireSignature);
//   - query parameters the operation does not declare, which
//     ValidateRequest ignores: a misspelt name (uuids instead of uuids[])
//     would otherwise pass;
//   - signature headers on a public operation: keys must not be sent where
//     they are not needed.
func checkRequest(doc *openapi3.T, r *http.Request) (string, error) {
	route, params, err := findRoute(doc, r.Method, r.URL.Path)
	if err != nil {
		return "", err
	}
	var errs openapi3.MultiError
	err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: requireSignature,
			MultiError:         true,
		},
	})
	if err != nil {
		errs = append(errs, err)
	}
	for _, name := range undeclaredQuery(route.Operation, r) {
		errs = append(errs, fmt.Errorf("query parameter %q is not declared by the operation", name))
	}
	if len(securitySchemes(doc, route.Operation)) == 0 {
		for _, h := range []string{"Authorization", "Api-Key", "Api-Sign"} {
			if r.Header.Get(h) != "" {
				errs = append(errs, fmt.Errorf("public operation sent with an %s header", h))
			}
		}
	}
	if len(errs) > 0 {
		return route.Operation.OperationID, errs
	}
	return route.Operation.OperationID, nil
}

// undeclaredQuery returns the query parameter names of r that op does not
// declare, sorted.
func undeclaredQuery(op *openapi3.Operation, r *http.Request) []string {
	var names []string
	for name := range r.URL.Query() {
		if op.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// requireSignature is the test server's AuthenticationFunc. It does not
// verify signatures (the middleware tests do), only that the request is
// signed with the scheme the operation asks for: a bearer JWT for
// bearerAuth, the Api-Key, Api-Nonce and Api-Sign headers for legacyHMAC.
func requireSignature(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	h := in.RequestValidationInput.Request.Header
	switch in.SecuritySchemeName {
	case "bearerAuth":
		token, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
		if !ok || strings.Count(token, ".") != 2 {
			return errors.New("no Authorization: Bearer <JWT> header")
		}
	case "legacyHMAC":
		for _, name := range []string{"Api-Key", "Api-Nonce", "Api-Sign"} {
			if h.Get(name) == "" {
				return fmt.Errorf("no %s header", name)
			}
		}
	default:
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	return nil
}

// TestCheckRequestRejects proves that the test server's request check
// accepts correct requests, the bracketed array parameters included, and
// rejects broken ones, so that a passing TestOperationContracts means
// something.
func TestCheckRequestRejects(t *testing.T) {
	doc := loadSpec(t)
	const jwt = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"
	bearer := http.Header{"Authorization": {jwt}}
	hmac := http.Header{"Api-Key": {"k"}, "Api-Nonce": {"1754000000000"}, "Api-Sign": {"s"}, "Content-Type": {"application/x-www-form-urlencoded"}}
	jsonBody := http.Header{"Authorization": {jwt}, "Content-Type": {"application/json"}}
	form := http.Header{"Authorization": {jwt}, "Content-Type": {"application/x-www-form-urlencoded"}}
	hundredAndOne := strings.Repeat("uuids[]=a&", 100) + "uuids[]=a"
	const placeForm = "endpoint=%2Ftrade%2Fplace&order_currency=BTC&payment_currency=KRW&type=bid"
	const order = `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"84000000","volume":"0.001"}`
	cases := []struct {
		name         string
		method, url  string
		header       http.Header
		body         string
		wantAccepted bool
	}{
		{"bracketed array parameters", "GET", "/v1/orders?uuids[]=C0101000000000000001&uuids[]=C0101000000000000002&states[]=done", bearer, "", true},
		{"percent-encoded brackets", "GET", "/v1/orders?uuids%5B%5D=C0101000000000000001&uuids%5B%5D=C0101000000000000002", bearer, "", true},
		{"comma-separated markets", "GET", "/v1/ticker?markets=KRW-BTC,BTC-ETH", nil, "", true},
		{"legacy form with every field", "POST", "/trade/place", hmac, placeForm + "&units=0.001&price=84000000", true},
		{"JSON order", "POST", "/v2/orders", jsonBody, order, true},

		{"array parameter without brackets", "GET", "/v1/orders?uuids=a", bearer, "", false},
		{"bracketed array over maxItems", "GET", "/v1/orders?" + hundredAndOne, bearer, "", false},
		{"array item outside its enum", "GET", "/v1/orders?states[]=open", bearer, "", false},
		{"integer over its maximum", "GET", "/v1/orders?limit=101", bearer, "", false},
		{"missing required parameter", "GET", "/v1/ticker", nil, "", false},
		{"public operation signed", "GET", "/v1/ticker?markets=KRW-BTC", bearer, "", false},
		{"private operation unsigned", "GET", "/v1/accounts", nil, "", false},
		{"bearer token that is not a JWT", "GET", "/v1/accounts", http.Header{"Authorization": {"Bearer secret"}}, "", false},
		{"legacy form without units and price", "POST", "/trade/place", hmac, placeForm, false},
		{"legacy form with a non-decimal units", "POST", "/trade/place", hmac, placeForm + "&units=1e-3&price=84000000", false},
		{"legacy call without Api-Sign", "POST", "/info/balance", http.Header{"Api-Key": {"k"}, "Api-Nonce": {"1"}, "Content-Type": {"application/x-www-form-urlencoded"}}, "endpoint=%2Finfo%2Fbalance", false},
		{"JSON price as a number", "POST", "/v2/orders", jsonBody, strings.Replace(order, `"84000000"`, `84000000`, 1), false},
		{"JSON body sent as a form", "POST", "/v2/orders", form, "market=KRW-BTC&side=bid&order_type=limit", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			r := httptest.NewRequest(c.method, c.url, body)
			for k, v := range c.header {
				r.Header[k] = v
			}
			_, err := checkRequest(doc, r)
			switch {
			case c.wantAccepted && err != nil:
				t.Errorf("rejected a correct request:\n%s", errorLines(err))
			case !c.wantAccepted && err == nil:
				t.Error("accepted a broken request")
			case err != nil:
				t.Logf("rejected as expected:\n%s", errorLines(err))
			}
		})
	}
}

// TestSuccessStatusOrder proves that successStatuses follows the order in
// which the spec lists the responses (it decides the status of a served
// example), not the order of the status codes.
func TestSuccessStatusOrder(t *testing.T) {
	doc := loadSpecWithOrigin(t)
	for id, want := range map[string][]string{
		"placeTwapOrder": {"200", "201"},
		"withdrawCoin":   {"201", "200"},
		"depositKRW":     {"201", "200"},
		"listTickers":    {"200"},
	} {
		op, ok := operationByID(doc, id)
		if !ok {
			t.Errorf("operation %s is not in the spec", id)
			continue
		}
		if got := successStatuses(op.Op); !slices.Equal(got, want) {
			t.Errorf("%s: success statuses %v, want %v (the spec's order)", id, got, want)
		}
	}
}

// rootPackageDir is the directory of package bithumb.
const rootPackageDir = ".."

// directivePrefix starts the comment line that names the operation a
// method of *Client implements.
const directivePrefix = "//bithumb:operation"

// directive is one //bithumb:operation line of the root package.
type directive struct {
	op  string         // the operationId it names
	pos token.Position // where it is
	// method is the name of the *Client method whose doc comment holds
	// it, or "" when it is anywhere else.
	method string
	// callsOp reports whether the method's body holds the string literal
	// op, i.e. whether the method really calls that operation.
	callsOp bool
}

// TestEveryOperationHasAContractCase proves that the contract cases and
// the //bithumb:operation directives of package bithumb cover the spec:
//
//   - every operation of the spec has exactly one case, and every case
//     names an operation of the spec; the cases are operationCases and,
//     for an operation whose typed method internal/cmd/methodgen wrote
//     (its directive counts like a hand-written one's), one made from the
//     spec (see contractCases);
//   - every operation has exactly one directive, each directive names an
//     operation of the spec, sits in the doc comment of an exported method
//     of *Client (at most one per method), and that method's body uses the
//     operationId it names.
func TestEveryOperationHasAContractCase(t *testing.T) {
	doc := loadSpec(t)
	inSpec := map[string]bool{}
	for _, o := range operations(doc) {
		inSpec[o.Op.OperationID] = true
	}
	// An operation marked x-bithumb-sim: example (see exampleOnly) needs
	// no case yet; a case for it is still checked.
	cases := contractCases(t, doc)
	needCase, newOps := map[string]bool{}, exampleOnly(doc)
	for id := range inSpec {
		if !newOps[id] || slices.ContainsFunc(cases, func(oc operationCase) bool { return oc.id == id }) {
			needCase[id] = true
		}
	}
	for _, p := range caseProblems(needCase, cases) {
		t.Error(p)
	}
	directives, err := parseDirectives(rootPackageDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(directives) == 0 {
		t.Fatalf("no %s directives in %s", directivePrefix, rootPackageDir)
	}
	for _, p := range directiveProblems(inSpec, directives) {
		t.Error(p)
	}
	t.Logf("%d operations, %d cases (%d made from the spec), %d directives", len(inSpec), len(cases), len(cases)-len(operationCases), len(directives))
}

// caseProblems checks that cases has exactly one case per operation of
// inSpec and none for anything else.
func caseProblems(inSpec map[string]bool, cases []operationCase) []string {
	var problems []string
	count := map[string]int{}
	for _, oc := range cases {
		count[oc.id]++
	}
	for _, id := range sortedKeys(inSpec) {
		if count[id] == 0 {
			problems = append(problems, fmt.Sprintf("operation %s has no case in operationCases", id))
		}
	}
	for _, id := range sortedKeys(count) {
		switch {
		case !inSpec[id]:
			problems = append(problems, fmt.Sprintf("operationCases has a case for %s, which is not an operation of the spec", id))
		case count[id] > 1:
			problems = append(problems, fmt.Sprintf("operationCases has %d cases for %s, want 1", count[id], id))
		}
	}
	return problems
}

// directiveProblems checks the directives found by parseDirectives: each
// operation of inSpec is named by exactly one; each names an operation of
// inSpec, is well formed, sits on an exported method of *Client that uses
// the operationId it names, and is that method's only directive.
func directiveProblems(inSpec map[string]bool, directives []directive) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	byOp := map[string][]directive{}
	byMethod := map[string][]directive{}
	for _, d := range directives {
		if d.op == "" {
			add("%s: malformed directive, want %q", d.pos, directivePrefix+" <operationId>")
			continue
		}
		byOp[d.op] = append(byOp[d.op], d)
		if !inSpec[d.op] {
			add("%s: directive names %s, which is not an operation of the spec", d.pos, d.op)
		}
		if d.method == "" {
			add("%s: directive for %s is not in the doc comment of an exported method of *Client", d.pos, d.op)
			continue
		}
		byMethod[d.method] = append(byMethod[d.method], d)
		if !d.callsOp {
			add("%s: (*Client).%s is marked as %s but never uses the operationId %q", d.pos, d.method, d.op, d.op)
		}
	}
	for _, id := range sortedKeys(inSpec) {
		if n := len(byOp[id]); n != 1 {
			add("operation %s has %d %s directives, want 1%s", id, n, directivePrefix, positions(byOp[id]))
		}
	}
	for _, m := range sortedKeys(byMethod) {
		if n := len(byMethod[m]); n > 1 {
			add("(*Client).%s has %d directives, want 1%s", m, n, positions(byMethod[m]))
		}
	}
	return problems
}

// TestDirectiveCheckRejects runs parseDirectives and directiveProblems on
// a made-up package with every kind of misplaced or stale directive, so
// that TestEveryOperationHasAContractCase passing means something.
func TestDirectiveCheckRejects(t *testing.T) {
	dir := t.TempDir()
	const src = `package bithumb

type Client struct{}

type Other struct{}

func (c *Client) call(op string) {}

// Good is correct.
//
//bithumb:operation opA
func (c *Client) Good() { c.call("opA") }

//bithumb:operation opA
func (c *Client) Duplicate() { c.call("opA") }

// Twice names two operations.
//
//bithumb:operation opB
//bithumb:operation opC
func (c *Client) Twice() { c.call("opB"); c.call("opC") }

//bithumb:operation opD
func (c *Client) Stale() { c.call("opA") }

//bithumb:operation opE
func Free() {}

//bithumb:operation opF
func (o *Other) Method() { _ = "opF" }

//bithumb:operation opG
func (c *Client) unexported() { c.call("opG") }

//bithumb:operation opH
func (c Client) ValueReceiver() { _ = "opH" }

//bithumb:operation
func (c *Client) Malformed() {}

//bithumb:operation opZ
func (c *Client) NotInSpec() { c.call("opZ") }

//bithumb:operation opI

func (c *Client) Loose() { c.call("opI") }
`
	const testSrc = `package bithumb

//bithumb:operation opA
func (c *Client) InATest() { c.call("opA") }
`
	for name, text := range map[string]string{"client.go": src, "client_test.go": testSrc} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	directives, err := parseDirectives(dir)
	if err != nil {
		t.Fatal(err)
	}
	inSpec := map[string]bool{}
	for _, id := range []string{"opA", "opB", "opC", "opD", "opE", "opF", "opG", "opH", "opI", "opMissing"} {
		inSpec[id] = true
	}
	want := []string{
		"operation opA has 2 ",
		"(*Client).Twice has 2 directives",
		`(*Client).Stale is marked as opD but never uses the operationId "opD"`,
		"directive for opE is not in the doc comment",
		"directive for opF is not in the doc comment",
		"directive for opG is not in the doc comment",
		"directive for opH is not in the doc comment",
		"directive for opI is not in the doc comment",
		"malformed directive",
		"directive names opZ, which is not an operation of the spec",
		"operation opMissing has 0 ",
	}
	got := directiveProblems(inSpec, directives)
	for _, w := range want {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("no problem reported containing %q", w)
		}
	}
	for _, p := range got {
		if !slices.ContainsFunc(want, func(w string) bool { return strings.Contains(p, w) }) {
			t.Errorf("unexpected problem: %s", p)
		}
	}

	caseGot := caseProblems(map[string]bool{"opA": true, "opB": true}, []operationCase{{id: "opA"}, {id: "opA"}, {id: "opX"}})
	for _, w := range []string{"operation opB has no case", "has 2 cases for opA", "case for opX, which is not an operation"} {
		if !slices.ContainsFunc(caseGot, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("caseProblems: no problem reported containing %q (got %q)", w, caseGot)
		}
	}
}

// positions lists where ds are, for a message.
func positions(ds []directive) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.pos.String())
	}
	if len(s) == 0 {
		return ""
	}
	return " (" + strings.Join(s, ", ") + ")"
}

// parseDirectives parses the non-test Go files of dir and returns every
// //bithumb:operation comment line in them, wherever it is.
func parseDirectives(dir string) ([]directive, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	var out []directive
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		// The doc comment lines of the exported methods of *Client.
		onMethod := map[*ast.Comment]*ast.FuncDecl{}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil && isClientMethod(fd) && fd.Name.IsExported() {
				for _, c := range fd.Doc.List {
					onMethod[c] = fd
				}
			}
		}
		// Every directive of the file, so that one left on a function,
		// a type or a loose comment is found too.
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				op, ok := parseDirective(c.Text)
				if !ok {
					continue
				}
				d := directive{op: op, pos: fset.Position(c.Pos())}
				if fd := onMethod[c]; fd != nil {
					d.method = fd.Name.Name
					d.callsOp = op != "" && usesString(fd.Body, op)
				}
				out = append(out, d)
			}
		}
	}
	return out, nil
}

// parseDirective reports whether the comment text is a directive and
// returns the operationId it names ("" when it is malformed).
func parseDirective(text string) (op string, ok bool) {
	rest, ok := strings.CutPrefix(text, directivePrefix)
	if !ok {
		return "", false
	}
	fields := strings.Fields(rest)
	if len(fields) != 1 || !strings.HasPrefix(rest, " ") {
		return "", true
	}
	return fields[0], true
}

// isClientMethod reports whether fd is a method with receiver *Client.
func isClientMethod(fd *ast.FuncDecl) bool {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return false
	}
	star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	ident, ok := star.X.(*ast.Ident)
	return ok && ident.Name == "Client"
}

// usesString reports whether body holds the string literal s.
func usesString(body *ast.BlockStmt, s string) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if v, err := strconv.Unquote(lit.Value); err == nil && v == s {
				found = true
			}
		}
		return !found
	})
	return found
}
