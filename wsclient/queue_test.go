package wsclient

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// bookMsg is a 15-level orderbook message whose timestamp is seq.
func bookMsg(code string, seq int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"type":"orderbook","code":%q,"total_ask_size":450.3526,"total_bid_size":63.3006,"orderbook_units":[`, code)
	for i := range 15 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"ask_price":%d,"bid_price":%d,"ask_size":4.3478,"bid_size":5.6370}`, 478800+i*100, 478300-i*100)
	}
	fmt.Fprintf(&b, `],"level":1,"timestamp":%d,"stream_type":"REALTIME"}`, 1725930007672+seq)
	return b.String()
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestStalledConsumerBoundedMemory: a consumer that never reads costs at
// most its buffer under DropOldest (checked after every message); the
// drops are counted and the newest events are kept. Not parallel: it
// measures the heap.
func TestStalledConsumerBoundedMemory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, capacity = 5000, 8
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		sub, err := c.Subscribe(t.Context(), Orderbooks("KRW-BTC"), WithBuffer(capacity))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		before := heapInUse()

		maxBuffered := 0
		for i := 1; i <= n; i++ {
			fc.send(bookMsg("KRW-BTC", i))
			synctest.Wait() // the client has read and queued it
			maxBuffered = max(maxBuffered, sub.Stats().Buffered)
		}
		settled(t, "all messages decoded", func() bool { return c.Stats().Messages == n })
		after := heapInUse()

		st := sub.Stats()
		t.Logf("heap in use %d KiB → %d KiB; stats %+v; max buffered %d", before>>10, after>>10, st, maxBuffered)
		if st.Buffered != capacity || st.Capacity != capacity || maxBuffered > capacity {
			t.Fatalf("buffered %d (max %d), capacity %d", st.Buffered, maxBuffered, capacity)
		}
		if st.Dropped != n-capacity || c.Stats().Dropped != n-capacity {
			t.Fatalf("dropped %d (client %d), want %d", st.Dropped, c.Stats().Dropped, n-capacity)
		}
		// 5000 books of ~2.5 KiB would be ~12 MiB if they were kept.
		if after > before && after-before > 4<<20 {
			t.Fatalf("heap grew by %d KiB with a stalled consumer", (after-before)>>10)
		}
		// The newest events are the ones kept, in order.
		for i := n - capacity + 1; i <= n; i++ {
			ob := nextAs[*Orderbook](t, sub)
			if got := ob.Timestamp.UnixMilli() - 1725930007672; got != int64(i) {
				t.Fatalf("kept event %d, want %d", got, i)
			}
		}
	})
}

// TestBlockPolicy: nothing is lost, and the time the reader waits for the
// consumer does not trip the watchdogs.
func TestBlockPolicy(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		opts := testOptions(f, "/websocket/v1")
		opts.StallTimeout = 100 * time.Millisecond
		opts.PingInterval = 20 * time.Millisecond
		opts.PongTimeout = 20 * time.Millisecond
		opts.Overflow = Block
		c := newTestClient(t, opts)
		sub, err := c.Subscribe(t.Context(), Trades("KRW-BTC"), WithBuffer(1))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		const n = 5
		for i := 1; i <= n; i++ {
			fc.send(fmt.Sprintf(`{"type":"trade","code":"KRW-BTC","sequential_id":%d}`, i))
		}
		// The reader is blocked meanwhile, for three stall timeouts and
		// many ping intervals of the bubble's clock.
		time.Sleep(300 * time.Millisecond)
		for i := 1; i <= n; i++ {
			tr := nextAs[*Trade](t, sub)
			if tr.SequentialID.Value() != int64(i) {
				t.Fatalf("got trade %d, want %d", tr.SequentialID.Value(), i)
			}
		}
		if st := c.Stats(); st.Dials != 1 || st.Stalls != 0 || st.NoPongs != 0 || st.Dropped != 0 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestConflation keeps the latest book per market.
func TestConflation(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		sub, err := c.Subscribe(t.Context(), Orderbooks("KRW-BTC", "KRW-ETH"), WithBuffer(4), WithConflation())
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		const n = 100
		for i := 1; i <= n; i++ {
			code := "KRW-BTC"
			if i%2 == 0 {
				code = "KRW-ETH"
			}
			fc.send(bookMsg(code, i))
		}
		settled(t, "all messages decoded", func() bool { return c.Stats().Messages == n })
		st := sub.Stats()
		if st.Buffered != 2 || st.Conflated != n-2 || st.Dropped != 0 {
			t.Fatalf("stats %+v", st)
		}
		for _, want := range []struct {
			code string
			seq  int64
		}{{"KRW-BTC", n - 1}, {"KRW-ETH", n}} {
			ob := nextAs[*Orderbook](t, sub)
			if ob.Code != want.code || ob.Timestamp.UnixMilli()-1725930007672 != want.seq {
				t.Fatalf("got %s #%d, want %s #%d", ob.Code, ob.Timestamp.UnixMilli()-1725930007672, want.code, want.seq)
			}
		}
	})
}

