package plain

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// jwtHeader is the encoded header of every token: {"alg":"HS256","typ":"JWT"}.
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// Signer signs API 2.0 requests for one pair of keys, by hand.
type Signer struct {
	secret []byte
	// claimsPrefix is the start of every token's claims, up to the
	// nonce's opening quote.
	claimsPrefix []byte
}

// NewSigner returns the Signer of the keys.
func NewSigner(accessKey, secretKey string) *Signer {
	quoted, _ := json.Marshal(accessKey) // a string always marshals
	prefix := append(append([]byte(`{"access_key":`), quoted...), `,"nonce":"`...)
	return &Signer{secret: []byte(secretKey), claimsPrefix: prefix}
}

// Authorization returns the Authorization header of a request: "Bearer "
// and an HS256 JWT whose claims are access_key, nonce (a random UUID v4),
// timestamp (Unix milliseconds) and, when hashString is not empty,
// query_hash (the hex SHA-512 of hashString) and query_hash_alg SHA512.
// hashString is the request's query string, or for a JSON body its
// members as key=value joined by "&" in the order sent.
func (s *Signer) Authorization(hashString string) string {
	var id [16]byte
	_, _ = rand.Read(id[:])   // never fails: crypto/rand crashes the program instead
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 9562 variant
	claims := make([]byte, 0, 320)
	claims = append(claims, s.claimsPrefix...)
	claims = hex.AppendEncode(claims, id[0:4])
	claims = append(claims, '-')
	claims = hex.AppendEncode(claims, id[4:6])
	claims = append(claims, '-')
	claims = hex.AppendEncode(claims, id[6:8])
	claims = append(claims, '-')
	claims = hex.AppendEncode(claims, id[8:10])
	claims = append(claims, '-')
	claims = hex.AppendEncode(claims, id[10:16])
	claims = append(claims, `","timestamp":`...)
	claims = strconv.AppendInt(claims, time.Now().UnixMilli(), 10)
	if hashString != "" {
		sum := sha512.Sum512([]byte(hashString))
		claims = append(claims, `,"query_hash":"`...)
		claims = hex.AppendEncode(claims, sum[:])
		claims = append(claims, `","query_hash_alg":"SHA512"`...)
	}
	claims = append(claims, '}')

	tok := make([]byte, 0, 640)
	tok = append(tok, "Bearer "...)
	tok = append(tok, jwtHeader...)
	tok = append(tok, '.')
	tok = base64.RawURLEncoding.AppendEncode(tok, claims)
	mac := hmac.New(sha256.New, s.secret)
	mac.Write(tok[len("Bearer "):])
	tok = append(tok, '.')
	tok = base64.RawURLEncoding.AppendEncode(tok, mac.Sum(nil))
	return string(tok)
}
