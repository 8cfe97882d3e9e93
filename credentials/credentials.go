package credentials

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"unicode/utf8"
)

// Credentials is a Bithumb API key pair. Create one with [New] and read the
// keys with [Credentials.AccessKey] and [Credentials.SecretKey]. The zero
// value holds two empty keys. A Credentials value is immutable and safe to
// copy and to share between goroutines.
//
// Every way of printing or encoding a Credentials value shows the access key
// masked by [Mask] and the secret key as "********". The keys are kept behind
// unexported pointers so that even printing paths that bypass the methods
// (a Credentials in an unexported struct field, a mismatched verb such as %p)
// show an address instead of the keys.
//
// Credentials values cannot be compared with ==; use [Credentials.Equal].
type Credentials struct {
	_ [0]func() // makes == a compile error: it would compare pointers

	// The keys are held by pointers to strings, nil for "", and never
	// modified. fmt prints such a pointer as an address even when it
	// formats by reflection, which it would not do for a pointer to a
	// struct.
	access *string
	secret *string
}

// New returns credentials holding accessKey and secretKey. It does not check
// them; call [Credentials.Validate] for that.
func New(accessKey, secretKey string) Credentials {
	return Credentials{access: stringPtr(accessKey), secret: stringPtr(secretKey)}
}

func stringPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// AccessKey returns the access key. It identifies the API key and is not
// secret, but output of this package shows it masked.
func (c Credentials) AccessKey() string {
	return deref(c.access)
}

// SecretKey returns the secret key, for signing requests. Do not print, log or
// store the result; use [Save] to store credentials.
func (c Credentials) SecretKey() string {
	return deref(c.secret)
}

// Equal reports whether c and other hold the same keys. The secret keys are
// compared in constant time.
func (c Credentials) Equal(other Credentials) bool {
	access := subtle.ConstantTimeCompare([]byte(c.AccessKey()), []byte(other.AccessKey()))
	secret := subtle.ConstantTimeCompare([]byte(c.SecretKey()), []byte(other.SecretKey()))
	return access&secret == 1
}

// redacted stands in for a secret that is set.
const redacted = "********"

// Limits of a plausible key, in characters. Bithumb API 2.0 keys are about 40
// or more alphanumeric characters; the limits are looser on purpose.
const (
	minKeyLen = 16
	maxKeyLen = 256
)

// Mask hides most of s: it keeps the first 4 and the last 4 characters and
// puts "…" between them, so "0123456789abcdef" becomes "0123…cdef". A string
// of 8 characters or fewer becomes "********" (whatever its length), and the
// empty string stays empty.
//
// Mask is meant for identifiers such as the access key. It reveals 8
// characters, so it is not used for secret keys, which are always shown as
// "********".
func Mask(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 8 {
		return redacted
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}

// maskSecret shows whether a secret is set without revealing any of it.
func maskSecret(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String returns the credentials with the access key masked and the secret
// hidden, for example "{AccessKey:0123…cdef SecretKey:********}".
func (c Credentials) String() string {
	return "{AccessKey:" + Mask(c.AccessKey()) + " SecretKey:" + maskSecret(c.SecretKey()) + "}"
}

// GoString implements [fmt.GoStringer] for the %#v verb with the same masking
// as [Credentials.String], for example
// credentials.New("0123…cdef", "********").
func (c Credentials) GoString() string {
	return "credentials.New(" + strconv.Quote(Mask(c.AccessKey())) +
		", " + strconv.Quote(maskSecret(c.SecretKey())) + ")"
}

// Format implements [fmt.Formatter] so that every verb, flag and width
// formats the masked form: %#v prints [Credentials.GoString], and any other
// verb formats [Credentials.String] as a string would be (%v, %+v and %s
// print it, %q quotes it, %x hex-encodes it, and so on).
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, c.GoString())
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), c.String())
}

// LogValue implements [slog.LogValuer]: a group with the masked access_key
// and secret_key.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key", Mask(c.AccessKey())),
		slog.String("secret_key", maskSecret(c.SecretKey())),
	)
}

// maskedJSON is the JSON shape of a masked Credentials value.
type maskedJSON struct {
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

// MarshalJSON implements [json.Marshaler] with masked values, for example
// {"access_key":"0123…cdef","secret_key":"********"}, so that JSON-encoding a
// configuration that contains credentials does not leak the secret. It is not
// a way to store credentials: use [Save].
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(maskedJSON{AccessKey: Mask(c.AccessKey()), SecretKey: maskSecret(c.SecretKey())})
}

// Validate reports whether both keys look plausible: non-empty, 16 to 256
// characters long, printable ASCII without spaces. The error matches
// [ErrInvalid], names each bad field and shows only masked values. When both
// fields are bad, both are reported.
func (c Credentials) Validate() error {
	return errors.Join(
		validateKey("access key", c.AccessKey(), Mask(c.AccessKey())),
		validateKey("secret key", c.SecretKey(), maskSecret(c.SecretKey())),
	)
}

// validateKey checks one key. name is used in the message and shown is the
// masked value to show; the value itself never appears in the error.
func validateKey(name, value, shown string) error {
	if value == "" {
		return newError(ErrInvalid, "credentials: "+name+" is empty")
	}
	bad := func(reason string) error {
		return newError(ErrInvalid, "credentials: invalid "+name+" "+strconv.Quote(shown)+": "+reason)
	}
	n := utf8.RuneCountInString(value)
	pos := 0
	for _, r := range value {
		pos++
		switch {
		case r == '…':
			return bad("looks like a masked value, not the key itself")
		case r <= ' ' || r == 0x7f || r == 0xa0: // 0xa0: no-break space
			return bad(fmt.Sprintf("contains %s at position %d of %d", describeRune(r), pos, n))
		case r > '~':
			return bad(fmt.Sprintf("contains a non-ASCII character at position %d of %d", pos, n))
		}
	}
	if n < minKeyLen || n > maxKeyLen {
		return bad(fmt.Sprintf("is %d characters long, want %d to %d", n, minKeyLen, maxKeyLen))
	}
	return nil
}

func describeRune(r rune) string {
	switch r {
	case ' ', 0xa0:
		return "a space"
	case '\t':
		return "a tab"
	case '\n':
		return "a newline"
	case '\r':
		return "a carriage return"
	default:
		return "a control character"
	}
}
