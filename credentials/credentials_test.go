package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"a", "********"},
		{"1234567", "********"},
		{"12345678", "********"},
		{"123456789", "1234…6789"},
		{"abcdefghijklmnop", "abcd…mnop"},
		{testAccess, "AK7h…fG6h"},
		{"日本語テキスト鍵です", "日本語テ…ト鍵です"},
		{"ab\xffcdefghij", "ab\uFFFDc…ghij"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskRevealsAtMostEightCharacters(t *testing.T) {
	t.Parallel()
	for n := 0; n <= 300; n++ {
		s := strings.Repeat("x", n)
		got := Mask(s)
		if shown := strings.Count(got, "x"); shown > 8 || (n <= 8 && shown != 0) {
			t.Errorf("Mask of %d chars shows %d of them: %q", n, shown, got)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	alnum := func(n int) string { return strings.Repeat("aB3", n/3+1)[:n] }
	tests := []struct {
		name   string
		c      Credentials
		errors []string // substrings of the error; none means valid
	}{
		{"typical", testCreds, nil},
		{"min length", New(alnum(16), alnum(16)), nil},
		{"max length", New(alnum(256), alnum(256)), nil},
		{"printable punctuation", New("abc-DEF_123.xyz+/=~!", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), nil},
		{"both empty", New("", ""), []string{"access key is empty", "secret key is empty"}},
		{"empty access", New("", testSecret), []string{"access key is empty"}},
		{"empty secret", New(testAccess, ""), []string{"secret key is empty"}},
		{"short access", New(alnum(15), testSecret), []string{`invalid access key "aB3a…3aB3": is 15 characters long, want 16 to 256`}},
		{"long secret", New(testAccess, alnum(257)), []string{`invalid secret key "********": is 257 characters long, want 16 to 256`}},
		{"space in access", New("AK7hG2kL9m N4pQ6rS8tU1v", testSecret), []string{`invalid access key "AK7h…tU1v": contains a space at position 11 of 23`}},
		{"trailing newline in secret", New(testAccess, testSecret+"\n"), []string{`invalid secret key "********": contains a newline at position 43 of 43`}},
		{"tab in secret", New(testAccess, "\t"+testSecret), []string{"secret key", "a tab at position 1"}},
		{"carriage return", New(testAccess, testSecret+"\r\n"), []string{"a carriage return at position 43 of 44"}},
		{"NUL", New(testAccess, testSecret[:10]+"\x00"+testSecret[10:]), []string{"a control character at position 11"}},
		{"DEL", New(testAccess+"\x7f", testSecret), []string{"access key", "a control character at position 41"}},
		{"no-break space", New(testAccess, testSecret+"\u00a0"), []string{"a space at position 43"}},
		{"non-ASCII", New("AK7hG2kL9mN4pQ6rS8tUé", testSecret), []string{"access key", "a non-ASCII character at position 21"}},
		{"invalid UTF-8", New(testAccess, testSecret+"\xff"), []string{"secret key", "non-ASCII"}},
		{"masked value pasted", New(Mask(testAccess), testSecret), []string{"access key", "looks like a masked value"}},
		{"both bad", New("short", testSecret+" "), []string{"invalid access key", "invalid secret key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.c.Validate()
			if len(tt.errors) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			assertErrorIs(t, err, ErrInvalid)
			for _, want := range tt.errors {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Validate() = %q, want it to contain %q", err, want)
				}
			}
			if secret := strings.TrimSpace(tt.c.SecretKey()); secret != "" && strings.Contains(err.Error(), secret) {
				t.Errorf("error contains the secret key: %q", err)
			}
		})
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	if got, want := testCreds.String(), "{AccessKey:AK7h…fG6h SecretKey:********}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := testCreds.GoString(), `credentials.New("AK7h…fG6h", "********")`; got != want {
		t.Errorf("GoString() = %q, want %q", got, want)
	}
	if got, want := (Credentials{}).String(), "{AccessKey: SecretKey:}"; got != want {
		t.Errorf("zero String() = %q, want %q", got, want)
	}
	if got, want := fmt.Sprintf("%q", testCreds), `"{AccessKey:AK7h…fG6h SecretKey:********}"`; got != want {
		t.Errorf("%%q = %s, want %s", got, want)
	}
	if got, want := fmt.Sprintf("[%-45v]", testCreds), "[{AccessKey:AK7h…fG6h SecretKey:********}     ]"; got != want {
		t.Errorf("%%-45v = %q, want %q", got, want) // width counts runes: 40 + 5 spaces
	}
	if got := fmt.Sprintf("%+v", struct{ C Credentials }{testCreds}); got != "{C:{AccessKey:AK7h…fG6h SecretKey:********}}" {
		t.Errorf("nested %%+v = %q", got)
	}
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(testCreds)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"access_key":"AK7h…fG6h","secret_key":"********"}`; string(got) != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	// A masked value never validates, so JSON cannot silently round-trip.
	var back maskedJSON
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if err := New(back.AccessKey, back.SecretKey).Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("masked credentials validated: %v", err)
	}
}

// TestFormattingNeverLeaks prints credentials in every way a program might by
// accident and checks that neither the secret nor the full access key shows.
func TestFormattingNeverLeaks(t *testing.T) {
	t.Parallel()
	c := testCreds
	values := map[string]any{
		"value":                    c,
		"pointer":                  &c,
		"slice":                    []Credentials{c},
		"array":                    [1]Credentials{c},
		"map":                      map[string]Credentials{"k": c},
		"pointer map":              map[string]*Credentials{"k": &c},
		"exported field":           struct{ C Credentials }{c},
		"exported pointer field":   struct{ C *Credentials }{&c},
		"unexported pointer field": struct{ c *Credentials }{&c},
		"unexported field":         struct{ c Credentials }{c},
		"unexported slice field":   struct{ c []Credentials }{[]Credentials{c}},
		"interface field":          struct{ C any }{c},
		"embedded":                 struct{ Credentials }{c},
	}
	verbs := []string{
		"%v", "%+v", "%#v", "%s", "%q", "%#q", "%+q", "%x", "%X", "% x", "%#x",
		"%d", "%t", "%T", "%p", "%U", "%c", "%e", "%b", "%o", "%10v", "%-80s", "%.100s", "%08v", "%!",
	}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			assertNoSecret(t, name+" "+verb, out)
		}
		assertNoSecret(t, name+" Sprint", fmt.Sprint(v))
		assertNoSecret(t, name+" Sprintln", fmt.Sprintln(v, v))
		assertNoSecret(t, name+" Errorf", fmt.Errorf("using %v: %w", v, errors.New("boom")).Error())
	}
	if out := fmt.Sprintf("%v", c); !strings.Contains(out, Mask(testAccess)) {
		t.Errorf("%%v = %q, want it to show the masked access key", out)
	}

	// Encoders.
	for name, v := range map[string]any{"value": c, "pointer": &c, "nested": struct{ C Credentials }{c}} {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		assertNoSecret(t, name+" json", string(j))
	}

	// log/slog with both built-in handlers.
	var buf bytes.Buffer
	for _, h := range []slog.Handler{
		slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
	} {
		logger := slog.New(h)
		logger.Info("loaded", "creds", c)
		logger.Info("loaded", "creds", &c)
		logger.Info("loaded", slog.Any("creds", c))
		logger.Debug("config", "cfg", struct{ C Credentials }{c})
		logger.Info("group", slog.Group("auth", "creds", c))
		logger.With("creds", c).Warn("with")
		logger.Error("failed", "err", fmt.Errorf("auth %v", c))
	}
	out := buf.String()
	assertNoSecret(t, "slog", out)
	if !strings.Contains(out, `"creds":{"access_key":"AK7h…fG6h","secret_key":"********"}`) {
		t.Errorf("slog JSON output lacks the masked group:\n%s", out)
	}
	if !strings.Contains(out, "creds.access_key=AK7h…fG6h creds.secret_key=********") {
		t.Errorf("slog text output lacks the masked group:\n%s", out)
	}
	if !utf8.ValidString(out) {
		t.Errorf("slog output is not valid UTF-8")
	}
}

func TestAccessorsAndEqual(t *testing.T) {
	t.Parallel()
	c := New(testAccess, testSecret)
	if c.AccessKey() != testAccess || c.SecretKey() != testSecret {
		t.Fatalf("accessors returned %q, %q", c.AccessKey(), c.SecretKey())
	}
	var zero Credentials
	if zero.AccessKey() != "" || zero.SecretKey() != "" {
		t.Errorf("zero value is not empty")
	}
	tests := []struct {
		a, b Credentials
		want bool
	}{
		{c, New(testAccess, testSecret), true},
		{zero, New("", ""), true},
		{c, New(testAccess, testSecret+"x"), false},
		{c, New(testAccess+"x", testSecret), false},
		{c, zero, false},
	}
	for i, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%d: Equal = %v, want %v", i, got, tt.want)
		}
		// reflect.DeepEqual (and so most test helpers) agrees with Equal.
		if got := reflect.DeepEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("%d: reflect.DeepEqual = %v, want %v", i, got, tt.want)
		}
	}
}
