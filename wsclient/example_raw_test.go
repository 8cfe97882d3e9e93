package wsclient_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/coder/websocket"

	"github.com/bithumb-go/bithumb/wsclient"
)

// Report the connection's steps while waiting for the first event, and
// keep each message's bytes next to its decoded event: here a SIMPLE
// message, printed as sent, trailing zero included.
func ExampleWithRaw() {
	const msg = `{"ty":"ticker","cd":"KRW-BTC","tp":493100.0,"st":"SNAPSHOT"}`
	url, stop := fakeBithumb(func(ctx context.Context, _ int, c *websocket.Conn) {
		_ = c.Write(ctx, websocket.MessageBinary, []byte(msg))
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	})
	defer stop()

	c, err := wsclient.New(wsclient.Options{
		URL:    url,
		Format: wsclient.FormatSimple,
		OnState: func(ch wsclient.StateChange) {
			fmt.Println("state:", ch.State) // ch.Err tells why a step failed
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := c.Subscribe(ctx, wsclient.Tickers("KRW-BTC"), wsclient.WithRaw())
	if err != nil {
		log.Fatal(err)
	}
	ev, err := sub.Next(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if raw, ok := ev.(*wsclient.Raw); ok {
		fmt.Printf("%s\n", raw.Message)
		fmt.Println(raw.Event.(*wsclient.Ticker).TradePrice)
	}
	// Output:
	// state: connecting
	// state: connected
	// {"ty":"ticker","cd":"KRW-BTC","tp":493100.0,"st":"SNAPSHOT"}
	// 493100.0
}
