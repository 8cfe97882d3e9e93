package redislimit_test

import (
	"context"
	"fmt"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware/redislimit"
)

// Every process that calls Bithumb with the same API key builds its client
// this way: their requests together stay under the published limits.
// While Redis is unavailable each process falls back to local limits.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()

	accessKey := "your-access-key"
	limiter, err := redislimit.New(rdb, accessKey)
	if err != nil {
		log.Fatal(err)
	}
	c, err := bithumb.New(bithumb.WithKeys(accessKey, "your-secret-key"), bithumb.WithLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	markets, err := c.ListMarkets(context.Background(), bithumb.ListMarketsParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(markets), "markets")
}
