package main

import (
	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// newBalanceCommand returns `bithumb balance`.
func newBalanceCommand(a *app) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "balance",
		Short: "Show your balances",
		Long: `Show the balance of each currency: available, locked (held by open orders
and withdrawals), and the average buy price in the unit currency.
Currencies with nothing available or locked are left out unless --all.`,
		Example: `  bithumb balance
  bithumb balance --all
  bithumb balance --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.newClient("balance", requireKeys)
			if err != nil {
				return err
			}
			accounts, err := client.ListAccounts(commandContext(cmd))
			if err != nil {
				return err
			}
			if !all {
				accounts = nonZeroAccounts(accounts)
			}
			return a.print(accounts, func() *table { return balanceTable(accounts) })
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "include currencies with a zero balance")
	return cmd
}

// nonZeroAccounts returns the accounts with something available or
// locked.
func nonZeroAccounts(accounts []bithumb.Account) []bithumb.Account {
	out := []bithumb.Account{}
	for _, acc := range accounts {
		if !acc.Balance.IsZero() || !acc.Locked.IsZero() {
			out = append(out, acc)
		}
	}
	return out
}

// balanceTable shows balances one currency a row.
func balanceTable(accounts []bithumb.Account) *table {
	t := &table{
		Header: []string{"CURRENCY", "BALANCE", "LOCKED", "AVG BUY PRICE", "UNIT"},
		Right:  []bool{false, true, true, true, false},
	}
	for _, acc := range accounts {
		t.Add(acc.Currency, acc.Balance.String(), acc.Locked.String(), acc.AvgBuyPrice.String(), acc.UnitCurrency)
	}
	return t
}
