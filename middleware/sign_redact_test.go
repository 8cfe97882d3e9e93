package middleware_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/redacttest"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/wsclient"
)

// Keys of the redaction tests: long enough that credentials.Mask keeps
// their first and last four characters.
const (
	redactAccess = "AKredact0access0KEY0123456789abcd"
	redactSecret = "SKredact0secret0KEY0123456789wxyz"
)

func redactSigners(t *testing.T) (*middleware.JWTSigner, *middleware.HMACSigner) {
	t.Helper()
	jwt, err := middleware.NewJWTSigner(redactAccess, redactSecret)
	if err != nil {
		t.Fatal(err)
	}
	hmac, err := middleware.NewHMACSigner(redactAccess, redactSecret)
	if err != nil {
		t.Fatal(err)
	}
	return jwt, hmac
}

// TestSignersPrintAndLogOnlyMaskedKeys: every fmt verb and both slog
// handlers show the signers' access key masked and never the secret,
// whether the signer is printed itself, through a pointer, in a slice or
// map, or inside a struct.
func TestSignersPrintAndLogOnlyMaskedKeys(t *testing.T) {
	t.Parallel()
	jwt, hmac := redactSigners(t)
	values := map[string]any{
		"*JWTSigner":                 jwt,
		"JWTSigner":                  *jwt,
		"[]*JWTSigner":               []*middleware.JWTSigner{jwt},
		"map of JWTSigner":           map[string]middleware.JWTSigner{"k": *jwt},
		"exported JWTSigner field":   struct{ S middleware.JWTSigner }{*jwt},
		"exported *JWTSigner field":  struct{ S *middleware.JWTSigner }{jwt},
		"unexported *JWTSigner":      struct{ s *middleware.JWTSigner }{jwt},
		"*HMACSigner":                hmac,
		"[]*HMACSigner":              []*middleware.HMACSigner{hmac},
		"exported *HMACSigner field": struct{ S *middleware.HMACSigner }{hmac},
		"unexported *HMACSigner":     struct{ s *middleware.HMACSigner }{hmac},
		"interface field":            struct{ S any }{hmac},
	}
	for name, v := range values {
		redactedtestCheck(t, name, v)
	}

	// The masked forms are what shows.
	mask := credentials.Mask(redactAccess)
	for _, tt := range []struct{ got, want string }{
		{fmt.Sprintf("%v", jwt), "JWTSigner{AccessKey:" + mask + " SecretKey:********}"},
		{fmt.Sprintf("%+v", *jwt), "JWTSigner{AccessKey:" + mask + " SecretKey:********}"},
		{fmt.Sprintf("%#v", jwt), `middleware.JWTSigner{AccessKey:"` + mask + `", SecretKey:"********"}`},
		{fmt.Sprintf("%q", jwt), `"JWTSigner{AccessKey:` + mask + ` SecretKey:********}"`},
		{fmt.Sprintf("%v", hmac), "HMACSigner{ConnectKey:" + mask + " SecretKey:********}"},
		{fmt.Sprintf("%#v", hmac), `&middleware.HMACSigner{ConnectKey:"` + mask + `", SecretKey:"********"}`},
		{fmt.Sprintf("%x", hmac), fmt.Sprintf("%x", "HMACSigner{ConnectKey:"+mask+" SecretKey:********}")},
	} {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", redacttest.Redact(tt.got, redactAccess, redactSecret), tt.want)
		}
	}
	for _, v := range []any{jwt, hmac} {
		json := redacttest.Log(v, true)
		if want := `"value":{"access_key":"` + mask + `","secret_key":"********"}`; !strings.Contains(json, want) {
			t.Errorf("%T: slog JSON lacks %s:\n%s", v, want, redacttest.Redact(json, redactAccess, redactSecret))
		}
		text := redacttest.Log(v, false)
		if want := "value.access_key=" + mask + " value.secret_key=********"; !strings.Contains(text, want) {
			t.Errorf("%T: slog text lacks %s:\n%s", v, want, redacttest.Redact(text, redactAccess, redactSecret))
		}
	}
	var nilJWT *middleware.JWTSigner
	var nilHMAC *middleware.HMACSigner
	for _, v := range []any{nilJWT, nilHMAC} {
		if got := fmt.Sprintf("%v", v); got != "<nil>" {
			t.Errorf("nil %T prints %q", v, got)
		}
	}
}

// TestTypesHoldingSignersPrintAndLogOnlyMaskedKeys: the types that carry
// a signer or the keys themselves (ChainConfig, the RoundTripper that
// Chain builds, wsclient.Options, credentials.Credentials) never show the
// access key or the secret either.
func TestTypesHoldingSignersPrintAndLogOnlyMaskedKeys(t *testing.T) {
	t.Parallel()
	jwt, hmac := redactSigners(t)
	catalog, err := middleware.NewCatalog(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := middleware.ChainConfig{Catalog: catalog, JWT: jwt, HMAC: hmac}
	creds := credentials.New(redactAccess, redactSecret)
	values := map[string]any{
		"ChainConfig":              cfg,
		"*ChainConfig":             &cfg,
		"Chain":                    middleware.Chain(http.DefaultTransport, cfg),
		"Sign":                     middleware.Sign(jwt, hmac)(http.DefaultTransport),
		"wsclient.Options":         wsclient.Options{Signer: jwt},
		"*wsclient.Options":        &wsclient.Options{Signer: jwt},
		"credentials.Credentials":  creds,
		"*credentials.Credentials": &creds,
	}
	for name, v := range values {
		redactedtestCheck(t, name, v)
	}
}

// redactedtestCheck runs redacttest.Check with the keys of these tests.
func redactedtestCheck(t *testing.T, name string, v any) {
	t.Helper()
	redacttest.Check(t, name, v, redactAccess, redactSecret)
}
