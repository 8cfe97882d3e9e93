package wsclient

import (
	"testing"
	"testing/synctest"
)

// TestWithRaw: a WithRaw subscription gets every data message with its
// exact bytes next to the decoded event; a plain subscription of the same
// message gets the bare event; notices are not wrapped.
func TestWithRaw(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		raw, err := c.Subscribe(t.Context(), Orderbooks("KRW-BTC.1"), WithRaw())
		if err != nil {
			t.Fatal(err)
		}
		plain, err := c.Subscribe(t.Context(), Orderbooks("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		fc.request()
		msg := `{"ty":"orderbook","cd":"KRW-BTC","tas":1.50,"obu":[{"ap":2,"bp":1,"as":0.10,"bs":3},{"ap":4,"bp":0.5,"as":1,"bs":1}],"st":"SNAPSHOT"}`
		fc.send(msg)

		r := nextAs[*Raw](t, raw)
		if string(r.Message) != msg {
			t.Errorf("Message = %s, want the frame as sent", r.Message)
		}
		if ob, ok := r.Event.(*Orderbook); !ok || len(ob.Units) != 1 || ob.TotalAskSize.String() != "1.50" {
			t.Errorf("Event = %#v, want the orderbook trimmed to depth 1", r.Event)
		}
		if ob := nextAs[*Orderbook](t, plain); len(ob.Units) != 2 {
			t.Errorf("plain subscription: %d units", len(ob.Units))
		}

		fc.drop()
		f.conn().request()
		nextAs[*Disconnected](t, raw)
		nextAs[*Reconnected](t, raw)
	})
}
