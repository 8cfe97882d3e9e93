package sim

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim/auth"
)

// TestBannerPrintsOnlyGeneratedSecrets: the banner shows a secret the
// simulator made up, never one it was given (it may be a real key).
func TestBannerPrintsOnlyGeneratedSecrets(t *testing.T) {
	given := auth.Key{AccessKey: "given-access-key-0123456789", SecretKey: "given-secret-key-0123456789abcdef"}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r, err := Start(ctx, "", WithConfig(Config{Accounts: []AccountConfig{{Keys: []auth.Key{given}}, {}}}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	PrintBanner(&out, r)
	banner := out.String()
	if strings.Contains(banner, given.SecretKey) || !strings.Contains(banner, given.AccessKey) {
		t.Errorf("the banner shows a given secret, or not its access key:\n%s", strings.ReplaceAll(banner, given.SecretKey, "<given secret>"))
	}
	generated := r.Keys[len(r.Keys)-1]
	if generated.AccessKey == given.AccessKey || !strings.Contains(banner, generated.SecretKey) {
		t.Errorf("the banner lacks the generated secret:\n%s", strings.ReplaceAll(banner, given.SecretKey, "<given secret>"))
	}
	cancel()
	if err := r.Wait(); err != nil && err != context.Canceled {
		t.Error(err)
	}
}
