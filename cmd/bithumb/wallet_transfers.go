package main

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// transferKind is one of the two transfer commands: how it names its
// rows, and how it lists coin and KRW transfers.
type transferKind struct {
	name  string // "deposits" or "withdrawals"
	coins func(ctx context.Context, c *bithumb.Client, currency *string) ([]bithumb.Transfer, error)
	krw   func(ctx context.Context, c *bithumb.Client) ([]bithumb.Transfer, error)
}

var (
	depositKind = transferKind{
		name: "deposits",
		coins: func(ctx context.Context, c *bithumb.Client, currency *string) ([]bithumb.Transfer, error) {
			return c.ListDeposits(ctx, bithumb.ListDepositsParams{Currency: currency})
		},
		krw: func(ctx context.Context, c *bithumb.Client) ([]bithumb.Transfer, error) {
			return c.ListKRWDeposits(ctx, bithumb.ListKRWDepositsParams{})
		},
	}
	withdrawalKind = transferKind{
		name: "withdrawals",
		coins: func(ctx context.Context, c *bithumb.Client, currency *string) ([]bithumb.Transfer, error) {
			return c.ListWithdrawals(ctx, bithumb.ListWithdrawalsParams{Currency: currency})
		},
		krw: func(ctx context.Context, c *bithumb.Client) ([]bithumb.Transfer, error) {
			return c.ListKRWWithdrawals(ctx, bithumb.ListKRWWithdrawalsParams{})
		},
	}
)

// newDepositsCommand returns `bithumb deposits`.
func newDepositsCommand(a *app) *cobra.Command {
	return newTransfersCommand(a, depositKind, `  bithumb deposits
  bithumb deposits --currency BTC
  bithumb deposits --currency KRW --json`)
}

// newWithdrawalsCommand returns `bithumb withdrawals`.
func newWithdrawalsCommand(a *app) *cobra.Command {
	return newTransfersCommand(a, withdrawalKind, `  bithumb withdrawals
  bithumb withdrawals --currency BTC`)
}

// newTransfersCommand returns the command that lists the transfers of
// kind k.
func newTransfersCommand(a *app, k transferKind, example string) *cobra.Command {
	var currency string
	cmd := &cobra.Command{
		Use:   k.name,
		Short: "List your recent " + k.name + ", newest first",
		Long: `List your recent ` + k.name + ` (the latest page of each list), newest first:
coins and KRW together, or those of one currency with --currency (KRW for
bank transfers).`,
		Example: example,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.newClient(k.name, requireKeys)
			if err != nil {
				return err
			}
			list, err := k.list(commandContext(cmd), client, strings.ToUpper(currency))
			if err != nil {
				return err
			}
			return a.print(list, func() *table { return transfersTable(list) })
		},
	}
	cmd.Flags().StringVar(&currency, "currency", "", "only the "+k.name+" of `CURRENCY`, e.g. BTC or KRW")
	return cmd
}

// list returns the transfers of currency ("" for all), newest first.
func (k transferKind) list(ctx context.Context, c *bithumb.Client, currency string) ([]bithumb.Transfer, error) {
	var out []bithumb.Transfer
	if currency != "KRW" {
		var cur *string
		if currency != "" {
			cur = &currency
		}
		coins, err := k.coins(ctx, c, cur)
		if err != nil {
			return nil, err
		}
		out = append(out, coins...)
	}
	if currency == "" || currency == "KRW" {
		krw, err := k.krw(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, krw...)
	}
	slices.SortStableFunc(out, func(x, y bithumb.Transfer) int { return y.CreatedAt.Compare(x.CreatedAt) })
	if out == nil {
		out = []bithumb.Transfer{}
	}
	return out, nil
}

// transfersTable shows transfers one a row.
func transfersTable(list []bithumb.Transfer) *table {
	t := &table{
		Header: []string{"CREATED", "CURRENCY", "NETWORK", "AMOUNT", "FEE", "STATE", "TXID", "UUID"},
		Right:  []bool{false, false, false, true, true, false, false, false},
	}
	for _, tr := range list {
		t.Add(exchangeTime(tr.CreatedAt), tr.Currency, optString(tr.NetType), tr.Amount.String(), tr.Fee.String(),
			tr.State, optString(tr.Txid), tr.UUID)
	}
	return t
}
