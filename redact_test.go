package bithumb

import (
	"fmt"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/redacttest"
)

// TestClientPrintsAndLogsNoKeys: a Client (and the options that carry
// the keys into it) never shows the access key or the secret, with any
// fmt verb or slog handler. The signers it builds are tested in
// middleware.
func TestClientPrintsAndLogsNoKeys(t *testing.T) {
	t.Parallel()
	const access, secret = "AKroot0client0access0KEY01234567", "SKroot0client0secret0KEY01234567"
	c, err := New(WithBaseURL("http://127.0.0.1:1"), WithKeys(access, secret))
	if err != nil {
		t.Fatal(err)
	}
	creds := credentials.New(access, secret)
	for name, v := range map[string]any{
		"*Client":            c,
		"Client":             *c,
		"exported *Client":   struct{ C *Client }{c},
		"unexported *Client": struct{ c *Client }{c},
		"WithKeys":           WithKeys(access, secret),
		"WithCredentials":    WithCredentials(creds),
		"[]Option":           []Option{WithKeys(access, secret)},
	} {
		redacttest.Check(t, name, v, access, secret)
	}
	if c.opts.secretKey != "" {
		t.Error("the client keeps the secret key after New")
	}
	if got, want := fmt.Sprintf("%+v", c), "bithumb.Client{BaseURL:http://127.0.0.1:1 Credentials:true}"; got != want {
		t.Errorf("%%+v = %s, want %s", redacttest.Redact(got, access, secret), want)
	}
}
