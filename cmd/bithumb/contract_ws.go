package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/drift"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/wsclient"
)

// contractMarket is the market whose streams the live check subscribes to.
const contractMarket = "KRW-BTC"

// checkStreams subscribes, for each format, to the public streams and,
// with keys, to the private ones, collects up to o.frames messages of
// each for at most o.wsWait, and checks them against the spec. The
// results come in the order public DEFAULT, public SIMPLE, private
// DEFAULT, private SIMPLE.
func (a *app) checkStreams(ctx context.Context, doc *openapi3.T, keys *credentials.Credentials, o *contractOptions) ([]drift.Result, error) {
	groups := []struct {
		private bool
		streams []wsclient.Stream
	}{
		{false, []wsclient.Stream{wsclient.Tickers(contractMarket), wsclient.Trades(contractMarket), wsclient.Orderbooks(contractMarket)}},
	}
	if keys != nil {
		groups = append(groups, struct {
			private bool
			streams []wsclient.Stream
		}{true, []wsclient.Stream{wsclient.MyOrders(), wsclient.MyAssets()}})
	}
	// One connection per group and format, all collecting at once, so
	// that the check waits o.wsWait once.
	type job struct {
		opts    wsclient.Options
		streams []wsclient.Stream
		frames  [][][]byte
		notes   []string
		stats   wsclient.Stats
		err     error
	}
	var jobs []*job
	for _, g := range groups {
		endpoint, err := a.wsURL(g.private)
		if err != nil {
			return nil, err
		}
		for _, format := range []wsclient.Format{wsclient.FormatDefault, wsclient.FormatSimple} {
			j := &job{opts: wsclient.Options{URL: endpoint, Format: format}, streams: g.streams}
			if g.private {
				if j.opts.Signer, err = middleware.NewJWTSigner(keys.AccessKey(), keys.SecretKey()); err != nil {
					return nil, err
				}
			}
			jobs = append(jobs, j)
		}
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { j.frames, j.notes, j.stats, j.err = collectFrames(ctx, j.opts, j.streams, o) })
	}
	wg.Wait()
	var out []drift.Result
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		for i, s := range j.streams {
			r := drift.CheckFrames(doc, string(s.Type), string(j.opts.Format), j.frames[i])
			if j.notes[i] != "" && r.Note == "" {
				r.Note = j.notes[i]
			}
			out = append(out, r)
		}
		if r, ok := drift.CheckConnection(fmt.Sprintf("ws connection %s %s", j.opts.Format, j.opts.URL), j.stats.DecodeErrors, j.stats.Unknown); ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// collectFrames subscribes to streams on one connection and returns up
// to o.frames raw messages of each, with a note for a stream that ended
// early (a server error), and the client's counters (the messages it
// skipped). The wait ends after o.wsWait.
func collectFrames(parent context.Context, opts wsclient.Options, streams []wsclient.Stream, o *contractOptions) (frames [][][]byte, notes []string, stats wsclient.Stats, err error) {
	ctx, cancel := context.WithTimeout(parent, o.wsWait)
	defer cancel()
	client, err := wsclient.New(opts)
	if err != nil {
		return nil, nil, stats, err
	}
	defer client.Close()
	frames = make([][][]byte, len(streams))
	notes = make([]string, len(streams))
	var wg sync.WaitGroup
	for i, s := range streams {
		sub, err := client.Subscribe(ctx, s, wsclient.WithRaw())
		if err != nil {
			if parent.Err() != nil {
				break // interrupted: wait for the collectors below
			}
			notes[i] = "no subscription: " + err.Error()
			continue
		}
		wg.Go(func() {
			defer sub.Close()
			for len(frames[i]) < o.frames {
				ev, err := sub.Next(ctx)
				if err != nil {
					if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
						notes[i] = "stream ended: " + err.Error()
					}
					return
				}
				switch ev := ev.(type) {
				case *wsclient.Raw:
					frames[i] = append(frames[i], ev.Message)
				case *wsclient.ServerError:
					notes[i] = fmt.Sprintf("server error %s: %s", ev.Name, ev.Message)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, nil, stats, err
	}
	return frames, notes, client.Stats(), nil
}
