package main

// Shell completion: cobra's completion command, and the completion of
// market codes by the market-data commands.

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// rootExample is the Example of `bithumb --help`: a first command, and
// how to turn on shell completion.
const rootExample = `  bithumb markets
  bithumb ticker KRW-BTC
  bithumb candles KRW-BTC --interval 1h --chart

  # Shell completion of commands, flags and market codes
  # (bash; also zsh, fish and powershell: see bithumb completion --help)
  source <(bithumb completion bash)`

// completionTimeout bounds the ListMarkets call of a completion, so that
// a shell never waits long for a server that does not answer.
const completionTimeout = 2 * time.Second

// completeMarkets returns a ValidArgsFunction that completes market
// codes from ListMarkets, with their English and Korean names as
// descriptions: only the first argument when several is false, every
// argument not given yet otherwise. It completes nothing, and offers no
// files, when the server cannot be reached within completionTimeout.
func (a *app) completeMarkets(several bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !several {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		c, err := a.newClient("completion", noKeys, bithumb.WithMaxAttempts(1))
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(commandContext(cmd), completionTimeout)
		defer cancel()
		markets, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		given := make(map[string]bool, len(args))
		for _, arg := range args {
			given[strings.ToUpper(arg)] = true
		}
		var out []cobra.Completion
		for _, m := range markets {
			if given[m.Market] || !strings.HasPrefix(m.Market, strings.ToUpper(toComplete)) {
				continue
			}
			out = append(out, cobra.CompletionWithDesc(m.Market, m.EnglishName+" "+m.KoreanName))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
