package bithumb

import (
	"context"
	"net/http"

	"github.com/bithumb-go/bithumb/gen"
)

// GetWithdrawChance returns the withdrawal limits, fee and balance of
// currency on network netType.
//
//bithumb:operation getWithdrawChance
func (c *Client) GetWithdrawChance(ctx context.Context, currency, netType string) (*WithdrawChance, error) {
	return callOne[WithdrawChance](ctx, c, "getWithdrawChance", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWithdrawChance(ctx, &gen.GetWithdrawChanceParams{Currency: currency, NetType: netType})
	})
}

// ListWithdrawAddresses returns the allow-listed withdrawal addresses.
//
//bithumb:operation listWithdrawAddresses
func (c *Client) ListWithdrawAddresses(ctx context.Context) ([]WithdrawAddress, error) {
	return callList[WithdrawAddress](ctx, c, "listWithdrawAddresses", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListWithdrawAddresses(ctx)
	})
}

// WithdrawCoin requests a coin withdrawal to an allow-listed address.
// Travel-rule transfers need ExchangeName, ReceiverType and the
// receiver's names (Korean names are fine); Bithumb may answer
// ErrTravelRuleConsentRequired with the APIError's ConsentURL set.
//
// A withdrawal is never re-sent after a failure that may have reached the
// exchange: on such an error, check ListWithdrawals before trying again.
//
//bithumb:operation withdrawCoin
func (c *Client) WithdrawCoin(ctx context.Context, req WithdrawCoinRequest) (*Transfer, error) {
	var v validator
	v.decimal("withdrawCoin", "amount", req.Amount)
	if req.ReceiverType == WithdrawCoinRequestReceiverTypeCorporation {
		v.required("receiver_corp_ko_name", req.ReceiverCorpKoName)
	}
	if v.err != nil {
		return nil, v.err
	}
	return callOne[Transfer](ctx, c, "withdrawCoin", func(ctx context.Context) (*http.Response, error) {
		return c.raw.WithdrawCoin(ctx, req.toGen())
	})
}

// CancelCoinWithdrawal cancels a coin withdrawal that is still being
// processed.
//
//bithumb:operation cancelCoinWithdrawal
func (c *Client) CancelCoinWithdrawal(ctx context.Context, withdrawalID string) (*CancelWithdrawalResponse, error) {
	return callOne[CancelWithdrawalResponse](ctx, c, "cancelCoinWithdrawal", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelCoinWithdrawal(ctx, &gen.CancelCoinWithdrawalParams{WithdrawalID: withdrawalID})
	})
}

// GetWithdrawal returns one withdrawal by params.UUID or params.Txid.
//
//bithumb:operation getWithdrawal
func (c *Client) GetWithdrawal(ctx context.Context, params GetWithdrawalParams) (*Transfer, error) {
	var v validator
	v.oneOf("uuid", params.UUID != nil && *params.UUID != "", params.Txid != nil && *params.Txid != "", "uuid or txid")
	if v.err != nil {
		return nil, v.err
	}
	return callOne[Transfer](ctx, c, "getWithdrawal", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWithdrawal(ctx, params.toGen())
	})
}

// ListWithdrawals returns coin withdrawals page by page.
//
//bithumb:operation listWithdrawals
func (c *Client) ListWithdrawals(ctx context.Context, params ListWithdrawalsParams) ([]Transfer, error) {
	return callList[Transfer](ctx, c, "listWithdrawals", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListWithdrawals(ctx, params.toGen())
	})
}

// ListKRWWithdrawals returns KRW withdrawals page by page.
//
//bithumb:operation listKRWWithdrawals
func (c *Client) ListKRWWithdrawals(ctx context.Context, params ListKRWWithdrawalsParams) ([]Transfer, error) {
	return callList[Transfer](ctx, c, "listKRWWithdrawals", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListKRWWithdrawals(ctx, params.toGen())
	})
}

