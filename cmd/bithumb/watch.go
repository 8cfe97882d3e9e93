package main

import (
	"context"
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
	count           int
	format          string
	timeout         time.Duration
	maxFailures     int
	skipMarketCheck bool

	// tune, when set, adjusts the client's options; tests use it to dial
	// through their own transport.
	tune func(*wsclient.Options)
}

// defaultMaxConnectFailures is how many connection attempts may fail
// before the first event, by default, before watch gives up.
const defaultMaxConnectFailures = 5

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

CODES follow the REST rules for market codes and may be lower case. Before
connecting, watch checks them against the market list of the REST API
(GET /v1/market/all) at --api-url or $BITHUMB_API_URL; when only --ws-url
or $BITHUMB_WS_URL is given, at the same host over http(s), where the
simulator serves REST. An unlisted market is an error, since the WebSocket
would send nothing for it. --skip-market-check skips the check.

Standard error tells what the connection does: connecting (with the
URL), connected, subscribed, each failed attempt and each disconnect with
its cause, and after a reconnect the time span whose events may be
missing. The stream survives disconnects: the client reconnects and
subscribes again. watch gives up, with the last connection error and exit
status 1, when --max-connect-failures connection attempts (default 5)
have failed before the first event (a connection lost before it counts
as one), when --timeout has passed since it started (whatever it
printed), or at once when the server refuses the handshake (a wrong path
gives HTTP 404, bad keys 401). With --count N it exits
after N events; an interrupt (Ctrl-C) ends it with status 0.

With --json every event is one JSON object per line with Bithumb's own
field names (those of the DEFAULT format, also for --format simple), every
number exactly as Bithumb sent it, and only the fields the message
carried.

--ws-url or BITHUMB_WS_URL selects the server; a bare base URL such as
ws://127.0.0.1:8080 gets /websocket/v1 (public types) or
/websocket/v2/private (private types) appended. The simulator ("bithumb
sim") serves REST and WebSocket on one address, so --ws-url alone is
enough for it.`,
		Example: `  bithumb watch ticker KRW-BTC KRW-ETH
  bithumb watch orderbook KRW-BTC.5 --count 1 --json
  bithumb watch trade krw-btc --format simple --count 1
  bithumb watch ticker KRW-BTC --timeout 30s --max-connect-failures 3
  bithumb watch myOrder                        # needs API keys
  bithumb watch ticker KRW-BTC --ws-url ws://127.0.0.1:8080   # the simulator`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWatch(commandContext(cmd), args[0], args[1:], &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.count, "count", 0, "exit after `N` events (0: run until interrupted)")
	f.StringVar(&o.format, "format", "default", "response format: default or simple")
	f.DurationVar(&o.timeout, "timeout", 0, "give up after `D` in all, e.g. 30s (0: no limit)")
	f.IntVar(&o.maxFailures, "max-connect-failures", defaultMaxConnectFailures, "give up after `N` failed connection attempts before the first event (0: never)")
	f.BoolVar(&o.skipMarketCheck, "skip-market-check", false, "do not check CODES against the REST market list")
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

// watchFormat parses --format.
func watchFormat(s string) (wsclient.Format, error) {
	switch strings.ToLower(s) {
	case "default", "":
		return wsclient.FormatDefault, nil
	case "simple":
		return wsclient.FormatSimple, nil
	}
	return "", fmt.Errorf("--format %q: want default or simple", s)
}

func (a *app) runWatch(parent context.Context, typ string, args []string, o *watchOptions) error {
	switch {
	case o.count < 0:
		return fmt.Errorf("--count %d is negative", o.count)
	case o.timeout < 0:
		return fmt.Errorf("--timeout %s is negative", o.timeout)
	case o.maxFailures < 0:
		return fmt.Errorf("--max-connect-failures %d is negative", o.maxFailures)
	}
	codes, err := watchMarketCodes(typ, args)
	if err != nil {
		return err
	}
	stream, private, err := streamFor(typ, codes)
	if err != nil {
		return err
	}
	if err := stream.Validate(); err != nil {
		return err
	}
	format, err := watchFormat(o.format)
	if err != nil {
		return err
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

	ctx, giveUp := context.WithCancelCause(parent)
	defer giveUp(nil)
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, o.timeout, fmt.Errorf("--timeout %s reached", o.timeout))
		defer cancel()
	}
	report := &connReport{w: a.stderr, max: o.maxFailures, giveUp: giveUp}
	// end turns an error caused by ctx into the reason it ended: nil
	// after an interrupt, else the limit that was reached.
	end := func(err error) error {
		switch {
		case parent.Err() != nil:
			return nil // interrupted
		case ctx.Err() == nil:
			return err
		}
		cause := context.Cause(ctx)
		if last := report.last(); last != nil && !errors.Is(cause, last) {
			return fmt.Errorf("%w (last connection error: %w)", cause, handshakeHint(shortConnError(last)))
		}
		return cause
	}

	if !o.skipMarketCheck {
		if err := a.checkListed(ctx, codes); err != nil {
			return end(err)
		}
	}

	opts.OnState = report.onState
	if o.tune != nil {
		o.tune(&opts)
	}
	client, err := wsclient.New(opts)
	if err != nil {
		return err
	}
	defer client.Close()
	var subOpts []wsclient.SubscribeOption
	if a.global.json {
		subOpts = append(subOpts, wsclient.WithRaw())
	}
	sub, err := client.Subscribe(ctx, stream, subOpts...)
	if err != nil {
		if ctx.Err() != nil {
			return end(err)
		}
		return handshakeHint(err)
	}
	defer sub.Close()
	report.subscribed(stream)
	for seen := 0; o.count == 0 || seen < o.count; {
		ev, err := sub.Next(ctx)
		if err != nil {
			return end(err)
		}
		switch ev := ev.(type) {
		case *wsclient.Disconnected:
			continue // reported by report.onState, with its cause
		case *wsclient.Reconnected:
			report.reconnected(ev)
			continue
		case *wsclient.ServerError:
			report.say("server error %s: %s", ev.Name, ev.Message)
			return &exitError{code: 1}
		}
		report.sawEvent()
		if err := a.printEvent(ev); err != nil {
			return err
		}
		seen++
	}
	return nil
}

// printEvent writes one event: with --json the message as Bithumb sent
// it, with the DEFAULT format's names, else a line of its most telling
// fields.
func (a *app) printEvent(ev wsclient.Event) error {
	if raw, ok := ev.(*wsclient.Raw); ok {
		line, err := wsDefaultJSON(raw.Message)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "%s\n", line)
		return err
	}
	_, err := fmt.Fprintln(a.stdout, describe(ev))
	return err
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
