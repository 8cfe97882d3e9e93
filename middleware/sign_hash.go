package middleware

import (
	"crypto/sha512"
	"encoding/hex"
	"fmt"
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

// appendQueryForms appends the two forms of rawQuery in one pass: its wire
// form (CanonicalQuery) to wire and its hash string (QueryHashString) to
// hash. Each key and value is decoded with the rules of url.QueryUnescape,
// straight into hash, and re-encoded from there into wire. Errors name the
// position of the bad pair, never its text; the returned slices then hold
// partial output and must be discarded.
func appendQueryForms(wire, hash []byte, rawQuery string) ([]byte, []byte, error) {
	n := 0
	for rest := rawQuery; rest != ""; {
		var seg string
		seg, rest, _ = strings.Cut(rest, "&")
		if seg == "" {
			continue
		}
		n++
		if n > 1 {
			wire = append(wire, '&')
			hash = append(hash, '&')
		}
		k, v, _ := strings.Cut(seg, "=")
		start := len(hash)
		var ok bool
		if hash, ok = appendQueryUnescape(hash, k); !ok {
			return wire, hash, fmt.Errorf("middleware: query parameter %d: invalid percent-encoding in key", n)
		}
		wire = appendURIComponent(wire, hash[start:], true)
		wire = append(wire, '=')
		hash = append(hash, '=')
		start = len(hash)
		if hash, ok = appendQueryUnescape(hash, v); !ok {
			return wire, hash, fmt.Errorf("middleware: query parameter %d: invalid percent-encoding in value", n)
		}
		wire = appendURIComponent(wire, hash[start:], false)
	}
	return wire, hash, nil
}

// appendQueryUnescape appends s decoded as url.QueryUnescape decodes it: "+"
// is a space and "%XX" is the byte 0xXX. It reports false for a "%" that is
// not followed by two hex digits.
func appendQueryUnescape(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			dst = append(dst, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return dst, false
			}
			dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

// isHex reports whether c is a hex digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unhex returns the value of the hex digit c.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
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
	_, hash, err := appendQueryForms(nil, nil, rawQuery)
	if err != nil {
		return "", err
	}
	return string(hash), nil
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
	wire, _, err := appendQueryForms(make([]byte, 0, len(rawQuery)), nil, rawQuery)
	if err != nil {
		return "", err
	}
	return string(wire), nil
}

// appendURIComponent appends s percent-encoded like JavaScript's
// encodeURIComponent (byte-wise on the UTF-8 text). With keepBrackets, "["
// and "]" are written literally, for parameter names such as "uuids[]".
func appendURIComponent(dst, s []byte, keepBrackets bool) []byte {
	const upperhex = "0123456789ABCDEF"
	for _, c := range s {
		if isURIComponentUnreserved(c) || (keepBrackets && (c == '[' || c == ']')) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperhex[c>>4], upperhex[c&0x0f])
	}
	return dst
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
//
// key holds the same bytes as an interface value for
// jwt.SigningMethod.Sign, converted once rather than on every token.
type signingSecret struct {
	b   []byte
	key any
}

// newSigningSecret returns the signing secret of a secret key.
func newSigningSecret(secretKey string) *signingSecret {
	b := []byte(secretKey)
	return &signingSecret{b: b, key: b}
}
