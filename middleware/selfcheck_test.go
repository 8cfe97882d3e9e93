package middleware

import "testing"

// TestSelfCheckVectorsAreTheTestData holds SelfCheck's answers to the
// known-answer vectors that the signer tests use.
func TestSelfCheckVectorsAreTheTestData(t *testing.T) {
	v := loadSignVectors(t)
	q, tok, h := v.QueryHashes[0], v.JWTTokens[0], v.HMAC[0]
	for _, c := range []struct{ name, got, want string }{
		{"hash string", selfCheckHashString, q.HashString},
		{"query hash", selfCheckQueryHash, q.QueryHash},
		{"access key", selfCheckAccessKey, tok.AccessKey},
		{"JWT secret", selfCheckJWTSecret, tok.SecretKey},
		{"nonce", selfCheckNonce, tok.Nonce},
		{"URL", selfCheckURL, tok.URL},
		{"token", selfCheckToken, tok.Token},
		{"payload", selfCheckPayload, tok.Payload},
		{"connect key", selfCheckConnectKey, h.ConnectKey},
		{"HMAC secret", selfCheckHMACSecret, h.SecretKey},
		{"HMAC URL", selfCheckHMACURL, h.URL},
		{"HMAC body", selfCheckHMACBody, h.BodyIn},
		{"Api-Sign", selfCheckAPISign, h.APISign},
	} {
		if c.got != c.want {
			t.Errorf("SelfCheck's %s is %q, the test data's %q", c.name, c.got, c.want)
		}
	}
	if selfCheckTimestamp != tok.TimestampMS || selfCheckHMACNonce != h.NonceMS || tok.Method != "GET" || h.APIClientType != "0" {
		t.Error("SelfCheck's timestamps, method or separator differ from the test data")
	}
}

func TestSelfCheckPasses(t *testing.T) {
	if err := SelfCheck(); err != nil {
		t.Fatal(err)
	}
}
