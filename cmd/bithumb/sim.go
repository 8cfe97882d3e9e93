package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/demo"
)

type simOptions struct {
	addr   string
	seed   uint64
	data   string
	config string
}

func newSimCommand(a *app) *cobra.Command {
	var o simOptions
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run a local Bithumb exchange for development and paper trading",
		Long: `Run the simulator: a local Bithumb exchange serving every REST endpoint of
the spec (API 2.0 and legacy 1.0) and the WebSocket streams, with real
signing checks, rate limits, an order engine and a seeded market.

It prints its REST and WebSocket base URLs and the API keys of its accounts.
When BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY are set they become the
first account's keys; otherwise keys are generated. The account starts with
100,000,000 KRW and some coins unless --config says otherwise. With --data
the exchange state survives restarts, and so do the generated keys (kept
in DIR/keys.json, mode 0600). It runs until interrupted.

--config reads a YAML (.yaml, .yml) or JSON file: the markets with their
starting prices, the accounts with their keys (scopes, allowed IPs) and
funds, fees, Bithumb's quirks, REST and WebSocket faults, rate limits, the
clock (start, time_scale) and more. Every option left out keeps its
default, and unknown options are errors. The sample docs/sim-config.yaml
in the repository lists every option with its default and meaning.

Faults can also be changed while it runs: PUT /_sim/faults (REST) and
/_sim/ws/faults (WebSocket) take the JSON of the config's "faults" and
"websocket.faults"; POST /_sim/faults/reset turns them off.`,
		Example: `  bithumb sim
  bithumb sim --addr 127.0.0.1:8080 --seed 7 --data ./simdata
  bithumb sim --config docs/sim-config.yaml
  bithumb api --api-url http://127.0.0.1:8080 /v1/accounts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runSim(cmd.Context(), &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
	f.Uint64Var(&o.seed, "seed", 0, "seed of prices, ids and faults (default: the config's, else 1)")
	f.StringVar(&o.data, "data", "", "keep the exchange state in `DIR` across restarts")
	f.StringVar(&o.config, "config", "", "simulator configuration `FILE` (JSON or YAML)")
	return cmd
}

func (a *app) runSim(ctx context.Context, o *simOptions) error {
	var cfg sim.Config
	if o.config != "" {
		var err error
		if cfg, err = sim.LoadConfig(o.config); err != nil {
			return err
		}
	}
	if o.seed != 0 {
		cfg.Seed = o.seed
	}
	if o.data != "" {
		cfg.DataDir = o.data
	}
	keys, err := credentials.FromEnvLookup(a.lookup)
	switch {
	case err == nil:
		if len(cfg.Accounts) == 0 {
			cfg.Accounts = []sim.AccountConfig{{}}
		}
		cfg.Accounts[0].Keys = append([]auth.Key{{AccessKey: keys.AccessKey(), SecretKey: keys.SecretKey()}}, cfg.Accounts[0].Keys...)
	case !errors.Is(err, credentials.ErrNotFound):
		return err
	}
	return sim.ListenAndServe(ctx, o.addr, a.stdout, sim.WithConfig(cfg))
}

func newDemoCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Take an offline tour of the SDK against a built-in simulator",
		Long: `Start a simulator in this process and walk through the API with the Go
client: markets, ticker and orderbook; a limit order that rests and is
cancelled; a marketable order with its fills and the new balances. Nothing
leaves this machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := demo.Run(cmd.Context(), a.stdout); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			return nil
		},
	}
}
