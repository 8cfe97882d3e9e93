package sim

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// TestGeneratedKeysSurviveRestart: with a data directory, the keys the
// simulator generated (whole keys, and secrets of configured access keys)
// are the same after a restart and still sign; a configured secret is
// never written to the directory, and the file is private.
func TestGeneratedKeysSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	given := auth.Key{AccessKey: "restart-given-access-0001", SecretKey: "restart-given-secret-00000001"}
	cfg := Config{DataDir: dir, HistoryDays: 2, Accounts: []AccountConfig{
		{ID: "paper"},
		{ID: "mixed", Keys: []auth.Key{given, {AccessKey: "restart-access-without-secret"}, {}}},
	}}
	start := func() (*Server, []auth.Key) {
		t.Helper()
		s, err := New(WithConfig(cfg))
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Keys()
	}
	s, first := start()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(dir, KeysFileName)
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("%s has mode %o, want 600", KeysFileName, perm)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(given.SecretKey)) {
		t.Errorf("%s holds a configured secret", KeysFileName)
	}

	s, second := start()
	defer s.Close()
	if !slices.EqualFunc(first, second, func(a, b auth.Key) bool {
		return a.AccessKey == b.AccessKey && a.SecretKey == b.SecretKey && a.Account == b.Account
	}) {
		t.Fatalf("the keys changed across the restart:\n%v\n%v", first, second)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, k := range second {
		c, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(k.AccessKey, k.SecretKey), bithumb.WithHTTPClient(ts.Client()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListAccounts(context.Background()); err != nil {
			t.Errorf("key %s of %s after the restart: %v", k.AccessKey, k.Account, err)
		}
	}

	// The banner still tells a generated secret from a configured one,
	// and says where the keys are kept.
	var banner bytes.Buffer
	PrintBanner(&banner, &Running{Server: s, Keys: second})
	if strings.Contains(banner.String(), given.SecretKey) || !strings.Contains(banner.String(), second[0].SecretKey) ||
		!strings.Contains(banner.String(), "kept in "+dir) {
		t.Errorf("banner after the restart:\n%s", strings.ReplaceAll(banner.String(), given.SecretKey, "<given secret>"))
	}
}

// TestKeysWithoutDataDirAreFresh: without a data directory every start
// generates new keys.
func TestKeysWithoutDataDirAreFresh(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Keys()[0].SecretKey == b.Keys()[0].SecretKey || a.Keys()[0].AccessKey == b.Keys()[0].AccessKey {
		t.Error("two simulators without a data directory share a key")
	}
}

// TestGeneratedKeyFollowsItsSlot: a secret generated for a configured
// access key is not handed to another access key after the configuration
// changes, and a key given in full later replaces the generated one.
func TestGeneratedKeyFollowsItsSlot(t *testing.T) {
	saved := []savedKey{{Account: "default", Slot: "old-access", AccessKey: "old-access", SecretKey: "old-secret"}}
	c := Config{Accounts: []AccountConfig{{ID: "default", Keys: []auth.Key{{AccessKey: "new-access"}}}}}
	out := c.generateKeys(saved)
	if got := c.Accounts[0].Keys[0].SecretKey; got == "old-secret" || got == "" {
		t.Errorf("new-access got secret %q", got)
	}
	if len(out) != 1 || out[0].Slot != "new-access" {
		t.Errorf("saved %+v", out)
	}
	c = Config{Accounts: []AccountConfig{{ID: "default", Keys: []auth.Key{{AccessKey: "old-access", SecretKey: "now-given"}}}}}
	if out := c.generateKeys(saved); len(out) != 0 || c.generatedSecrets["old-access"] {
		t.Errorf("a key given in full is saved or marked generated: %+v", out)
	}
}
