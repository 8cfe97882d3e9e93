package middleware

import (
	"strings"
	"testing"
)

// TestBodyHashStringObjectDepth: objects nest up to maxSignBodyDepth
// levels, the top level included; one more is an error.
func TestBodyHashStringObjectDepth(t *testing.T) {
	t.Parallel()
	// nested(1) is {"a":1}, nested(2) {"a":{"b":1}}.
	nested := func(levels int) string {
		return `{"a":` + strings.Repeat(`{"b":`, levels-1) + `1` + strings.Repeat(`}`, levels-1) + `}`
	}
	if got, err := BodyHashString([]byte(nested(2))); err != nil || got != "a[b]=1" {
		t.Fatalf("nested(2) = %q, %v", got, err)
	}
	want := "a" + strings.Repeat("[b]", maxSignBodyDepth-1) + "=1"
	if got, err := BodyHashString([]byte(nested(maxSignBodyDepth))); err != nil || got != want {
		t.Errorf("%d levels: %q, %v; want %q", maxSignBodyDepth, got, err, want)
	}
	if got, err := BodyHashString([]byte(nested(maxSignBodyDepth + 1))); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("%d levels: %q, %v; want the depth error", maxSignBodyDepth+1, got, err)
	}
}

// TestBodyHashStringSizeLimit: a hash string of exactly maxHashStringSize
// bytes is fine, one byte more is an error.
func TestBodyHashStringSizeLimit(t *testing.T) {
	t.Parallel()
	// {"a":"x…","b":"y…"} hashes to a=x…&b=y…: 5 bytes besides the values.
	body := func(total int) []byte {
		x := strings.Repeat("x", 1000)
		y := strings.Repeat("y", total-5-len(x))
		return []byte(`{"a":"` + x + `","b":"` + y + `"}`)
	}
	got, err := BodyHashString(body(maxHashStringSize))
	if err != nil || len(got) != maxHashStringSize || !strings.HasPrefix(got, "a=x") || !strings.HasSuffix(got, "y") {
		t.Errorf("a hash string of exactly %d bytes: %d bytes, %v", maxHashStringSize, len(got), err)
	}
	if got, err := BodyHashString(body(maxHashStringSize + 1)); err == nil || !strings.Contains(err.Error(), "exceeds") {
		t.Errorf("one byte more: %d bytes, %v; want the size error", len(got), err)
	}
}

// TestSignReadBodyLimit: a body of exactly maxSignedBodySize bytes is read
// whole, one byte more is an error.
func TestSignReadBodyLimit(t *testing.T) {
	t.Parallel()
	b, err := signReadBody(nil, strings.NewReader(strings.Repeat("z", maxSignedBodySize)))
	if err != nil || len(b) != maxSignedBodySize {
		t.Errorf("exactly the limit: %d bytes, %v", len(b), err)
	}
	if b, err := signReadBody(nil, strings.NewReader(strings.Repeat("z", maxSignedBodySize+1))); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("one byte more: %d bytes, %v; want the size error", len(b), err)
	}
}

// TestQueryErrorsNamePosition: a bad pair is named by its position among
// the non-empty pairs, never by its text.
func TestQueryErrorsNamePosition(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ raw, want string }{
		{"a=%zz", "query parameter 1: invalid percent-encoding in value"},
		{"%zz=1", "query parameter 1: invalid percent-encoding in key"},
		{"a=1&b=2&c=%", "query parameter 3: invalid percent-encoding in value"},
		{"a=1&&b=%", "query parameter 2: invalid percent-encoding in value"},
	} {
		for name, f := range map[string]func(string) (string, error){"QueryHashString": QueryHashString, "CanonicalQuery": CanonicalQuery} {
			if _, err := f(tt.raw); err == nil || err.Error() != "middleware: "+tt.want {
				t.Errorf("%s(%q) error %v, want %q", name, tt.raw, err, tt.want)
			}
		}
	}
}
