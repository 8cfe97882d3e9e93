package plain

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestAuthorization decodes the tokens: the header, the claims with
// a UUID v4 nonce, and the query hash only for a request with parameters.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	s := NewSigner(`access"key`, "secret")
	uuid4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	sum := sha512.Sum512([]byte("market=KRW-BTC"))
	for hashString, wantHash := range map[string]string{"": "", "market=KRW-BTC": hex.EncodeToString(sum[:])} {
		auth := s.Authorization(hashString)
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		parts := strings.Split(tok, ".")
		if !ok || len(parts) != 3 {
			t.Fatalf("Authorization(%q) = %q: not a bearer JWT", hashString, auth)
		}
		header, err := base64.RawURLEncoding.DecodeString(parts[0])
		if err != nil || string(header) != `{"alg":"HS256","typ":"JWT"}` {
			t.Errorf("header = %q, %v", header, err)
		}
		mac := hmac.New(sha256.New, []byte("secret"))
		mac.Write([]byte(parts[0] + "." + parts[1]))
		if got := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); got != parts[2] {
			t.Errorf("signature %s, want %s", parts[2], got)
		}
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		if err := json.Unmarshal(raw, &claims); err != nil {
			t.Fatalf("claims %s: %v", raw, err)
		}
		nonce, _ := claims["nonce"].(string)
		ts, _ := claims["timestamp"].(float64)
		hash, hasHash := claims["query_hash"]
		if claims["access_key"] != `access"key` || !uuid4.MatchString(nonce) || ts < 1e12 {
			t.Errorf("claims = %s", raw)
		}
		if wantHash == "" && (hasHash || len(claims) != 3) || wantHash != "" && (hash != wantHash || claims["query_hash_alg"] != "SHA512" || len(claims) != 5) {
			t.Errorf("Authorization(%q): claims = %s, want query_hash %q", hashString, raw, wantHash)
		}
	}
}