func TestQueue(t *testing.T) {
	t.Parallel()
	t.Run("drop oldest", func(t *testing.T) {
		var dropped atomic.Uint64
		q := newQueue(3, DropOldest, false, &dropped)
		for i := range 10 {
			q.push(&Trade{Code: fmt.Sprint(i)}, "", nil)
		}
		if q.length() != 3 || q.dropped.Load() != 7 || dropped.Load() != 7 {
			t.Fatalf("len %d dropped %d", q.length(), q.dropped.Load())
		}
		for _, want := range []string{"7", "8", "9"} {
			ev, err := q.next(t.Context())
			if err != nil || ev.(*Trade).Code != want {
				t.Fatalf("got %v %v, want %s", ev, err, want)
			}
		}
	})
	t.Run("notices never wait", func(t *testing.T) {
		q := newQueue(1, Block, false, nil)
		q.push(&Trade{}, "", nil)
		q.pushNotice(&Reconnected{})
		if ev, _ := q.next(t.Context()); ev == nil {
			t.Fatal("no event")
		} else if _, ok := ev.(*Reconnected); !ok {
			t.Fatalf("got %T, want the notice", ev)
		}
	})
	t.Run("block until stop", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			q := newQueue(1, Block, false, nil)
			q.push(&Trade{}, "", nil)
			stop := make(chan struct{})
			done := make(chan bool)
			go func() { done <- q.push(&Trade{}, "", stop) }()
			synctest.Wait()
			select {
			case <-done:
				t.Fatal("push did not block")
			default:
			}
			close(stop)
			if <-done {
				t.Fatal("push reported success after stop")
			}
		})
	})
	t.Run("block until room", func(t *testing.T) {
		q := newQueue(1, Block, false, nil)
		q.push(&Trade{Code: "a"}, "", nil)
		done := make(chan bool)
		go func() { done <- q.push(&Trade{Code: "b"}, "", nil) }()
		if ev, _ := q.next(t.Context()); ev.(*Trade).Code != "a" {
			t.Fatal(ev)
		}
		if !<-done {
			t.Fatal("push failed")
		}
		if ev, _ := q.next(t.Context()); ev.(*Trade).Code != "b" {
			t.Fatal(ev)
		}
	})
	t.Run("close wakes everyone", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			q := newQueue(1, Block, false, nil)
			errc := make(chan error, 2)
			go func() { _, err := q.next(context.Background()); errc <- err }()
			q.push(&Trade{}, "", nil)
			<-errc // took the event
			go func() { _, err := q.next(context.Background()); errc <- err }()
			synctest.Wait() // next waits for an event
			select {
			case err := <-errc:
				t.Fatalf("next returned %v from an empty queue", err)
			default:
			}
			q.close(ErrClosed)
			if err := <-errc; !errors.Is(err, ErrClosed) {
				t.Fatalf("next after close: %v", err)
			}
			if q.push(&Trade{}, "", nil) {
				t.Fatal("push after close succeeded")
			}
		})
	})
	t.Run("many consumers", func(t *testing.T) {
		q := newQueue(4, Block, false, nil)
		const n = 1000
		got := make(chan Event, n)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		done := make(chan struct{})
		for range 4 {
			go func() {
				defer func() { done <- struct{}{} }()
				for {
					ev, err := q.next(ctx)
					if err != nil {
						return
					}
					got <- ev
				}
			}()
		}
		for range n {
			q.push(&Trade{}, "", nil)
		}
		for range n {
			select {
			case <-got:
			case <-time.After(5 * time.Second):
				t.Fatal("an event was never delivered")
			}
		}
		cancel()
		for range 4 {
			<-done
		}
	})
}
