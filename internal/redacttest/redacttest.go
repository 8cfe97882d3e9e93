// Package redacttest checks, for the tests of this module, that values
// holding API keys print and log without them: with every fmt verb and
// through log/slog's JSON and text handlers.
//
// A failure never shows a key: the report quotes the output with every
// key replaced by a placeholder.
package redacttest

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Verbs are the fmt verbs, flags and widths that Check formats with.
var Verbs = []string{
	"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "% x", "%#x", "%+q", "%#q",
	"%d", "%t", "%p", "%e", "%c", "%U", "%10v", "%-80s", "%.100s", "%08v", "%T",
}

// Check formats v with each of Verbs and with fmt.Sprint, fmt.Sprintln
// and fmt.Errorf, and logs it through slog's JSON and text handlers in
// several ways (as an attribute, with slog.Any, in a group, with With,
// inside a struct). It fails t for every output that shows one of
// secrets, in plain text, quoted, or hex-encoded (a %x of a struct
// encodes its strings). Empty secrets are ignored. name labels the
// failures.
func Check(t testing.TB, name string, v any, secrets ...string) {
	t.Helper()
	CheckWith(t, Options{}, name, v, secrets...)
}

// Options narrow what CheckWith checks, for types that cannot keep their
// keys from every way of printing: a struct whose exported fields are the
// keys (a configuration type) is printed field by field by fmt when a
// verb does not apply to it (%p on a value), and encoded by encoding/json
// when slog's JSON handler meets it inside another value.
type Options struct {
	// Verbs replaces Verbs when set.
	Verbs []string
	// SkipNestedJSON leaves out logging v inside a struct through the
	// JSON handler: slog resolves a LogValuer only at the top of an
	// attribute, so that case depends on MarshalJSON, not on LogValue.
	SkipNestedJSON bool
	// SkipJSON leaves out the JSON handler altogether, for values such
	// as a slice of keys that the handler encodes with encoding/json.
	SkipJSON bool
}

// CheckWith is Check narrowed by opts.
func CheckWith(t testing.TB, opts Options, name string, v any, secrets ...string) {
	t.Helper()
	verbs := opts.Verbs
	if verbs == nil {
		verbs = Verbs
	}
	for _, verb := range verbs {
		Assert(t, name+" "+verb, fmt.Sprintf(verb, v), secrets...)
	}
	Assert(t, name+" Sprint", fmt.Sprint(v), secrets...)
	Assert(t, name+" Sprintln", fmt.Sprintln(v, v), secrets...)
	Assert(t, name+" Errorf", fmt.Errorf("using %v: %w", v, errors.New("boom")).Error(), secrets...)
	if !opts.SkipJSON {
		Assert(t, name+" slog JSON", log(v, true, !opts.SkipNestedJSON), secrets...)
	}
	Assert(t, name+" slog text", log(v, false, true), secrets...)
}

// Without returns Verbs without the given ones.
func Without(verbs ...string) []string {
	var out []string
	for _, v := range Verbs {
		if !slices.Contains(verbs, v) {
			out = append(out, v)
		}
	}
	return out
}

// Log returns what slog's JSON (json true) or text handler writes when v
// is logged in the usual ways, Check's inside-a-struct case included.
func Log(v any, json bool) string { return log(v, json, true) }

func log(v any, json, nested bool) string {
	var buf bytes.Buffer
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	var h slog.Handler = slog.NewTextHandler(&buf, opts)
	if json {
		h = slog.NewJSONHandler(&buf, opts)
	}
	logger := slog.New(h)
	logger.Info("attr", "value", v)
	logger.Info("any", slog.Any("value", v))
	logger.Debug("group", slog.Group("g", "value", v))
	logger.With("value", v).Warn("with")
	if nested {
		logger.Error("nested", "value", struct{ V any }{v})
	}
	return buf.String()
}

// Assert fails t when out shows one of secrets (see Check). The failure
// quotes out with the secrets replaced by <secret 1>, <secret 2>...
func Assert(t testing.TB, name, out string, secrets ...string) {
	t.Helper()
	if leaked := Leaks(out, secrets...); len(leaked) > 0 {
		t.Errorf("%s shows %s:\n%s", name, strings.Join(leaked, ", "), Redact(out, secrets...))
	}
}

// Leaks returns the placeholders of the secrets that out shows.
func Leaks(out string, secrets ...string) []string {
	var leaked []string
	for i, s := range secrets {
		for _, form := range forms(s) {
			if strings.Contains(out, form) {
				leaked = append(leaked, placeholder(i))
				break
			}
		}
	}
	return leaked
}

// Redact returns out with every form of every secret replaced by its
// placeholder, so that it can be printed.
func Redact(out string, secrets ...string) string {
	for i, s := range secrets {
		for _, form := range forms(s) {
			out = strings.ReplaceAll(out, form, placeholder(i))
		}
	}
	return out
}

func placeholder(i int) string { return "<secret " + strconv.Itoa(i+1) + ">" }

// forms are the ways fmt and slog may show s: as is, quoted (without the
// quotes), and hex-encoded in lower or upper case, with or without spaces.
func forms(s string) []string {
	if s == "" {
		return nil
	}
	quoted := strconv.Quote(s)
	h := hex.EncodeToString([]byte(s))
	spaced := strings.TrimSpace(fmt.Sprintf("% x", s))
	return []string{s, quoted[1 : len(quoted)-1], h, strings.ToUpper(h), spaced, strings.ToUpper(spaced)}
}
