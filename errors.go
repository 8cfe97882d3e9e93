package bithumb

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/bithumb-go/bithumb/middleware"
)

// APIError is an error answer from Bithumb, whatever its shape. Bithumb
// answers errors in four ways, and all of them become an *APIError:
//
//   - a non-2xx status with {"error": {"name": "...", "message": "..."}};
//   - an error object inside an HTTP 200: the quotation endpoints (ticker,
//     orderbook, trades, candles) answer an unknown market with status
//     200 and {"error": {"name": 404, "message": "Code not found"}}, a
//     numeric name that is kept as its text ("404") and counts as the
//     status for errors.Is, so that it matches ErrNotFound;
//   - a legacy API 1.0 envelope whose "status" is not "0000" (HTTP 200
//     too): LegacyStatus and Name hold the code ("5600"), and 5600 covers
//     many situations, so read Message;
//   - the gateway's bare {"name": "not_found", ...} without the "error"
//     wrapper, for a path it does not know (Gateway is true).
//
// A body that is not JSON (an HTML error page, an empty 414) leaves Name
// empty; the status still decides.
//
// Use errors.As to get at its fields, and errors.Is to test for a
// particular error. Every sentinel of this package is an errors.Is
// target of an *APIError:
//
//   - by HTTP status ([HTTPStatus]; an error inside a 200 with a numeric
//     name matches that number): ErrBadRequest (400), ErrUnauthorized
//     (401), ErrForbidden (403), ErrNotFound (404), ErrUnprocessable
//     (422), ErrRateLimited (429), ErrServer (every 5xx);
//   - by Bithumb's error name ([ErrorName]): ErrInvalidParameter,
//     ErrInvalidPrice, ErrInvalidPriceAsk, ErrInvalidPriceBid,
//     ErrUnderPriceLimitAsk, ErrUnderPriceLimitBid,
//     ErrBankAccountRequired, ErrTwoFactorAuthRequired,
//     ErrCurrencyNotSupported, ErrCrossTrading,
//     ErrWithdrawInsufficientFunds (400); ErrInvalidJWT,
//     ErrJWTVerification, ErrInvalidAccessKey, ErrExpiredJWT,
//     ErrInvalidQueryPayload, ErrNotAllowIP, ErrOutOfScope, ErrNonceUsed
//     (401); ErrBlockedMember (403); ErrOrderNotFound,
//     ErrDepositNotFound, ErrWithdrawNotFound, ErrRouteNotFound (404);
//     ErrOrderNotReady, ErrTravelRuleConsentRequired (422, the latter
//     with ExchangeName and ConsentURL); ErrTooManyRequests (429);
//     ErrServerError (500); and the order refusals
//     ErrInsufficientFundsBid, ErrInsufficientFundsAsk,
//     ErrUnderMinTotalBid, ErrUnderMinTotalAsk, ErrOverMaxTotal,
//     ErrDuplicateClientOrder;
//   - by legacy status code ([LegacyStatus]): ErrLegacyBadRequest (5100),
//     ErrLegacyNotMember (5200), ErrLegacyInvalidAPIKey (5300),
//     ErrLegacyMethodNotAllowed (5302), ErrLegacyDatabaseFail (5400),
//     ErrLegacyInvalidParameter (5500), ErrLegacyCustomNotice (5600),
//     ErrLegacyUnknown (5900).
//
// Any other name or status works the same way: errors.Is(err,
// ErrorName("some_new_name")), errors.Is(err, HTTPStatus(409)).
// ErrNoCredentials, ErrResponseTooLarge, ErrInvalidInput and
// ErrOrderDone are the client's own errors, never an *APIError.
//
// Error returns one line with the method, the path and Bithumb's name
// and message; it never shows the query string (which can hold order
// ids), the body or any header. Temporary reports the answers worth
// retrying (429, 5xx, order_not_ready); Client methods have already
// retried them where the endpoint allows.
type APIError = middleware.APIError

