package bithumb

import (
	"context"
	"net/http"

	"github.com/bithumb-go/bithumb/gen"
)

// ListAccounts returns the balance of every currency: Balance is
// available, Locked is held by open orders and withdrawals.
//
//bithumb:operation listAccounts
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	return callList[Account](ctx, c, "listAccounts", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListAccounts(ctx)
	})
}

// GetOrderChance returns what an order on market needs: fee rates, the
// minimum and maximum totals, the allowed order types and both balances.
//
//bithumb:operation getOrderChance
func (c *Client) GetOrderChance(ctx context.Context, market string) (*OrderChance, error) {
	return callOne[OrderChance](ctx, c, "getOrderChance", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetOrderChance(ctx, &gen.GetOrderChanceParams{Market: market})
	})
}

// ListAPIKeys returns the account's API keys and their expiry.
//
//bithumb:operation listAPIKeys
func (c *Client) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	return callList[APIKey](ctx, c, "listAPIKeys", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListAPIKeys(ctx)
	})
}

// GetWalletStatus returns whether deposits and withdrawals work, per
// currency and network, with the state of each blockchain.
//
//bithumb:operation getWalletStatus
func (c *Client) GetWalletStatus(ctx context.Context) ([]WalletStatus, error) {
	return callList[WalletStatus](ctx, c, "getWalletStatus", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWalletStatus(ctx)
	})
}

// callList runs operation op (see Client.call) and returns its list.
func callList[T any](ctx context.Context, c *Client, op string, send func(context.Context) (*http.Response, error)) ([]T, error) {
	var out []T
	err := c.call(ctx, op, &out, send)
	return out, err
}

// callOne runs operation op (see Client.call) and returns its object, or
// nil with the error.
func callOne[T any](ctx context.Context, c *Client, op string, send func(context.Context) (*http.Response, error)) (*T, error) {
	var out T
	return result(&out, c.call(ctx, op, &out, send))
}

// result returns (out, nil), or (nil, err) so that callers never see a
// half-filled value next to an error.
func result[T any](out *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}
