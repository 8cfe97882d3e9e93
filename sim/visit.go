// This file has one Visit method per operation of
// gen.StrictServerInterface, so that rawResponse (an error or any other
// body written as is) is a response object of every operation. Keep it in
// step with gen: the handlers do not compile when a method is missing.

package sim

import "net/http"

func (r rawResponse) VisitLegacyAccountResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitLegacyBalanceResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitLegacyOrderDetailResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitLegacyOrdersResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r rawResponse) VisitLegacyUserTransactionsResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitLegacyWalletAddressResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitLegacyAssetsStatusResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitLegacyCandlestickResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitLegacyNetworkInfoResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitLegacyOrderbookResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitLegacyTickerResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitLegacyTransactionHistoryResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitLegacyWithdrawMinimumResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitLegacyCancelOrderResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitLegacyMarketBuyResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitLegacyMarketSellResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitLegacyPlaceOrderResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitListAccountsResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r rawResponse) VisitListAPIKeysResponse(w http.ResponseWriter) error       { return r.write(w) }
func (r rawResponse) VisitListDayCandlesResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitListMinuteCandlesResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitListMonthCandlesResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitListWeekCandlesResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitGetDepositResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitListDepositsResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r rawResponse) VisitGetDepositAddressResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitListDepositAddressesResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitCreateDepositAddressResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitListKRWDepositsResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitDepositKRWResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r rawResponse) VisitListMarketsResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitListMarketWarningsResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitListNoticesResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitCancelOrderV1Response(w http.ResponseWriter) error      { return r.write(w) }
func (r rawResponse) VisitGetOrderResponse(w http.ResponseWriter) error           { return r.write(w) }
func (r rawResponse) VisitListOrderbooksResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitListOrdersResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r rawResponse) VisitPlaceOrderV1Response(w http.ResponseWriter) error       { return r.write(w) }
func (r rawResponse) VisitGetOrderChanceResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitGetWalletStatusResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitListTickersResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitListTradesResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r rawResponse) VisitCancelTWAPOrderResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitListTWAPOrdersResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitPlaceTWAPOrderResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r rawResponse) VisitGetWithdrawalResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r rawResponse) VisitListWithdrawalsResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitGetWithdrawChanceResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitCancelCoinWithdrawalResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitWithdrawCoinResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitListWithdrawAddressesResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r rawResponse) VisitListKRWWithdrawalsResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rawResponse) VisitWithdrawKRWResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitListTransferFeesResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitCancelOrderResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r rawResponse) VisitPlaceOrderResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r rawResponse) VisitPlaceOrderBatchResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rawResponse) VisitCancelOrderBatchResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitListClosedOrdersResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rawResponse) VisitListPendingOrdersResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r rawResponse) VisitSearchOrdersResponse(w http.ResponseWriter) error       { return r.write(w) }
