package middleware_test

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/middleware"
)

// The generated client signs its calls with JWTSigner.Editor as a request
// editor. The test server stands in for Bithumb: it verifies the token
// with the secret key and checks that query_hash covers the query it
// received.
//
// An editor signs once per call. Keep it away from retrying transports: a
// request sent again would carry a spent nonce.
func ExampleJWTSigner_Editor() {
	const accessKey, secretKey = "test-access", "test-secret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(bearer, claims,
			func(*jwt.Token) (any, error) { return []byte(secretKey), nil },
			jwt.WithValidMethods([]string{"HS256"}))
		sum := sha512.Sum512([]byte(r.URL.RawQuery))
		if err != nil || claims["query_hash"] != hex.EncodeToString(sum[:]) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"name":"jwt_verification","message":"Jwt 토큰 검증에 실패했습니다."}}`)
			return
		}
		fmt.Println("server:", r.URL.Path+"?"+r.URL.RawQuery, "signed by", claims["access_key"])
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"currency":{"code":"BTC"}}`)
	}))
	defer srv.Close()

	signer, err := middleware.NewJWTSigner(accessKey, secretKey)
	if err != nil {
		log.Fatal(err)
	}
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithRequestEditorFn(signer.Editor()))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := client.GetWithdrawChanceWithResponse(ctx, &gen.GetWithdrawChanceParams{Currency: "BTC", NetType: "BTC"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("client:", resp.StatusCode())
	// Output:
	// server: /v1/withdraws/chance?currency=BTC&net_type=BTC signed by test-access
	// client: 200
}

// The same for a legacy API 1.0 call: HMACSigner.Editor puts endpoint first
// in the form body and sets the Api-* headers. The test server only shows
// what it received.
func ExampleHMACSigner_Editor() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println("server:", string(body))
		fmt.Println("server: Api-Key", r.Header.Get("Api-Key"), "Api-Nonce", r.Header.Get("Api-Nonce"),
			"Api-Sign set:", r.Header.Get("Api-Sign") != "")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"0000","data":{"total_btc":"0.5"}}`)
	}))
	defer srv.Close()

	signer, err := middleware.NewHMACSigner("test-connect", "test-secret",
		middleware.WithHMACClock(func() time.Time { return time.UnixMilli(1655283111604) }))
	if err != nil {
		log.Fatal(err)
	}
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithRequestEditorFn(signer.Editor()))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	btc := "BTC"
	resp, err := client.LegacyBalanceWithFormdataBodyWithResponse(ctx, gen.LegacyBalanceFormdataRequestBody{Currency: &btc})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("client:", resp.StatusCode(), resp.JSON200.Status, (*resp.JSON200.Data)["total_btc"])
	// Output:
	// server: endpoint=%2Finfo%2Fbalance&currency=BTC
	// server: Api-Key test-connect Api-Nonce 1655283111604 Api-Sign set: true
	// client: 200 0000 0.5
}
