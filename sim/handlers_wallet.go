package sim

// The deposit and withdrawal operations. Each method implements the
// api.StrictServerInterface operation of the same name.

import (
	"context"
	"strings"

	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/internal/api"
)

func (h *handlers) GetWithdrawChance(ctx context.Context, req api.GetWithdrawChanceRequestObject) (api.GetWithdrawChanceResponseObject, error) {
	c, ok := h.s.engine.CurrencyInfo(req.Params.Currency)
	if !ok {
		return apiError(&engine.Error{Status: 400, Name: "currency does not have a valid value", Message: "빗썸에서 지원하지 않는 코인 입니다."}), nil
	}
	if !strings.EqualFold(req.Params.NetType, c.NetType) && c.Code != "KRW" {
		return invalidParam("net_type"), nil
	}
	b := h.s.engine.BalanceOf(account(ctx), c.Code)
	var out api.GetWithdrawChance200JSONResponse
	out.Currency.Code = c.Code
	out.Currency.WithdrawFee = strp(c.WithdrawFee)
	out.Currency.IsCoin = ptr(c.Code != "KRW")
	out.Currency.WalletState = ptr(c.WalletState)
	out.Currency.WalletSupport = &[]string{"deposit", "withdraw"}
	out.Account = renderAccount(c.Code, b)
	out.WithdrawLimit.Currency = c.Code
	out.WithdrawLimit.Onetime = strp(c.OneTime)
	out.WithdrawLimit.Daily = strp(c.Daily)
	out.WithdrawLimit.RemainingDaily = strp(c.Daily)
	out.WithdrawLimit.Minimum = strp(c.WithdrawMin)
	out.WithdrawLimit.Fixed = ptr(int64(c.Decimals))
	out.WithdrawLimit.CanWithdraw = ptr(c.WalletState == "working" || c.WalletState == "withdraw_only")
	return out, nil
}

func (h *handlers) ListWithdrawAddresses(ctx context.Context, _ api.ListWithdrawAddressesRequestObject) (api.ListWithdrawAddressesResponseObject, error) {
	out := api.ListWithdrawAddresses200JSONResponse{}
	for _, a := range h.s.engine.AllowList(account(ctx)) {
		w := gen.WithdrawAddress{Currency: a.Currency, NetType: a.NetType, WithdrawAddress: a.Address}
		if c, ok := h.s.engine.CurrencyInfo(a.Currency); ok {
			w.NetworkName = ptr(c.NetworkName)
		}
		if a.SecondaryAddress != "" {
			w.SecondaryAddress = ptr(a.SecondaryAddress)
		}
		if a.ExchangeName != "" {
			w.ExchangeName = ptr(a.ExchangeName)
		}
		if a.OwnerType != "" {
			w.OwnerType = ptr(gen.WithdrawAddressOwnerType(a.OwnerType))
		}
		if a.OwnerKoName != "" {
			w.OwnerKoName = ptr(a.OwnerKoName)
		}
		if a.OwnerEnName != "" {
			w.OwnerEnName = ptr(a.OwnerEnName)
		}
		out = append(out, w)
	}
	return out, nil
}

func (h *handlers) WithdrawCoin(ctx context.Context, req api.WithdrawCoinRequestObject) (api.WithdrawCoinResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	b := req.Body
	if b.ReceiverType == "corporation" && (b.ReceiverCorpKoName == "" || b.ReceiverCorpEnName == "") {
		return invalidParam("receiver_corp_ko_name and receiver_corp_en_name are required for corporations"), nil
	}
	t, err := h.s.engine.WithdrawCoin(account(ctx), b.Currency, b.NetType, b.Amount, b.Address, b.SecondaryAddress)
	if err != nil {
		return apiError(err), nil
	}
	return api.WithdrawCoin201JSONResponse(renderTransfer(t)), nil
}

