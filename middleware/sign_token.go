package middleware

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// This file assembles Bithumb's JWT: the header is a constant, the claims
// are appended as JSON text in their fixed order without reflection, and
// golang-jwt's HS256 signing method signs the result.

// jwtHeaderSegment is the first segment of every token: the base64url form
// of {"alg":"HS256","typ":"JWT"}, the header golang-jwt writes for HS256.
const jwtHeaderSegment = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// Token returns a signed JWT for a request whose parameters have the given
// hash string (the output of QueryHashString or BodyHashString, not its
// digest).
//
// The payload holds, in this order, access_key, a fresh nonce, and
// timestamp (the clock in Unix milliseconds, a JSON number); when
// hashString is non-empty it also holds query_hash = QueryHash(hashString)
// and query_hash_alg = "SHA512". It carries none of the registered claims
// (exp, iat, nbf, ...): Bithumb's tokens have none, and its server bounds
// their age by timestamp. Call Token("") for a request without parameters,
// such as the private WebSocket handshake. The header is
// {"alg":"HS256","typ":"JWT"}; the signature is made by github.com/golang-jwt/jwt/v5's
// HS256 method (HMAC-SHA256 with the secret key); all three parts are
// base64url without padding.
//
// Errors come from the nonce function (wrapped); they never contain the
// token, the nonce or the secret.
func (s *JWTSigner) Token(hashString string) (string, error) {
	var digest *[sha512.Size]byte
	if hashString != "" {
		sum := sha512.Sum512([]byte(hashString))
		digest = &sum
	}
	var b strings.Builder
	if err := s.writeToken(&b, "", digest); err != nil {
		return "", err
	}
	return b.String(), nil
}

// writeToken writes prefix and a signed token to b. digest is the SHA-512
// of the hash string, or nil for a request without parameters. The
// signing string handed to golang-jwt is a part of b's string, so the
// token costs b's one buffer and no copies.
func (s *JWTSigner) writeToken(b *strings.Builder, prefix string, digest *[sha512.Size]byte) error {
	var claimsBuf [384]byte
	claims, err := s.appendClaims(claimsBuf[:0], digest)
	if err != nil {
		return err
	}
	var signingBuf [640]byte
	signing := append(signingBuf[:0], jwtHeaderSegment+"."...)
	signing = base64.RawURLEncoding.AppendEncode(signing, claims)
	sigLen := base64.RawURLEncoding.EncodedLen(sha256.Size)
	b.Grow(len(prefix) + len(signing) + 1 + sigLen)
	b.WriteString(prefix)
	start := b.Len()
	b.Write(signing)
	sig, err := jwt.SigningMethodHS256.Sign(b.String()[start:], s.secret.key)
	if err != nil {
		// Unreachable: the key is a byte slice and SHA-256 is linked in.
		// The library's error holds neither key nor data.
		return fmt.Errorf("middleware: signing JWT: %w", err)
	}
	var sigBuf [64]byte
	b.WriteByte('.')
	b.Write(base64.RawURLEncoding.AppendEncode(sigBuf[:0], sig))
	return nil
}

// appendClaims appends the JSON payload of a token, the same text that
// encoding/json writes for the claims in their documented order.
func (s *JWTSigner) appendClaims(dst []byte, digest *[sha512.Size]byte) ([]byte, error) {
	dst = append(dst, `{"access_key":`...)
	dst = appendJSONString(dst, *s.accessKey)
	dst = append(dst, `,"nonce":`...)
	dst, err := s.appendNonce(dst)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, s.now().UnixMilli(), 10)
	if digest != nil {
		dst = append(dst, `,"query_hash":"`...)
		dst = hex.AppendEncode(dst, digest[:])
		dst = append(dst, `","query_hash_alg":"`+queryHashAlg+`"`...)
	}
	return append(dst, '}'), nil
}

// appendNonce appends a fresh nonce as a JSON string: a random UUID, or
// the result of the function given to WithJWTNonceFunc.
func (s *JWTSigner) appendNonce(dst []byte) ([]byte, error) {
	if s.nonce == nil {
		u, err := uuid.NewRandom()
		if err != nil {
			return dst, fmt.Errorf("middleware: generating JWT nonce: %w", err)
		}
		dst = append(dst, '"')
		dst = appendUUID(dst, u)
		return append(dst, '"'), nil
	}
	nonce, err := s.nonce()
	if err != nil {
		return dst, fmt.Errorf("middleware: generating JWT nonce: %w", err)
	}
	if nonce == "" {
		return dst, errors.New("middleware: generating JWT nonce: empty nonce")
	}
	return appendJSONString(dst, nonce), nil
}

// appendUUID appends u in its canonical text form, 36 characters of
// lower-case hex in groups of 8-4-4-4-12, as u.String() gives it but
// without allocating a string.
func appendUUID(dst []byte, u uuid.UUID) []byte {
	dst = hex.AppendEncode(dst, u[0:4])
	for _, group := range [...][2]int{{4, 6}, {6, 8}, {8, 10}, {10, 16}} {
		dst = append(dst, '-')
		dst = hex.AppendEncode(dst, u[group[0]:group[1]])
	}
	return dst
}

// appendJSONString appends s as a JSON string, exactly as encoding/json
// writes it. Keys and UUIDs are plain ASCII and are copied between quotes;
// any other text is left to encoding/json (its escaping of <, >, &,
// control characters, U+2028, U+2029 and invalid UTF-8).
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, _ := json.Marshal(s) // a string always marshals
			return append(dst, quoted...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
