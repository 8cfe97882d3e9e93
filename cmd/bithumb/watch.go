package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/wsclient"
)

// envWSURL selects the WebSocket server when --ws-url is not given.
const envWSURL = "BITHUMB_WS_URL"

type watchOptions struct {
	count  int
	format string
}

func newWatchCommand(a *app) *cobra.Command {
	var o watchOptions
	cmd := &cobra.Command{
		Use:   "watch TYPE [CODES...]",
		Short: "Stream WebSocket events: ticker, trade, orderbook, myOrder, myAsset",
		Long: `Stream Bithumb WebSocket events and print one per line.

TYPE is ticker, trade or orderbook (public; CODES are markets such as
KRW-BTC, orderbook codes may carry a depth such as KRW-BTC.5), or myOrder
(CODES optional: none means every market) or myAsset (no CODES), which need
API keys (BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY, or the file written by
"bithumb auth set").

The stream survives disconnects: the client reconnects, subscribes again and
reports the gap on standard error. With --count N it exits after N events.
With --json every event is one JSON object per line, numbers exactly as
Bithumb sent them.

--ws-url or BITHUMB_WS_URL selects the server; a bare base URL such as
ws://127.0.0.1:8080 gets /websocket/v1 (public types) or
/websocket/v2/private (private types) appended.`,
		Example: `  bithumb watch ticker KRW-BTC KRW-ETH
  bithumb watch orderbook KRW-BTC.5 --count 1 --json
  bithumb watch trade KRW-BTC --format simple
  bithumb watch myOrder                        # needs API keys
  bithumb watch ticker KRW-BTC --ws-url ws://127.0.0.1:8080   # the simulator`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWatch(cmd.Context(), args[0], args[1:], &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.count, "count", 0, "exit after `N` events (0: run until interrupted)")
	f.StringVar(&o.format, "format", "default", "response format: default or simple")
	return cmd
}

// streamFor builds the subscription of TYPE and reports whether it is
// private.
func streamFor(typ string, codes []string) (wsclient.Stream, bool, error) {
	switch strings.ToLower(typ) {
	case "ticker":
		return wsclient.Tickers(codes...), false, nil
	case "trade":
		return wsclient.Trades(codes...), false, nil
	case "orderbook":
		return wsclient.Orderbooks(codes...), false, nil
	case "myorder":
		return wsclient.MyOrders(codes...), true, nil
	case "myasset":
		return wsclient.MyAssets(), true, nil
	}
	return wsclient.Stream{}, false, fmt.Errorf("unknown type %q: want ticker, trade, orderbook, myOrder or myAsset", typ)
}

// wsURL returns the endpoint: the flag, else BITHUMB_WS_URL, else
// production; a URL without a path gets the endpoint's path.
func (a *app) wsURL(private bool) (string, error) {
	raw, source := a.global.wsURL, "--ws-url"
	if raw == "" {
		raw, _ = a.lookup(envWSURL)
		source = envWSURL
	}
	if raw == "" {
		if private {
			return wsclient.PrivateURL, nil
		}
		return wsclient.PublicURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return "", fmt.Errorf("%s %q is not a ws:// or wss:// URL", source, raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/websocket/v1"
		if private {
			u.Path = "/websocket/v2/private"
		}
	}
	return u.String(), nil
}

func (a *app) runWatch(ctx context.Context, typ string, codes []string, o *watchOptions) error {
	stream, private, err := streamFor(typ, codes)
	if err != nil {
		return err
	}
	if o.count < 0 {
		return fmt.Errorf("--count %d is negative", o.count)
	}
	var format wsclient.Format
	switch strings.ToLower(o.format) {
	case "default", "":
		format = wsclient.FormatDefault
	case "simple":
		format = wsclient.FormatSimple
	default:
		return fmt.Errorf("--format %q: want default or simple", o.format)
	}
	endpoint, err := a.wsURL(private)
	if err != nil {
		return err
	}
	opts := wsclient.Options{URL: endpoint, Format: format}
	if private {
		keys, err := a.resolveKeys("watch "+typ, a.global.credsFile, false)
		if err != nil {
			return err
		}
		if opts.Signer, err = middleware.NewJWTSigner(keys.AccessKey(), keys.SecretKey()); err != nil {
			return err
		}
	}
	client, err := wsclient.New(opts)
	if err != nil {
		return err
	}
	defer client.Close()
	sub, err := client.Subscribe(ctx, stream)
	if err != nil {
		return err
	}
	defer sub.Close()
	for seen := 0; o.count == 0 || seen < o.count; {
		ev, err := sub.Next(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil // interrupted
			}
			return err
		}
		switch ev := ev.(type) {
		case *wsclient.Disconnected:
			fmt.Fprintf(a.stderr, "bithumb: disconnected at %s: %v; reconnecting\n", ev.At.Format(time.RFC3339), ev.Err)
			continue
		case *wsclient.Reconnected:
			fmt.Fprintf(a.stderr, "bithumb: reconnected; events between %s and %s may be missing\n",
				ev.DisconnectedAt.Format(time.RFC3339), ev.ReconnectedAt.Format(time.RFC3339))
			continue
		case *wsclient.ServerError:
			fmt.Fprintf(a.stderr, "bithumb: server error %s: %s\n", ev.Name, ev.Message)
			return &exitError{code: 1}
		}
		if err := a.printEvent(ev, a.global.json); err != nil {
			return err
		}
		seen++
	}
	return nil
}

// printEvent writes one event: a JSON object with its type, or a line of
// its most telling fields.
func (a *app) printEvent(ev wsclient.Event, asJSON bool) error {
	if asJSON {
		body, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		// {"type":"ticker", ...the event's fields}
		line := fmt.Sprintf(`{"type":%q,%s`, eventType(ev), body[1:])
		if len(body) == 2 {
			line = fmt.Sprintf(`{"type":%q}`, eventType(ev))
		}
		_, err = fmt.Fprintln(a.stdout, line)
		return err
	}
	_, err := fmt.Fprintln(a.stdout, describe(ev))
	return err
}

func eventType(ev wsclient.Event) string {
	switch ev.(type) {
	case *wsclient.Ticker:
		return "ticker"
	case *wsclient.Trade:
		return "trade"
	case *wsclient.Orderbook:
		return "orderbook"
	case *wsclient.MyOrder, *wsclient.MyOrderV1:
		return "myOrder"
	case *wsclient.MyAsset:
		return "myAsset"
	}
	return fmt.Sprintf("%T", ev)
}

// describe renders an event as one readable line.
func describe(ev wsclient.Event) string {
	switch ev := ev.(type) {
	case *wsclient.Ticker:
		return fmt.Sprintf("ticker    %-10s %s  %s %s  24h volume %s", ev.Code, ev.TradePrice, ev.Change, ev.SignedChangeRate, ev.AccTradeVolume24h)
	case *wsclient.Trade:
		return fmt.Sprintf("trade     %-10s %s %s @ %s", ev.Code, ev.AskBid, ev.TradeVolume, ev.TradePrice)
	case *wsclient.Orderbook:
		if len(ev.Units) == 0 {
			return fmt.Sprintf("orderbook %-10s (empty)", ev.Code)
		}
		u := ev.Units[0]
		return fmt.Sprintf("orderbook %-10s bid %s x %s | ask %s x %s (%d levels)", ev.Code, u.BidPrice, u.BidSize, u.AskPrice, u.AskSize, len(ev.Units))
	case *wsclient.MyOrder:
		return fmt.Sprintf("myOrder   %-10s %s %s %s %s price %s quantity %s executed %s", ev.Code, ev.OrderID, ev.Side, ev.OrderType, ev.State, ev.OrderPrice, ev.OrderQuantity, ev.ExecutedQuantity)
	case *wsclient.MyOrderV1:
		return fmt.Sprintf("myOrder   %-10s %s %s %s %s price %s volume %s executed %s", ev.Code, ev.UUID, ev.AskBid, ev.OrderType, ev.State, ev.Price, ev.Volume, ev.ExecutedVolume)
	case *wsclient.MyAsset:
		var parts []string
		for _, as := range ev.Assets {
			parts = append(parts, fmt.Sprintf("%s %s (locked %s)", as.Currency, as.Balance, as.Locked))
		}
		return "myAsset   " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%T", ev)
}
