package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
)

// Run runs the tour, writing it to w. It stops the simulator before
// returning. Errors are those of the simulator or the client.
func Run(ctx context.Context, w io.Writer) (err error) {
	ctx, cancel := context.WithCancel(ctx)
	r, err := sim.Start(ctx, sim.DefaultAddr)
	if err != nil {
		cancel()
		return err
	}
	defer func() {
		cancel()
		if werr := r.Wait(); err == nil {
			err = werr
		}
	}()
	key := r.Keys[0]
	c, err := bithumb.New(bithumb.WithBaseURL(r.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey))
	if err != nil {
		return err
	}
	p := &printer{w: w}
	p.title("Simulator running at %s (account %q)", r.URL, key.Account)

	markets, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{})
	if err != nil {
		return err
	}
	p.title("1. Markets")
	tw := p.table()
	fmt.Fprintln(tw, "  MARKET\tKOREAN\tENGLISH")
	for _, m := range markets {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.Market, m.KoreanName, m.EnglishName)
	}
	tw.Flush()

	const market = "KRW-BTC"
	tickers, err := c.ListTickers(ctx, market)
	if err != nil {
		return err
	}
	t := tickers[0]
	p.title("2. Ticker of %s", market)
	p.line("  last %s KRW (%s %s%%), day range %s – %s, 24h volume %s BTC",
		t.TradePrice, strings.ToLower(string(t.Change)), t.SignedChangeRate.Mul(decimal.NewFromInt(100)).Round(2, decimal.HalfUp),
		t.LowPrice, t.HighPrice, t.AccTradeVolume24H.Round(4, decimal.HalfUp))

	books, err := c.ListOrderbooks(ctx, market)
	if err != nil {
		return err
	}
	p.title("3. Orderbook of %s (best 5 levels)", market)
	tw = p.table()
	fmt.Fprintln(tw, "  BID SIZE\tBID\tASK\tASK SIZE")
	for _, u := range books[0].OrderbookUnits[:5] {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.BidSize, u.BidPrice, u.AskPrice, u.AskSize)
	}
	tw.Flush()

	if err := p.balances(ctx, c, "4. Balances"); err != nil {
		return err
	}

	bestBid := books[0].OrderbookUnits[0].BidPrice
	limit := bestBid.Mul(decimal.MustParse("0.98")).RoundToStep(decimal.NewFromInt(1000), decimal.Down).AsString()
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: market, Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypeLimit, Price: limit, Volume: decimal.MustParse("0.01")})
	if err != nil {
		return err
	}
	p.title("5. Limit buy 0.01 BTC at %s KRW (2%% under the best bid)", limit)
	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.line("  order %s is %s: %s KRW locked (price × volume + %s fee reserve)", o.UUID, o.State, o.Locked, o.ReservedFee)
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); err != nil {
		return err
	}
	o, err = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.line("  cancelled: the order is now %s and holds %s KRW", o.State, o.Locked)

	amount := decimal.NewFromInt(1_000_000)
	placed, err = c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: market, Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypePrice, Price: amount.AsString()})
	if err != nil {
		return err
	}
	o, err = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.title("6. Market buy for %s KRW: %s, %d fill(s)", amount, o.State, len(o.Trades))
	tw = p.table()
	fmt.Fprintln(tw, "  TRADE\tPRICE\tVOLUME\tFUNDS")
	for _, tr := range o.Trades {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", tr.UUID, tr.Price, tr.Volume, tr.Funds)
	}
	tw.Flush()
	p.line("  bought %s BTC for %s KRW plus %s KRW fee", o.ExecutedVolume, deref(o.ExecutedFunds), o.PaidFee)
	return p.balances(ctx, c, "7. New balances")
}

func deref(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return *d
}

type printer struct{ w io.Writer }

func (p *printer) title(format string, args ...any) {
	fmt.Fprintf(p.w, "\n"+format+"\n", args...)
}

func (p *printer) line(format string, args ...any) { fmt.Fprintf(p.w, format+"\n", args...) }

func (p *printer) table() *tabwriter.Writer { return tabwriter.NewWriter(p.w, 0, 4, 2, ' ', 0) }

func (p *printer) balances(ctx context.Context, c *bithumb.Client, title string) error {
	accts, err := c.ListAccounts(ctx)
	if err != nil {
		return err
	}
	p.title("%s", title)
	tw := p.table()
	fmt.Fprintln(tw, "  CURRENCY\tAVAILABLE\tLOCKED\tAVG BUY PRICE")
	for _, a := range accts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Currency, a.Balance, a.Locked, a.AvgBuyPrice)
	}
	return tw.Flush()
}
