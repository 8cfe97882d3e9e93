package middleware

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// signFormRequest builds a legacy API 1.0 request.
func signFormRequest(t *testing.T, method, rawURL, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// legacySign is the test's own Api-Sign computation, written from REST.md
// §12.1 independently of HMACSigner.sign.
func legacySign(secret, message string) string {
	mac := hmac.New(sha512.New, []byte(secret))
	io.WriteString(mac, message)
	return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(mac.Sum(nil))))
}

func TestHMACVectors(t *testing.T) {
	v := loadSignVectors(t)
	for _, tc := range v.HMAC {
		t.Run(tc.Name, func(t *testing.T) {
			s, err := NewHMACSigner(tc.ConnectKey, tc.SecretKey,
				WithHMACClock(signFixedClock(tc.NonceMS)), WithHMACSeparator(tc.APIClientType))
			if err != nil {
				t.Fatal(err)
			}
			req := signFormRequest(t, http.MethodPost, tc.URL, tc.BodyIn)
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			if got := req.Header.Get("Api-Sign"); got != tc.APISign {
				t.Errorf("Api-Sign\n got %s\nwant %s", got, tc.APISign)
			}
			// The vector's intermediate value: Api-Sign is Base64 of the hex text.
			if dec, err := base64.StdEncoding.DecodeString(tc.APISign); err != nil || string(dec) != tc.HMACHex {
				t.Errorf("vector inconsistent: Base64-decoded Api-Sign %q, want %s", dec, tc.HMACHex)
			}
			wantHeaders := map[string]string{
				"Api-Key":         tc.ConnectKey,
				"Api-Nonce":       strconv.FormatInt(tc.NonceMS, 10),
				"api-client-type": tc.APIClientType,
				"Content-Type":    "application/x-www-form-urlencoded",
			}
			for k, want := range wantHeaders {
				if got := req.Header.Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			signCheckFormBody(t, req, tc.BodyOut)
		})
	}
}

// signCheckFormBody asserts the body, GetBody and ContentLength of req.
func signCheckFormBody(t *testing.T, req *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(req.Body)
	if err != nil || string(got) != want {
		t.Errorf("body = %q, %v; want %q", got, err, want)
	}
	if req.ContentLength != int64(len(want)) {
		t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(want))
	}
	if req.GetBody == nil {
		t.Fatal("GetBody is nil")
	}
	rc, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(rc); string(got) != want {
		t.Errorf("GetBody = %q, want %q", got, want)
	}
}

// TestHMACSeparators checks the three separators against the doc's own
// example string (REST.md §12.1, written with ";").
func TestHMACSeparators(t *testing.T) {
	const docString = "/info/balance;endpoint=%2Finfo%2Fbalance&order_currency=BTC&payment_currency=KRW;1655283111604"
	for clientType, sep := range map[string]string{"0": "\x00", "1": "\x01", "2": ";"} {
		t.Run(clientType, func(t *testing.T) {
			s, err := NewHMACSigner("test-connect", "test-secret",
				WithHMACClock(signFixedClock(1655283111604)), WithHMACSeparator(clientType))
			if err != nil {
				t.Fatal(err)
			}
			req := signFormRequest(t, http.MethodPost, "https://api.bithumb.com/info/balance", "order_currency=BTC&payment_currency=KRW")
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			want := legacySign("test-secret", strings.ReplaceAll(docString, ";", sep))
			if got := req.Header.Get("Api-Sign"); got != want {
				t.Errorf("Api-Sign = %s, want %s", got, want)
			}
			if got := req.Header.Get("Api-Client-Type"); got != clientType {
				t.Errorf("api-client-type = %q, want %q", got, clientType)
			}
		})
	}
	if _, err := NewHMACSigner("a", "b", WithHMACSeparator("3")); err == nil {
		t.Error("api-client-type 3 accepted")
	}
	if _, err := NewHMACSigner("a", "b", WithHMACSeparator(";")); err == nil {
		t.Error("api-client-type ; accepted (the option takes the header value)")
	}
	if _, err := NewHMACSigner("a", "b", WithHMACClock(nil)); err == nil {
		t.Error("nil clock accepted")
	}
}

