package auth

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/redacttest"
)

const (
	redactAccess = "AKsim0auth0access0KEY0123456789ab"
	redactSecret = "SKsim0auth0secret0KEY0123456789yz"
)

// A Key is a plain configuration struct whose exported fields are the
// keys, and whose JSON form (the configuration file's) keeps them. So
// fmt reaches its fields past Format for %p on a Key value (a value that
// is not a pointer is printed field by field), and slog's JSON handler,
// which resolves LogValue only at the top of an attribute, encodes a Key
// inside a slice, map or struct with encoding/json. Those cases are left
// out here; the types that hold keys (sim.Config, sim.AccountConfig,
// sim.Running) log them masked through their own LogValue.
var (
	keyOptions       = redacttest.Options{Verbs: redacttest.Without("%p"), SkipNestedJSON: true}
	keyInsideOptions = redacttest.Options{Verbs: redacttest.Without("%p"), SkipJSON: true}
	maskedOptions    = redacttest.Options{}
)

// TestKeyPrintsAndLogsOnlyMaskedKeys: every verb and both slog handlers
// show a Key's access key masked and never its secret.
func TestKeyPrintsAndLogsOnlyMaskedKeys(t *testing.T) {
	t.Parallel()
	k := Key{AccessKey: redactAccess, SecretKey: redactSecret, Account: "paper", Scopes: []Scope{ScopeAccount}}
	for name, v := range map[string]any{"Key": k, "*Key": &k} {
		redacttest.CheckWith(t, keyOptions, name, v, redactAccess, redactSecret)
	}
	for name, v := range map[string]any{
		"[]Key":          []Key{k, k},
		"map of Key":     map[string]Key{"a": k},
		"exported field": struct{ K Key }{k},
	} {
		redacttest.CheckWith(t, keyInsideOptions, name, v, redactAccess, redactSecret)
	}
	for name, v := range map[string]any{
		"Masked":              k.Masked(),
		"[]Key of Masked":     []Key{k.Masked()},
		"field of Masked Key": struct{ K Key }{k.Masked()},
	} {
		redacttest.CheckWith(t, maskedOptions, name, v, redactAccess, redactSecret)
	}
	mask := credentials.Mask(redactAccess)
	if got, want := fmt.Sprintf("%+v", k), "{AccessKey:"+mask+" SecretKey:******** Account:paper}"; got != want {
		t.Errorf("%%+v = %s, want %s", redacttest.Redact(got, redactAccess, redactSecret), want)
	}
	if got, want := fmt.Sprintf("%#v", k), `auth.Key{AccessKey:"`+mask+`", SecretKey:"********", Account:"paper"}`; got != want {
		t.Errorf("%%#v = %s, want %s", redacttest.Redact(got, redactAccess, redactSecret), want)
	}
	if out := redacttest.Log(k, true); !strings.Contains(out, `"value":{"access_key":"`+mask+`","secret_key":"********","account":"paper"}`) {
		t.Errorf("slog JSON lacks the masked group:\n%s", redacttest.Redact(out, redactAccess, redactSecret))
	}
	if m := k.Masked(); m.AccessKey != mask || m.SecretKey != "********" || m.Account != "paper" || k.SecretKey != redactSecret {
		t.Errorf("Masked() = %v and changed the key", m)
	}
	if z := (Key{}).Masked(); z.AccessKey != "" || z.SecretKey != "" {
		t.Errorf("the zero Key masks to %v", z)
	}
}

// TestVerifierPrintsAndLogsNoKeys: a Verifier's map is keyed by access
// key; printing it shows only how many keys it holds.
func TestVerifierPrintsAndLogsNoKeys(t *testing.T) {
	t.Parallel()
	v := NewVerifier([]Key{{AccessKey: redactAccess, SecretKey: redactSecret, Account: "paper"}}, Options{})
	for name, x := range map[string]any{
		"*Verifier":          v,
		"exported field":     struct{ V *Verifier }{v},
		"[]*Verifier":        []*Verifier{v},
		"interface in slice": []any{v},
	} {
		redacttest.Check(t, name, x, redactAccess, redactSecret)
	}
	// In an unexported field fmt prints the verifier by reflection when
	// the verb does not apply to a pointer; its map is keyed by access
	// key, which then shows, but never a secret.
	redacttest.Check(t, "unexported field", struct{ v *Verifier }{v}, redactSecret)
	if got := fmt.Sprint(v); got != "auth.Verifier{keys:1}" {
		t.Errorf("Sprint = %s", redacttest.Redact(got, redactAccess, redactSecret))
	}
}