// WithdrawKRW requests a KRW withdrawal to the registered bank account;
// the user confirms it in Kakao. Never re-sent after an ambiguous failure.
//
//bithumb:operation withdrawKRW
func (c *Client) WithdrawKRW(ctx context.Context, req KRWTransferRequest) (*Transfer, error) {
	if err := validateKRWTransfer("withdrawKRW", &req); err != nil {
		return nil, err
	}
	return callOne[Transfer](ctx, c, "withdrawKRW", func(ctx context.Context) (*http.Response, error) {
		return c.raw.WithdrawKRW(ctx, req.toGen())
	})
}

// validateKRWTransfer checks the amount of the operation op before it is
// written out (the spec's rules check the rest as the request is sent);
// the two-factor type defaults to kakao, the only one Bithumb offers.
func validateKRWTransfer(op string, req *KRWTransferRequest) error {
	if req.TwoFactorType == "" {
		req.TwoFactorType = KRWTransferRequestTwoFactorTypeKakao
	}
	var v validator
	v.decimal(op, "amount", req.Amount)
	return v.err
}

// GetDeposit returns one deposit by params.UUID or params.Txid.
//
//bithumb:operation getDeposit
func (c *Client) GetDeposit(ctx context.Context, params GetDepositParams) (*Transfer, error) {
	var v validator
	v.oneOf("uuid", params.UUID != nil && *params.UUID != "", params.Txid != nil && *params.Txid != "", "uuid or txid")
	if v.err != nil {
		return nil, v.err
	}
	return callOne[Transfer](ctx, c, "getDeposit", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetDeposit(ctx, params.toGen())
	})
}

// ListDeposits returns coin deposits page by page.
//
//bithumb:operation listDeposits
func (c *Client) ListDeposits(ctx context.Context, params ListDepositsParams) ([]Transfer, error) {
	return callList[Transfer](ctx, c, "listDeposits", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListDeposits(ctx, params.toGen())
	})
}

// ListKRWDeposits returns KRW deposits page by page.
//
//bithumb:operation listKRWDeposits
func (c *Client) ListKRWDeposits(ctx context.Context, params ListKRWDepositsParams) ([]Transfer, error) {
	return callList[Transfer](ctx, c, "listKRWDeposits", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListKRWDeposits(ctx, params.toGen())
	})
}

// DepositKRW requests a KRW deposit from the registered bank account; the
// user confirms it in Kakao. Never re-sent after an ambiguous failure.
//
//bithumb:operation depositKRW
func (c *Client) DepositKRW(ctx context.Context, req KRWTransferRequest) (*Transfer, error) {
	if err := validateKRWTransfer("depositKRW", &req); err != nil {
		return nil, err
	}
	return callOne[Transfer](ctx, c, "depositKRW", func(ctx context.Context) (*http.Response, error) {
		return c.raw.DepositKRW(ctx, req.toGen())
	})
}

// CreateDepositAddress asks for a deposit address of currency on network
// netType. DepositAddress is nil while Bithumb is still generating it;
// ask again (or call GetDepositAddress) a little later.
//
//bithumb:operation createDepositAddress
func (c *Client) CreateDepositAddress(ctx context.Context, currency, netType string) (*DepositAddress, error) {
	return callOne[DepositAddress](ctx, c, "createDepositAddress", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CreateDepositAddress(ctx, gen.CreateDepositAddressRequest{Currency: currency, NetType: netType})
	})
}

// ListDepositAddresses returns every deposit address of the account.
//
//bithumb:operation listDepositAddresses
func (c *Client) ListDepositAddresses(ctx context.Context) ([]DepositAddress, error) {
	return callList[DepositAddress](ctx, c, "listDepositAddresses", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListDepositAddresses(ctx)
	})
}

// GetDepositAddress returns the deposit address of currency on network
// netType.
//
//bithumb:operation getDepositAddress
func (c *Client) GetDepositAddress(ctx context.Context, currency, netType string) (*DepositAddress, error) {
	return callOne[DepositAddress](ctx, c, "getDepositAddress", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetDepositAddress(ctx, &gen.GetDepositAddressParams{Currency: currency, NetType: netType})
	})
}