func (h *handlers) CancelCoinWithdrawal(ctx context.Context, req api.CancelCoinWithdrawalRequestObject) (api.CancelCoinWithdrawalResponseObject, error) {
	t, err := h.s.engine.CancelWithdrawal(account(ctx), req.Params.WithdrawalID)
	if err != nil {
		return apiError(err), nil
	}
	out := api.CancelCoinWithdrawal200JSONResponse{Type: t.Type, WithdrawalID: t.ID, Currency: t.Currency, State: t.State,
		CreatedAt: kst(t.CreatedAt), Amount: str(t.Amount), Fee: str(t.Fee), KRWAmount: strp(t.KRWAmount)}
	if t.NetType != "" {
		out.NetType = ptr(t.NetType)
	}
	return out, nil
}

func (h *handlers) transfer(ctx context.Context, typ, cur string, id, txid *string) (gen.Transfer, *rawResponse) {
	if deref(id) == "" && deref(txid) == "" {
		r := invalidParam("uuid or txid")
		return gen.Transfer{}, &r
	}
	if _, ok := h.s.engine.CurrencyInfo(cur); !ok {
		r := apiError(&engine.Error{Status: 400, Name: "currency does not have a valid value", Message: "빗썸에서 지원하지 않는 코인 입니다."})
		return gen.Transfer{}, &r
	}
	t, err := h.s.engine.GetTransfer(account(ctx), typ, cur, deref(id), deref(txid))
	if err != nil {
		r := apiError(err)
		return gen.Transfer{}, &r
	}
	return renderTransfer(t), nil
}

func (h *handlers) GetWithdrawal(ctx context.Context, req api.GetWithdrawalRequestObject) (api.GetWithdrawalResponseObject, error) {
	t, bad := h.transfer(ctx, "withdraw", req.Params.Currency, req.Params.UUID, req.Params.Txid)
	if bad != nil {
		return bad, nil
	}
	return api.GetWithdrawal200JSONResponse(t), nil
}

func (h *handlers) GetDeposit(ctx context.Context, req api.GetDepositRequestObject) (api.GetDepositResponseObject, error) {
	t, bad := h.transfer(ctx, "deposit", req.Params.Currency, req.Params.UUID, req.Params.Txid)
	if bad != nil {
		return bad, nil
	}
	return api.GetDeposit200JSONResponse(t), nil
}

// listTransfers runs a transfer list query from list parameters.
func (h *handlers) listTransfers(ctx context.Context, q engine.TransferQuery, page, limit *int64, ob *gen.OrderBy, uuids, txids *[]string) ([]gen.Transfer, *rawResponse) {
	var ok bool
	if q.Limit, ok = limitParam(limit, 100, 100); !ok {
		r := invalidParam("limit")
		return nil, &r
	}
	q.Page = 1
	if page != nil {
		if *page < 1 {
			r := invalidParam("page")
			return nil, &r
		}
		q.Page = int(*page)
	}
	if q.Ascending, ok = orderBy(ob); !ok {
		r := invalidParam("order_by")
		return nil, &r
	}
	if uuids != nil {
		q.UUIDs = *uuids
	}
	if txids != nil {
		q.Txids = *txids
	}
	out := []gen.Transfer{}
	for _, t := range h.s.engine.Transfers(account(ctx), q) {
		out = append(out, renderTransfer(t))
	}
	return out, nil
}

func (h *handlers) ListWithdrawals(ctx context.Context, req api.ListWithdrawalsRequestObject) (api.ListWithdrawalsResponseObject, error) {
	p := req.Params
	q := engine.TransferQuery{Type: "withdraw", Currency: deref(p.Currency)}
	if p.State != nil {
		q.State = string(*p.State)
	}
	list, bad := h.listTransfers(ctx, q, p.Page, p.Limit, p.OrderBy, p.Uuids, p.Txids)
	if bad != nil {
		return bad, nil
	}
	return api.ListWithdrawals200JSONResponse(list), nil
}

func (h *handlers) ListKRWWithdrawals(ctx context.Context, req api.ListKRWWithdrawalsRequestObject) (api.ListKRWWithdrawalsResponseObject, error) {
	p := req.Params
	q := engine.TransferQuery{Type: "withdraw", KRW: true}
	if p.State != nil {
		q.State = string(*p.State)
	}
	list, bad := h.listTransfers(ctx, q, p.Page, p.Limit, p.OrderBy, p.Uuids, p.Txids)
	if bad != nil {
		return bad, nil
	}
	return api.ListKRWWithdrawals200JSONResponse(list), nil
}