// CheckResponse returns the *APIError that a response carries, or nil
// for a successful answer. It is for programs that call package gen
// directly (see NewHTTPClient), whose methods return every answer,
// errors included, as a response:
//
//	resp, err := api.ListTickersWithResponse(ctx, params)
//	if err == nil {
//		err = bithumb.CheckResponse(resp.HTTPResponse, resp.Body)
//	}
//
// body is the response body that gen has read (resp.Body of a gen
// response). Unlike the status code, CheckResponse also catches the
// errors that Bithumb sends inside an HTTP 200: quotation endpoints'
// {"error": {...}} and legacy statuses other than "0000". It decodes
// errors exactly as the methods of Client do. When the request went
// through NewHTTPClient's transport, the error names the operation;
// otherwise a path under /public, /info or /trade is taken for the
// legacy API.
func CheckResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("bithumb: CheckResponse: nil response")
	}
	var e Endpoint
	if req := resp.Request; req != nil {
		var ok bool
		if e, ok = middleware.EndpointFrom(req.Context()); !ok && req.URL != nil {
			e = middleware.GuessEndpoint(req.Method, req.URL.Path, false)
			e.OperationID = ""
		}
	}
	if apiErr := middleware.CheckResponse(resp, body, e); apiErr != nil {
		return apiErr
	}
	return nil
}

// ErrorName is a Bithumb error name usable as an errors.Is target.
type ErrorName = middleware.ErrorName

// HTTPStatus is an HTTP status usable as an errors.Is target; an error
// inside an HTTP 200 matches the status of its numeric name.
type HTTPStatus = middleware.HTTPStatus

// LegacyStatus is a legacy API 1.0 status code usable as an errors.Is
// target.
type LegacyStatus = middleware.LegacyStatus

// Endpoint describes one operation of the spec: its rate-limit category,
// retry policy and signing scheme.
type Endpoint = middleware.Endpoint

// Errors by HTTP status. An error inside an HTTP 200 whose name is a
// number matches that number: a quotation call for an unknown market
// ({"error":{"name":404,...}}) matches ErrNotFound.
var (
	ErrBadRequest    error = HTTPStatus(400)
	ErrUnauthorized  error = HTTPStatus(401)
	ErrForbidden     error = HTTPStatus(403)
	ErrNotFound      error = HTTPStatus(404)
	ErrUnprocessable error = HTTPStatus(422)
	ErrRateLimited   error = HTTPStatus(429)
	// ErrServer matches every 5xx status.
	ErrServer error = HTTPStatus(500)
)

