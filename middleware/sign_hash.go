package middleware

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// This file builds the "hash string" of Bithumb API 2.0 JWT authentication:
// the text whose SHA-512 goes into the query_hash claim. Bithumb's server
// recomputes it from the decoded parameters it received, serialised as raw
// key=value pairs in received order (shared/bithumb/REST.md §4.2). Two forms of a query
// therefore exist and must not be confused:
//
//   - the wire form, placed after "?" in the URL: keys with literal brackets
//     (uuids[]=a), values percent-encoded like JavaScript encodeURIComponent
//     (next_key=page%2B%2F%3D%3D); see CanonicalQuery;
//   - the hash form, which is hashed and never sent: the same pairs in the
//     same order, keys and values decoded to their raw text
//     (next_key=page+/==, Korean text as raw UTF-8); see QueryHashString.

// maxSignBodyDepth bounds the nesting of JSON bodies walked by BodyHashString.
const maxSignBodyDepth = 32

// maxHashStringSize bounds the hash string of a body. Array elements repeat
// their key, so a hash string can be longer than its body; this stops a
// malformed body (a long key with many elements) from using unbounded memory.
const maxHashStringSize = 4 << 20

// errSignBodyNotObject is returned (wrapped) when a body is not a JSON object.
var errSignBodyNotObject = errors.New("middleware: request body is not a JSON object")

// signQueryPair is one decoded key=value pair of a URL query.
type signQueryPair struct {
	key, value string
}

// signParseQuery splits a raw URL query on "&" and decodes each key and
// value with url.QueryUnescape, keeping the received order. Empty segments
// ("a=1&&b=2") are dropped; a segment without "=" is a key with an empty
// value. Errors name the position of the bad pair, never its text.
func signParseQuery(rawQuery string) ([]signQueryPair, error) {
	var pairs []signQueryPair
	n := 0
	for seg := range strings.SplitSeq(rawQuery, "&") {
		if seg == "" {
			continue
		}
		n++
		k, v, _ := strings.Cut(seg, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("middleware: query parameter %d: invalid percent-encoding in key", n)
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("middleware: query parameter %d: invalid percent-encoding in value", n)
		}
		pairs = append(pairs, signQueryPair{key: key, value: value})
	}
	return pairs, nil
}

// QueryHashString returns the hash string of a URL query: the decoded
// key=value pairs of rawQuery, in the order received, joined by "&".
//
// rawQuery is a query as it goes on the wire (url.URL.RawQuery, without
// "?"). It may be in canonical form (see CanonicalQuery) or percent-encoded
// by another encoder such as url.Values.Encode: both give the same result.
// Keys and values are decoded with url.QueryUnescape, so "%5B%5D" becomes
// "[]", "%2B" becomes "+", and a literal "+" becomes a space (the
// application/x-www-form-urlencoded rule that Go's encoders follow).
// Values are not re-encoded: "next_key=page%2B%2F%3D%3D" gives
// "next_key=page+/==", and Korean text gives its raw UTF-8 bytes. A pair
// without "=" is hashed as "key=" and empty pairs are dropped, exactly as
// CanonicalQuery writes them, so QueryHashString(CanonicalQuery(q)) equals
// QueryHashString(q).
//
// The only error is invalid percent-encoding; it names the position of the
// bad pair and never its text.
func QueryHashString(rawQuery string) (string, error) {
	pairs, err := signParseQuery(rawQuery)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String(), nil
}

// CanonicalQuery rewrites a raw URL query into the form this package puts on
// the wire for Bithumb: the same pairs in the same order; keys with literal
// brackets ("uuids[]=a&uuids[]=b", as in Bithumb's official samples, where a
// generated client would send "uuids%5B%5D=a"); keys and values otherwise
// percent-encoded like JavaScript's encodeURIComponent: the characters
// A-Z a-z 0-9 - _ . ! ~ * ' ( ) are left alone and every other byte becomes
// %XX (upper-case hex), so a space becomes "%20" and "KRW-BTC,KRW-ETH"
// becomes "KRW-BTC%2CKRW-ETH". The decoding rules are those of
// QueryHashString (a literal "+" is a space; a pair without "=" gets one;
// empty pairs are dropped).
//
// CanonicalQuery is idempotent, and the hash string of its result equals the
// hash string of its input. It returns "" for an empty query. The only
// error is invalid percent-encoding; it never contains the query text.
func CanonicalQuery(rawQuery string) (string, error) {
	pairs, err := signParseQuery(rawQuery)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(rawQuery))
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		appendURIComponent(&b, p.key, true)
		b.WriteByte('=')
		appendURIComponent(&b, p.value, false)
	}
	return b.String(), nil
}

// appendURIComponent writes s percent-encoded like JavaScript's
// encodeURIComponent (byte-wise on the UTF-8 text). With keepBrackets, "["
// and "]" are written literally, for parameter names such as "uuids[]".
func appendURIComponent(b *strings.Builder, s string, keepBrackets bool) {
	const upperhex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isURIComponentUnreserved(c) || (keepBrackets && (c == '[' || c == ']')) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperhex[c>>4])
		b.WriteByte(upperhex[c&0x0f])
	}
}

// isURIComponentUnreserved reports whether encodeURIComponent leaves c as is.
func isURIComponentUnreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', '!', '~', '*', '\'', '(', ')':
		return true
	}
	return false
}

