package sim

import (
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/redacttest"
	"github.com/bithumb-go/bithumb/sim/auth"
)

const (
	redactAccess = "AKsim0server0access0KEY0123456789"
	redactSecret = "SKsim0server0secret0KEY0123456789"
)

// TestTypesHoldingKeysPrintAndLogOnlyMaskedKeys: the simulator's
// configuration, a running simulator and the server show API keys only
// masked, with every verb and through both slog handlers.
func TestTypesHoldingKeysPrintAndLogOnlyMaskedKeys(t *testing.T) {
	t.Parallel()
	key := auth.Key{AccessKey: redactAccess, SecretKey: redactSecret, Account: "paper"}
	cfg := Config{Seed: 7, HistoryDays: 2, Accounts: []AccountConfig{{ID: "paper", Keys: []auth.Key{key}}}}
	s, err := New(WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	r := &Running{Server: s, URL: "http://127.0.0.1:1", Keys: s.Keys()}

	// Config and AccountConfig hold their keys in exported fields, as
	// auth.Key does (see sim/auth): %p of a value and the JSON form
	// inside another value are out of their methods' reach.
	inside := redacttest.Options{Verbs: redacttest.Without("%p"), SkipNestedJSON: true}
	for name, v := range map[string]any{
		"Config":          cfg,
		"*Config":         &cfg,
		"AccountConfig":   cfg.Accounts[0],
		"*AccountConfig":  &cfg.Accounts[0],
		"Server.Config":   s.Config(),
		"*Running":        r,
		"Running.Keys[0]": r.Keys[0],
	} {
		redacttest.CheckWith(t, inside, name, v, redactAccess, redactSecret)
	}
	for name, v := range map[string]any{
		"*Server":                s,
		"exported *Server":       struct{ S *Server }{s},
		"unexported *Server":     struct{ s *Server }{s},
		"Running.Server":         r.Server,
		"interface with *Server": []any{s},
	} {
		redacttest.Check(t, name, v, redactAccess, redactSecret)
	}

	mask := credentials.Mask(redactAccess)
	for name, v := range map[string]any{"Config": cfg, "AccountConfig": cfg.Accounts[0], "*Running": r} {
		out := redacttest.Log(v, true)
		if !strings.Contains(out, `"access_key":"`+mask+`","secret_key":"********"`) {
			t.Errorf("%s: slog JSON lacks the masked key:\n%s", name, redacttest.Redact(out, redactAccess, redactSecret))
		}
	}
	if cfg.Accounts[0].Keys[0].SecretKey != redactSecret || s.Keys()[0].SecretKey != redactSecret {
		t.Error("logging masked the configuration itself")
	}
}
