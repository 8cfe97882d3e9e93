package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/wsclient"
)

// listMarkets returns the first n markets the exchange lists, or an error
// naming how many it has.
func listMarkets(ctx context.Context, apiURL string, n int) ([]string, error) {
	c, err := bithumb.New(bithumb.WithBaseURL(apiURL))
	if err != nil {
		return nil, fmt.Errorf("-api-url: %w", err)
	}
	ms, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{})
	if err != nil {
		return nil, fmt.Errorf("listing the markets: %w", err)
	}
	if len(ms) < n {
		return nil, fmt.Errorf("the exchange lists %d markets and -markets asks for %d: run the simulator with bench/sim.yaml", len(ms), n)
	}
	codes := make([]string, n)
	for i := range codes {
		codes[i] = ms[i].Market
	}
	return codes, nil
}

// streams is the client under measurement: one WebSocket connection with a
// ticker and an orderbook subscription, and the latest ticker and
// orderbook of each market, kept as a trading program would.
type streams struct {
	client         *wsclient.Client
	tickers, books *wsclient.Subscription

	mu         sync.Mutex
	lastTicker map[string]*wsclient.Ticker
	lastBook   map[string]*wsclient.Orderbook
	want       int
	ready      chan struct{} // closed once every market has both
	readyOnce  sync.Once
	messages   atomic.Uint64
	consumers  sync.WaitGroup
}

func startStreams(ctx context.Context, wsURL string, codes []string) (*streams, error) {
	c, err := wsclient.New(wsclient.Options{URL: wsURL})
	if err != nil {
		return nil, fmt.Errorf("-ws-url: %w", err)
	}
	st := &streams{
		client:     c,
		lastTicker: make(map[string]*wsclient.Ticker, len(codes)),
		lastBook:   make(map[string]*wsclient.Orderbook, len(codes)),
		want:       len(codes),
		ready:      make(chan struct{}),
	}
	if st.tickers, err = c.Subscribe(ctx, wsclient.Tickers(codes...)); err == nil {
		st.books, err = c.Subscribe(ctx, wsclient.Orderbooks(codes...))
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("subscribing: %w", err)
	}
	for _, s := range []*wsclient.Subscription{st.tickers, st.books} {
		st.consumers.Add(1)
		go st.consume(s)
	}
	return st, nil
}

func (st *streams) consume(s *wsclient.Subscription) {
	defer st.consumers.Done()
	for ev := range s.Events() {
		st.messages.Add(1)
		st.mu.Lock()
		switch ev := ev.(type) {
		case *wsclient.Ticker:
			st.lastTicker[ev.Code] = ev
		case *wsclient.Orderbook:
			st.lastBook[ev.Code] = ev
		}
		full := len(st.lastTicker) == st.want && len(st.lastBook) == st.want
		st.mu.Unlock()
		if full {
			st.readyOnce.Do(func() { close(st.ready) })
		}
	}
}

// stats returns the events delivered and dropped (buffer full) so far.
func (st *streams) stats() (delivered, dropped uint64) {
	for _, s := range []*wsclient.Subscription{st.tickers, st.books} {
		ss := s.Stats()
		delivered += ss.Delivered
		dropped += ss.Dropped
	}
	return delivered, dropped
}

// err is why a subscription ended, if one did.
func (st *streams) err() error {
	for _, s := range []*wsclient.Subscription{st.tickers, st.books} {
		select {
		case <-s.Done():
			return fmt.Errorf("a subscription ended: %w", s.Err())
		default:
		}
	}
	return nil
}

func (st *streams) close() {
	st.client.Close()
	st.consumers.Wait()
}