// Errors by Bithumb error name, as documented ("API 주요 에러 코드") or
// observed. errors.Is(err, ErrOrderNotFound) is true for an *APIError
// with that name.
var (
	// 400
	ErrInvalidParameter          error = ErrorName("invalid_parameter")
	ErrInvalidPrice              error = ErrorName("invalid_price")
	ErrInvalidPriceAsk           error = ErrorName("invalid_price_ask")
	ErrInvalidPriceBid           error = ErrorName("invalid_price_bid")
	ErrUnderPriceLimitAsk        error = ErrorName("under_price_limit_ask")
	ErrUnderPriceLimitBid        error = ErrorName("under_price_limit_bid")
	ErrBankAccountRequired       error = ErrorName("bank_account_required")
	ErrTwoFactorAuthRequired     error = ErrorName("two_factor_auth_required")
	ErrCurrencyNotSupported      error = ErrorName("currency does not have a valid value")
	ErrCrossTrading              error = ErrorName("cross_trading")
	ErrWithdrawInsufficientFunds error = ErrorName("withdraw_insufficient_balance")
	// 401
	ErrInvalidJWT          error = ErrorName("invalid_jwt")
	ErrJWTVerification     error = ErrorName("jwt_verification")
	ErrInvalidAccessKey    error = ErrorName("invalid_access_key")
	ErrExpiredJWT          error = ErrorName("expired_jwt")
	ErrInvalidQueryPayload error = ErrorName("invalid_query_payload")
	ErrNotAllowIP          error = ErrorName("NotAllowIP")
	ErrOutOfScope          error = ErrorName("out_of_scope")
	// 403
	ErrBlockedMember error = ErrorName("blocked_member_id")
	// 404
	ErrOrderNotFound    error = ErrorName("order_not_found")
	ErrDepositNotFound  error = ErrorName("deposit_not_found")
	ErrWithdrawNotFound error = ErrorName("withdraw_not_found")
	// ErrRouteNotFound is the gateway's answer to an unknown path.
	ErrRouteNotFound error = ErrorName("not_found")
	// 422
	ErrOrderNotReady             error = ErrorName("order_not_ready")
	ErrTravelRuleConsentRequired error = ErrorName("travel_rule_consent_required")
	// 429 (name as Upbit sends it; Bithumb's 429 body is undocumented)
	ErrTooManyRequests error = ErrorName("too_many_requests")
	// 500
	ErrServerError error = ErrorName("server_error")
	// Names Bithumb has not documented but Upbit-style servers (and the
	// simulator) use for orders the exchange refuses.
	ErrInsufficientFundsBid error = ErrorName("insufficient_funds_bid")
	ErrInsufficientFundsAsk error = ErrorName("insufficient_funds_ask")
	ErrUnderMinTotalBid     error = ErrorName("under_min_total_bid")
	ErrUnderMinTotalAsk     error = ErrorName("under_min_total_ask")
	ErrOverMaxTotal         error = ErrorName("over_max_total")
	ErrDuplicateClientOrder error = ErrorName("duplicate_client_order_id")
	ErrNonceUsed            error = ErrorName("nonce_used")
)

// Errors by legacy API 1.0 status code.
var (
	ErrLegacyBadRequest       error = LegacyStatus("5100")
	ErrLegacyNotMember        error = LegacyStatus("5200")
	ErrLegacyInvalidAPIKey    error = LegacyStatus("5300")
	ErrLegacyMethodNotAllowed error = LegacyStatus("5302")
	ErrLegacyDatabaseFail     error = LegacyStatus("5400")
	ErrLegacyInvalidParameter error = LegacyStatus("5500")
	// ErrLegacyCustomNotice (5600) covers many situations; read the
	// message. "거래 진행중인 내역이 존재하지 않습니다." (no open orders) is
	// not a failure: LegacyOrders returns an empty list for it.
	ErrLegacyCustomNotice error = LegacyStatus("5600")
	ErrLegacyUnknown      error = LegacyStatus("5900")
)

// Client-side errors.
var (
	// ErrNoCredentials: a private endpoint was called on a client without
	// keys.
	ErrNoCredentials = middleware.ErrNoCredentials
	// ErrResponseTooLarge: a response body exceeded WithMaxResponseSize.
	ErrResponseTooLarge = middleware.ErrResponseTooLarge
)

// stripURLQueries removes the query, fragment and user info from the URL
// of every *url.Error in err's tree, so that the error's text never shows
// them: a query can hold order ids (net/http puts the request's URL into
// the errors of http.Client.Do). The errors are changed in place; they
// must belong to the failed call.
func stripURLQueries(err error) {
	switch e := err.(type) {
	case nil:
		return
	case *url.Error:
		e.URL = stripQuery(e.URL)
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		stripURLQueries(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, inner := range u.Unwrap() {
			stripURLQueries(inner)
		}
	}
}

// stripQuery returns rawURL without its query, fragment and user info.
func stripQuery(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		// Not a URL we can take apart: keep what precedes a query.
		rawURL, _, _ = strings.Cut(rawURL, "?")
		rawURL, _, _ = strings.Cut(rawURL, "#")
		return rawURL
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment, u.User = "", false, "", "", nil
	return u.String()
}
