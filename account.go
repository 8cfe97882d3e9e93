package bithumb

import (
	"context"
	"net/http"
)

// ListAccounts returns the balance of every currency: Balance is
// available, Locked is held by open orders and withdrawals.
//
//bithumb:operation listAccounts
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	var out []Account
	err := c.call(ctx, "listAccounts", &out, func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListAccounts(ctx)
	})
	return out, err
}

// GetOrderChance returns what an order on market needs: fee rates, the
// minimum and maximum totals, the allowed order types and both balances.
//
//bithumb:operation getOrderChance
func (c *Client) GetOrderChance(ctx context.Context, market string) (*OrderChance, error) {
	var v validator
	v.market("market", market)
	if v.err != nil {
		return nil, v.err
	}
	var out OrderChance
	err := c.call(ctx, "getOrderChance", &out, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetOrderChance(ctx, &GetOrderChanceParams{Market: market})
	})
	return result(&out, err)
}

// ListAPIKeys returns the account's API keys and their expiry.
//
//bithumb:operation listAPIKeys
func (c *Client) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	var out []APIKey
	err := c.call(ctx, "listAPIKeys", &out, func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListAPIKeys(ctx)
	})
	return out, err
}

// GetWalletStatus returns whether deposits and withdrawals work, per
// currency and network, with the state of each blockchain.
//
//bithumb:operation getWalletStatus
func (c *Client) GetWalletStatus(ctx context.Context) ([]WalletStatus, error) {
	var out []WalletStatus
	err := c.call(ctx, "getWalletStatus", &out, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWalletStatus(ctx)
	})
	return out, err
}

// result returns (out, nil), or (nil, err) so that callers never see a
// half-filled value next to an error.
func result[T any](out *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
