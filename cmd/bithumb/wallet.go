package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// newWalletCommand returns `bithumb wallet` with `wallet status`.
func newWalletCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "wallet",
		Short: "Wallet information: whether deposits and withdrawals work",
		Example: `  bithumb wallet status
  bithumb wallet status --currency BTC`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newWalletStatusCommand(a))
	return cmd
}

// newWalletStatusCommand returns `bithumb wallet status`.
func newWalletStatusCommand(a *app) *cobra.Command {
	var currency string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show whether deposits and withdrawals work, per currency and network",
		Long: `Show, per currency and network, whether deposits and withdrawals work
(working, withdraw_only, deposit_only or paused) and the state of
the blockchain: its block height and how long ago the last block came.`,
		Example: `  bithumb wallet status
  bithumb wallet status --currency BTC --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.newClient("wallet status", requireKeys)
			if err != nil {
				return err
			}
			list, err := client.GetWalletStatus(commandContext(cmd))
			if err != nil {
				return err
			}
			if currency != "" {
				list = walletStatusOf(list, strings.ToUpper(currency))
				if len(list) == 0 {
					return fmt.Errorf("--currency %s: no such currency in the wallet status", strings.ToUpper(currency))
				}
			}
			return a.print(list, func() *table { return walletStatusTable(list) })
		},
	}
	cmd.Flags().StringVar(&currency, "currency", "", "only `CURRENCY`, e.g. BTC")
	return cmd
}

// walletStatusOf returns the rows of currency.
func walletStatusOf(list []bithumb.WalletStatus, currency string) []bithumb.WalletStatus {
	out := []bithumb.WalletStatus{}
	for _, w := range list {
		if w.Currency == currency {
			out = append(out, w)
		}
	}
	return out
}

// walletStatusTable shows the wallet status one network a row.
func walletStatusTable(list []bithumb.WalletStatus) *table {
	t := &table{
		Header: []string{"CURRENCY", "NETWORK", "NET TYPE", "WALLET", "BLOCKCHAIN", "BLOCK HEIGHT", "MINUTES SINCE BLOCK"},
		Right:  []bool{false, false, false, false, false, true, true},
	}
	for _, w := range list {
		block := ""
		if w.BlockState != nil {
			block = string(*w.BlockState)
		}
		t.Add(w.Currency, optString(w.NetworkName), optString(w.NetType), string(w.WalletState), block,
			optInt(w.BlockHeight), optInt(w.BlockElapsedMinutes))
	}
	return t
}

// optInt prints *n, or "" for nil.
func optInt(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

// newAPIKeysCommand returns `bithumb api-keys`.
func newAPIKeysCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "api-keys",
		Short: "List your API keys and when they expire",
		Long: `List the access keys of your account and when each expires, with the days
left. An expired key answers 401 on every private call.`,
		Example: `  bithumb api-keys
  bithumb api-keys --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.newClient("api-keys", requireKeys)
			if err != nil {
				return err
			}
			keys, err := client.ListAPIKeys(commandContext(cmd))
			if err != nil {
				return err
			}
			return a.print(keys, func() *table { return apiKeysTable(keys, time.Now()) })
		},
	}
}

// apiKeysTable shows the API keys one a row, with the days left at now.
func apiKeysTable(keys []bithumb.APIKey, now time.Time) *table {
	t := &table{Header: []string{"ACCESS KEY", "EXPIRES", "DAYS LEFT"}, Right: []bool{false, false, true}}
	for _, k := range keys {
		left := "expired"
		if k.ExpireAt.After(now) {
			left = strconv.Itoa(int(k.ExpireAt.Sub(now) / (24 * time.Hour)))
		}
		t.Add(k.AccessKey, exchangeTime(k.ExpireAt), left)
	}
	return t
}
