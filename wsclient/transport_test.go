package wsclient

import (
	"testing"

	"github.com/bithumb-go/bithumb/internal/sysconn/sysconntest"
)

// TestDefaultHTTPClientConnections: the default HTTPClient of every
// Client uses one transport, whose connections are sysconn's.
func TestDefaultHTTPClientConnections(t *testing.T) {
	for range 2 {
		s, err := Options{}.normalize()
		if err != nil {
			t.Fatal(err)
		}
		if s.HTTPClient.Transport != defaultTransport() {
			t.Fatal("the default HTTPClient does not use the shared default transport")
		}
	}
	sysconntest.CheckDial(t, defaultTransport().DialContext)
}
