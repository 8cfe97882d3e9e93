package main

import (
	"fmt"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/internal/redacttest"
)

// TestAuthSetOptionsPrintOnlyAMaskedKey: the flags of `bithumb auth set`,
// the CLI's only settings that hold a key, show the access key masked.
func TestAuthSetOptionsPrintOnlyAMaskedKey(t *testing.T) {
	t.Parallel()
	const access = "AKcli0auth0set0access0KEY0123456"
	o := authSetOptions{accessKey: access, secretStdin: true, file: "/tmp/creds.json"}
	for name, v := range map[string]any{
		"authSetOptions":  o,
		"*authSetOptions": &o,
		"field":           struct{ O authSetOptions }{o},
	} {
		// %p of a struct value prints its fields past Format; the
		// options are never printed that way.
		redacttest.CheckWith(t, redacttest.Options{Verbs: redacttest.Without("%p")}, name, v, access)
	}
	if got, want := fmt.Sprintf("%+v", o), "{accessKey:"+credentials.Mask(access)+" secretStdin:true file:/tmp/creds.json}"; got != want {
		t.Errorf("%%+v = %s, want %s", redacttest.Redact(got, access), want)
	}
}