func (h *handlers) ListDeposits(ctx context.Context, req api.ListDepositsRequestObject) (api.ListDepositsResponseObject, error) {
	p := req.Params
	q := engine.TransferQuery{Type: "deposit", Currency: deref(p.Currency)}
	if p.State != nil {
		q.State = string(*p.State)
	}
	list, bad := h.listTransfers(ctx, q, p.Page, p.Limit, p.OrderBy, p.Uuids, p.Txids)
	if bad != nil {
		return bad, nil
	}
	return api.ListDeposits200JSONResponse(list), nil
}

func (h *handlers) ListKRWDeposits(ctx context.Context, req api.ListKRWDepositsRequestObject) (api.ListKRWDepositsResponseObject, error) {
	p := req.Params
	q := engine.TransferQuery{Type: "deposit", KRW: true}
	if p.State != nil {
		q.State = string(*p.State)
	}
	list, bad := h.listTransfers(ctx, q, p.Page, p.Limit, p.OrderBy, p.Uuids, p.Txids)
	if bad != nil {
		return bad, nil
	}
	return api.ListKRWDeposits200JSONResponse(list), nil
}

func (h *handlers) WithdrawKRW(ctx context.Context, req api.WithdrawKRWRequestObject) (api.WithdrawKRWResponseObject, error) {
	if req.Body == nil || req.Body.TwoFactorType != "kakao" {
		return invalidParam("two_factor_type"), nil
	}
	t, err := h.s.engine.WithdrawKRW(account(ctx), req.Body.Amount)
	if err != nil {
		return apiError(err), nil
	}
	return api.WithdrawKRW201JSONResponse(renderTransfer(t)), nil
}

func (h *handlers) DepositKRW(ctx context.Context, req api.DepositKRWRequestObject) (api.DepositKRWResponseObject, error) {
	if req.Body == nil || req.Body.TwoFactorType != "kakao" {
		return invalidParam("two_factor_type"), nil
	}
	t, err := h.s.engine.DepositKRW(account(ctx), req.Body.Amount)
	if err != nil {
		return apiError(err), nil
	}
	return api.DepositKRW201JSONResponse(renderTransfer(t)), nil
}

func renderAddress(d engine.DepositAddress) gen.DepositAddress {
	out := gen.DepositAddress{Currency: d.Currency, NetType: d.NetType, DepositAddress: ptr(d.Address)}
	if d.SecondaryAddress != "" {
		out.SecondaryAddress = ptr(d.SecondaryAddress)
	}
	return out
}

func (h *handlers) CreateDepositAddress(ctx context.Context, req api.CreateDepositAddressRequestObject) (api.CreateDepositAddressResponseObject, error) {
	if req.Body == nil {
		return invalidParam("body"), nil
	}
	d, err := h.s.engine.DepositAddressOf(account(ctx), req.Body.Currency, req.Body.NetType, true)
	if err != nil {
		return apiError(err), nil
	}
	return api.CreateDepositAddress201JSONResponse(renderAddress(d)), nil
}

func (h *handlers) GetDepositAddress(ctx context.Context, req api.GetDepositAddressRequestObject) (api.GetDepositAddressResponseObject, error) {
	d, err := h.s.engine.DepositAddressOf(account(ctx), req.Params.Currency, req.Params.NetType, false)
	if err != nil {
		return apiError(err), nil
	}
	return api.GetDepositAddress200JSONResponse(renderAddress(d)), nil
}

func (h *handlers) ListDepositAddresses(ctx context.Context, _ api.ListDepositAddressesRequestObject) (api.ListDepositAddressesResponseObject, error) {
	out := api.ListDepositAddresses200JSONResponse{}
	for _, d := range h.s.engine.DepositAddresses(account(ctx)) {
		out = append(out, renderAddress(d))
	}
	return out, nil
}
