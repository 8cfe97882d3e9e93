package bithumb

import (
	"github.com/bithumb-go/bithumb/middleware"
)

// APIError is an error answer from Bithumb, whatever its shape: a non-2xx
// response, an error object inside an HTTP 200 (quotation endpoints, with
// a numeric name), a legacy status other than "0000", or the gateway's
// bare 404. Use errors.As to get at its fields and errors.Is with the
// sentinels below to test for a particular error.
type APIError = middleware.APIError

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