// BodyHashString returns the hash string of a JSON request body, which must
// be a JSON object. Pairs are written in the order of the body's keys, joined
// by "&", with keys and values raw (never percent-encoded):
//
//   - a string is written as its decoded text: {"memo":"빗썸"} → memo=빗썸;
//   - a number is written as its literal JSON text, never through float64:
//     84000000, 0.001 and 1.4E-7 stay exactly as written in the body;
//   - a boolean is written as true or false;
//   - null is skipped, key included ({"a":null,"b":1} → b=1), also inside
//     arrays and nested objects;
//   - an array of scalars repeats the key with "[]":
//     {"order_ids":["a","b"]} → order_ids[]=a&order_ids[]=b;
//   - an array element that is an object or an array is indexed by its
//     position in the array: {"batch_orders":[{"market":"KRW-BTC"},{...}]}
//     → batch_orders[0][market]=KRW-BTC&batch_orders[1][...]=...;
//   - an object that is not in an array nests its keys in brackets:
//     {"a":{"b":1}} → a[b]=1;
//   - empty arrays and empty objects write nothing, so {} gives "".
//
// Duplicate keys are written each time they appear. Body text that is not
// a single JSON object (an array, a scalar, trailing data, invalid JSON, or
// nesting deeper than 32 levels) is an error, and so is a hash string longer
// than 4 MiB; errors never contain the body text.
func BodyHashString(body []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("%w: %s", errSignBodyNotObject, signJSONErrText(err))
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", errSignBodyNotObject
	}
	w := signBodyWalker{dec: dec}
	if err := w.object("", 1); err != nil {
		return "", err
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("%w: trailing data after the object", errSignBodyNotObject)
	}
	return w.b.String(), nil
}

// signBodyWalker walks a JSON body token by token and writes its hash string.
type signBodyWalker struct {
	dec *json.Decoder
	b   strings.Builder
}

// object walks the members of an object whose "{" was already read. prefix
// is "" at the top level; otherwise member names are bracketed after it.
func (w *signBodyWalker) object(prefix string, depth int) error {
	if depth > maxSignBodyDepth {
		return fmt.Errorf("middleware: request body nests deeper than %d levels", maxSignBodyDepth)
	}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return w.syntaxErr(err)
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("%w: invalid object key", errSignBodyNotObject)
		}
		name := key
		if prefix != "" {
			name = prefix + "[" + key + "]"
		}
		tok, err = w.dec.Token()
		if err != nil {
			return w.syntaxErr(err)
		}
		if err := w.value(name, tok, depth); err != nil {
			return err
		}
	}
	return w.closing('}')
}

// array walks the elements of an array whose "[" was already read.
func (w *signBodyWalker) array(name string, depth int) error {
	if depth > maxSignBodyDepth {
		return fmt.Errorf("middleware: request body nests deeper than %d levels", maxSignBodyDepth)
	}
	scalarName := name + "[]"
	for i := 0; w.dec.More(); i++ {
		tok, err := w.dec.Token()
		if err != nil {
			return w.syntaxErr(err)
		}
		elem := scalarName
		if _, compound := tok.(json.Delim); compound {
			elem = name + "[" + strconv.Itoa(i) + "]"
		}
		if err := w.value(elem, tok, depth); err != nil {
			return err
		}
	}
	return w.closing(']')
}

// value writes the pairs of one JSON value whose first token is tok.
func (w *signBodyWalker) value(name string, tok json.Token, depth int) error {
	var text string
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return w.object(name, depth+1)
		case '[':
			return w.array(name, depth+1)
		}
		return fmt.Errorf("%w: unexpected delimiter", errSignBodyNotObject)
	case nil:
		return nil // null: the key is skipped
	case string:
		text = v
	case json.Number:
		text = v.String()
	case bool:
		text = strconv.FormatBool(v)
	default:
		return fmt.Errorf("%w: unexpected token", errSignBodyNotObject)
	}
	if w.b.Len()+len(name)+len(text)+2 > maxHashStringSize {
		return fmt.Errorf("middleware: request body hash string exceeds %d bytes", maxHashStringSize)
	}
	if w.b.Len() > 0 {
		w.b.WriteByte('&')
	}
	w.b.WriteString(name)
	w.b.WriteByte('=')
	w.b.WriteString(text)
	return nil
}

// closing reads the delimiter that ends the current object or array.
func (w *signBodyWalker) closing(want json.Delim) error {
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntaxErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("%w: unbalanced %q", errSignBodyNotObject, string(want))
	}
	return nil
}

// syntaxErr wraps a decoder error without the body text.
func (w *signBodyWalker) syntaxErr(err error) error {
	return fmt.Errorf("%w: %s", errSignBodyNotObject, signJSONErrText(err))
}

// signJSONErrText describes a decoder error by kind and offset only. The
// messages of encoding/json may quote a piece of the input (for example
// "invalid character 'x'"), and a body may carry private data, so only the
// byte offset of a syntax error is kept.
func signJSONErrText(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return "invalid JSON at byte offset " + strconv.FormatInt(se.Offset, 10)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of JSON input"
	default:
		return "invalid JSON"
	}
}

// QueryHash returns the query_hash claim for a hash string: the SHA-512
// digest of its UTF-8 bytes, as 128 lower-case hex characters. hashString
// is the output of QueryHashString or BodyHashString. A request without
// parameters gets no query_hash claim at all, rather than the digest of ""
// (see JWTSigner.Token).
func QueryHash(hashString string) string {
	sum := sha512.Sum512([]byte(hashString))
	return hex.EncodeToString(sum[:])
}

// signingSecret holds a signing secret behind a pointer, so that printing a
// signer with fmt (which reads unexported fields by reflection and never
// calls their methods) shows an address, never the key.
type signingSecret struct{ b []byte }
