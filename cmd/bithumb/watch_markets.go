package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/validation"
)

// watchMarketCodes checks CODES by the rule that REST applies to market codes
// (QUOTE-BASE, letters and digits; an orderbook code may end in a depth
// such as .5) and returns them in upper case, which the WebSocket
// requires and REST does not. It names the bad code in its error.
func watchMarketCodes(typ string, codes []string) ([]string, error) {
	if strings.EqualFold(typ, "myAsset") && len(codes) > 0 {
		return nil, fmt.Errorf("myAsset takes no market codes (got %s): it streams every asset", strings.Join(codes, " "))
	}
	rule := validation.Field("listTickers", "markets")
	if rule == nil || rule.Items == nil {
		return nil, errors.New("the spec has no rule for market codes") // a build without the generated rules
	}
	out := make([]string, len(codes))
	for i, code := range codes {
		market, depth, hasDepth := strings.Cut(code, ".")
		if hasDepth && !strings.EqualFold(typ, "orderbook") {
			return nil, fmt.Errorf("code %q: a depth suffix (.N) is for orderbook codes only", code)
		}
		if err := rule.Items.CheckText("code", market); err != nil {
			var ve *validation.Error
			if errors.As(err, &ve) {
				return nil, fmt.Errorf("code %q %s", code, ve.Reason)
			}
			return nil, fmt.Errorf("code %q: %w", code, err)
		}
		out[i] = strings.ToUpper(market)
		if hasDepth {
			out[i] += "." + depth
		}
	}
	return out, nil
}

// marketListBase returns the REST base URL that watch reads the market
// list from: --api-url or BITHUMB_API_URL when given; otherwise, when
// only the WebSocket server was chosen (--ws-url or BITHUMB_WS_URL, e.g.
// the simulator's ws://127.0.0.1:8080), the same host over http(s),
// which is where the simulator serves REST; otherwise production's.
func (a *app) marketListBase() (string, error) {
	env, _ := a.lookup(envAPIURL)
	ws := a.global.wsURL
	if ws == "" {
		ws, _ = a.lookup(envWSURL)
	}
	if a.global.apiURL != "" || env != "" || ws == "" {
		return a.apiURL()
	}
	u, err := url.Parse(ws)
	if err != nil || u.Host == "" {
		return a.apiURL() // wsURL reports the bad URL
	}
	if strings.EqualFold(u.Hostname(), "ws-api.bithumb.com") {
		return bithumb.DefaultBaseURL, nil
	}
	scheme := "http"
	if u.Scheme == "wss" {
		scheme = "https"
	}
	return scheme + "://" + u.Host, nil
}

// checkListed fetches the market list from the REST API (see
// marketListBase) and fails, naming them, if any of codes (upper case,
// depth suffixes allowed) is not listed: the WebSocket would wait
// silently for such a market.
func (a *app) checkListed(ctx context.Context, codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	base, err := a.marketListBase()
	if err != nil {
		return err
	}
	c, err := bithumb.New(bithumb.WithBaseURL(base))
	if err != nil {
		return err
	}
	markets, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{})
	if err != nil {
		return fmt.Errorf("checking the market codes against the market list at %s (--api-url; --skip-market-check skips this): %w", base, err)
	}
	listed := make(map[string]bool, len(markets))
	for _, m := range markets {
		listed[strings.ToUpper(m.Market)] = true
	}
	var unlisted []string
	for _, code := range codes {
		market, _, _ := strings.Cut(code, ".")
		if !listed[market] {
			unlisted = append(unlisted, market)
		}
	}
	switch len(unlisted) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("market %s is not listed at %s (`bithumb markets` lists the markets); the stream would stay silent", unlisted[0], base)
	}
	return fmt.Errorf("markets %s are not listed at %s (`bithumb markets` lists the markets); the stream would stay silent", strings.Join(unlisted, ", "), base)
}