func TestHMACEndpointPlacement(t *testing.T) {
	tests := []struct {
		name, url, in, want string
	}{
		{"absent", "https://api.bithumb.com/info/balance", "currency=BTC", "endpoint=%2Finfo%2Fbalance&currency=BTC"},
		{"empty body", "https://api.bithumb.com/info/account", "", "endpoint=%2Finfo%2Faccount"},
		{"already first", "https://api.bithumb.com/info/balance", "endpoint=%2Finfo%2Fbalance&currency=BTC", "endpoint=%2Finfo%2Fbalance&currency=BTC"},
		{"moved to the front", "https://api.bithumb.com/trade/place", "order_currency=BTC&endpoint=/trade/place&type=bid", "endpoint=%2Ftrade%2Fplace&order_currency=BTC&type=bid"},
		{"others kept byte for byte", "https://api.bithumb.com/trade/place", "units=0.001&price=84000000&memo=a+b%2Cc&&x", "endpoint=%2Ftrade%2Fplace&units=0.001&price=84000000&memo=a+b%2Cc&x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewHMACSigner("test-connect", "test-secret", WithHMACClock(signFixedClock(1655283111604)))
			if err != nil {
				t.Fatal(err)
			}
			req := signFormRequest(t, http.MethodPost, tc.url, tc.in)
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			signCheckFormBody(t, req, tc.want)
			path := req.URL.Path
			if want := legacySign("test-secret", path+"\x00"+tc.want+"\x001655283111604"); req.Header.Get("Api-Sign") != want {
				t.Errorf("Api-Sign does not cover the rewritten body")
			}
		})
	}
}

func TestHMACSignRequestErrors(t *testing.T) {
	s, err := NewHMACSigner("test-connect", "test-secret")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("GET", func(t *testing.T) {
		req := signFormRequest(t, http.MethodGet, "https://api.bithumb.com/info/balance", "")
		if err := s.SignRequest(req); err == nil {
			t.Error("GET accepted")
		}
	})
	t.Run("JSON content type", func(t *testing.T) {
		req := signFormRequest(t, http.MethodPost, "https://api.bithumb.com/info/balance", `{"a":1}`)
		req.Header.Set("Content-Type", "application/json")
		if err := s.SignRequest(req); err == nil {
			t.Error("JSON body accepted")
		}
	})
	t.Run("content type with charset", func(t *testing.T) {
		req := signFormRequest(t, http.MethodPost, "https://api.bithumb.com/info/balance", "")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		if err := s.SignRequest(req); err != nil {
			t.Errorf("charset parameter rejected: %v", err)
		}
	})
	t.Run("missing content type is set", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/info/balance", nil)
		if err := s.SignRequest(req); err != nil {
			t.Fatal(err)
		}
		if ct := req.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", ct)
		}
		signCheckFormBody(t, req, "endpoint=%2Finfo%2Fbalance")
	})
	t.Run("endpoint mismatch", func(t *testing.T) {
		req := signFormRequest(t, http.MethodPost, "https://api.bithumb.com/info/balance", "endpoint=%2Finfo%2Fsecretpath")
		err := s.SignRequest(req)
		if err == nil {
			t.Fatal("mismatched endpoint accepted")
		}
		if strings.Contains(err.Error(), "secretpath") || req.Header.Get("Api-Sign") != "" {
			t.Errorf("error %q quotes the body, or Api-Sign was set", err)
		}
	})
	t.Run("nil", func(t *testing.T) {
		if err := s.SignRequest(nil); err == nil {
			t.Error("nil request accepted")
		}
	})
}

func TestNewHMACSignerRejectsBadKeys(t *testing.T) {
	for _, tc := range []struct{ connect, secret string }{
		{"", "sup3r-s3cret"},
		{"connect", ""},
		{"connect", "sup3r-s3cret\n"},
		{"con nect", "sup3r-s3cret"},
	} {
		_, err := NewHMACSigner(tc.connect, tc.secret)
		if err == nil {
			t.Errorf("NewHMACSigner(%q, ...) accepted", tc.connect)
			continue
		}
		if !errors.Is(err, ErrInvalidCredentials) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error %q: want ErrInvalidCredentials without the secret", err)
		}
	}
}

// TestHMACNonceIncreases: requests signed within one millisecond still get
// distinct, increasing nonces, also across goroutines (run with -race).
func TestHMACNonceIncreases(t *testing.T) {
	s, err := NewHMACSigner("test-connect", "test-secret", WithHMACClock(signFixedClock(1655283111604)))
	if err != nil {
		t.Fatal(err)
	}
	sign := func() int64 {
		req := signFormRequest(t, http.MethodPost, "https://api.bithumb.com/info/balance", "currency=BTC")
		if err := s.SignRequest(req); err != nil {
			t.Error(err)
			return 0
		}
		n, _ := strconv.ParseInt(req.Header.Get("Api-Nonce"), 10, 64)
		return n
	}
	for i, want := range []int64{1655283111604, 1655283111605, 1655283111606} {
		if got := sign(); got != want {
			t.Errorf("nonce #%d = %d, want %d", i, got, want)
		}
	}
	var (
		mu   sync.Mutex
		seen = make(map[int64]bool)
		wg   sync.WaitGroup
	)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				n := sign()
				mu.Lock()
				seen[n] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 160 {
		t.Errorf("%d distinct nonces from 160 concurrent signings", len(seen))
	}
}
