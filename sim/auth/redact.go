package auth

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/bithumb-go/bithumb/credentials"
)

// redacted stands in for a secret key that is set.
const redacted = "********"

// hidden is what printing shows of a secret: redacted when it is set.
func hidden(secret string) string {
	if secret == "" {
		return ""
	}
	return redacted
}

// Masked returns k with its access key masked by credentials.Mask and
// its secret key replaced by "********": the form in which a key may be
// printed, logged or encoded. fmt and slog show a Key masked by
// themselves (Format, LogValue), but the JSON form of a Key, that of
// configuration files, keeps both keys: a Key inside a slice or struct
// logged through slog's JSON handler is encoded that way, so log
// Masked copies there.
func (k Key) Masked() Key {
	k.AccessKey, k.SecretKey = credentials.Mask(k.AccessKey), hidden(k.SecretKey)
	return k
}

// String returns the key with its access key masked and its secret
// hidden, for example "{AccessKey:0123…cdef SecretKey:******** Account:default}".
func (k Key) String() string {
	return "{AccessKey:" + credentials.Mask(k.AccessKey) + " SecretKey:" + hidden(k.SecretKey) + " Account:" + k.Account + "}"
}

// GoString implements fmt.GoStringer for %#v with the same masking as
// String.
func (k Key) GoString() string {
	return "auth.Key{AccessKey:" + strconv.Quote(credentials.Mask(k.AccessKey)) +
		", SecretKey:" + strconv.Quote(hidden(k.SecretKey)) + ", Account:" + strconv.Quote(k.Account) + "}"
}

// Format implements fmt.Formatter so that every verb prints the masked
// form: %#v prints GoString, any other verb formats String as a string
// would be. The JSON form (configuration files) keeps both keys.
func (k Key) Format(f fmt.State, verb rune) {
	formatMasked(f, verb, k.String(), k.GoString())
}

// LogValue implements slog.LogValuer: a group with the masked access_key,
// the hidden secret_key and the account.
func (k Key) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key", credentials.Mask(k.AccessKey)),
		slog.String("secret_key", hidden(k.SecretKey)),
		slog.String("account", k.Account),
	)
}

// String describes the verifier without its keys (a map keyed by access
// key), for example "auth.Verifier{keys:2}".
func (v *Verifier) String() string {
	if v == nil {
		return "<nil>"
	}
	v.mu.RLock()
	n := len(v.keys)
	v.mu.RUnlock()
	return "auth.Verifier{keys:" + strconv.Itoa(n) + "}"
}

// Format implements fmt.Formatter: every verb prints String, so that
// neither the access keys nor the secrets show.
func (v *Verifier) Format(f fmt.State, verb rune) {
	s := v.String()
	formatMasked(f, verb, s, s)
}

// LogValue implements slog.LogValuer with String.
func (v *Verifier) LogValue() slog.Value { return slog.StringValue(v.String()) }

// formatMasked writes goString for %#v and str, formatted as a string,
// for any other verb.
func formatMasked(f fmt.State, verb rune, str, goString string) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, goString)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), str)
}
