package auth

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// maxDepth bounds the nesting of a JSON body walked for its hash string.
const maxDepth = 32

// ErrBodyNotObject is returned by BodyHashString for a body that is not a
// single JSON object.
var ErrBodyNotObject = errors.New("auth: body is not a JSON object")

// SHA512Hex returns the lower-case hex SHA-512 digest of s, the form of
// the query_hash claim.
func SHA512Hex(s string) string {
	sum := sha512.Sum512([]byte(s))
	return hex.EncodeToString(sum[:])
}

// DecodedQueryString returns the hash string of a raw URL query: each
// "&"-separated pair split at the first "=", key and value decoded with
// unescape, re-joined in received order. Empty segments are skipped.
func decodedQueryString(rawQuery string, unescape func(string) (string, error)) (string, bool) {
	var b strings.Builder
	first := true
	for _, seg := range strings.Split(rawQuery, "&") {
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		dk, err := unescape(k)
		if err != nil {
			return "", false
		}
		dv, err := unescape(v)
		if err != nil {
			return "", false
		}
		if !first {
			b.WriteByte('&')
		}
		first = false
		b.WriteString(dk)
		b.WriteByte('=')
		b.WriteString(dv)
	}
	return b.String(), true
}

// QueryHashString returns the canonical hash string of a raw query: the
// pairs decoded with url.QueryUnescape ("+" is a space, "%2B" a plus), in
// received order. ok is false when the query has invalid percent-encoding.
func QueryHashString(rawQuery string) (s string, ok bool) {
	return decodedQueryString(rawQuery, url.QueryUnescape)
}

// BodyHashString returns the hash string of a JSON object body (see the
// package documentation). It fails for anything but one JSON object.
func BodyHashString(body []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return "", ErrBodyNotObject
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", ErrBodyNotObject
	}
	var parts []string
	if err := walkObject(dec, "", 1, &parts); err != nil {
		return "", err
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", ErrBodyNotObject
	}
	return strings.Join(parts, "&"), nil
}

func walkObject(dec *json.Decoder, prefix string, depth int, parts *[]string) error {
	if depth > maxDepth {
		return ErrBodyNotObject
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ErrBodyNotObject
		}
		key, ok := tok.(string)
		if !ok {
			return ErrBodyNotObject
		}
		name := key
		if prefix != "" {
			name = prefix + "[" + key + "]"
		}
		tok, err = dec.Token()
		if err != nil {
			return ErrBodyNotObject
		}
		if err := walkValue(dec, name, tok, depth, parts); err != nil {
			return err
		}
	}
	return expectDelim(dec, '}')
}

func walkArray(dec *json.Decoder, name string, depth int, parts *[]string) error {
	if depth > maxDepth {
		return ErrBodyNotObject
	}
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		if err != nil {
			return ErrBodyNotObject
		}
		elem := name + "[]"
		if _, compound := tok.(json.Delim); compound {
			elem = name + "[" + strconv.Itoa(i) + "]"
		}
		if err := walkValue(dec, elem, tok, depth, parts); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func walkValue(dec *json.Decoder, name string, tok json.Token, depth int, parts *[]string) error {
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return walkObject(dec, name, depth+1, parts)
		case '[':
			return walkArray(dec, name, depth+1, parts)
		}
		return ErrBodyNotObject
	case nil:
		return nil
	case string:
		*parts = append(*parts, name+"="+v)
	case json.Number:
		*parts = append(*parts, name+"="+string(v))
	case bool:
		*parts = append(*parts, name+"="+strconv.FormatBool(v))
	default:
		return ErrBodyNotObject
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return ErrBodyNotObject
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return ErrBodyNotObject
	}
	return nil
}

// HashCandidates returns every hash string under which a request with the
// given raw query and JSON body (nil or empty for none) is accepted, and
// whether the request has parameters at all. A body that is not a JSON
// object contributes nothing.
func HashCandidates(rawQuery string, body []byte) (candidates []string, hasParams bool) {
	var queries []string
	if rawQuery != "" {
		if s, ok := QueryHashString(rawQuery); ok {
			queries = append(queries, s)
		}
		if s, ok := decodedQueryString(rawQuery, url.PathUnescape); ok {
			queries = append(queries, s)
		}
		queries = append(queries, rawQuery)
	}
	var bodyHS string
	if len(bytes.TrimSpace(body)) > 0 {
		if s, err := BodyHashString(body); err == nil {
			bodyHS = s
		}
	}
	hasParams = bodyHS != ""
	for _, q := range queries {
		if q != "" {
			hasParams = true
		}
	}
	if !hasParams {
		return nil, false
	}
	if bodyHS != "" {
		candidates = append(candidates, bodyHS)
	}
	for _, q := range queries {
		if q == "" {
			continue
		}
		candidates = append(candidates, q)
		if bodyHS != "" {
			candidates = append(candidates, q+"&"+bodyHS)
		}
	}
	return candidates, true
}
