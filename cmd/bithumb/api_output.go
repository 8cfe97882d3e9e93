package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/credentials"
)

// writeStatusAndHeaders writes the status line and the headers of resp,
// sorted by name, and a blank line, as `api -i` prints them before the
// body.
func writeStatusAndHeaders(w io.Writer, resp *bithumb.RawResponse) error {
	var b strings.Builder
	proto := resp.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&b, "%s %d %s\n", proto, resp.StatusCode, http.StatusText(resp.StatusCode))
	writeHeaders(&b, "", resp.Header)
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeHeaders writes h sorted by name, one "Name: value" line per value,
// each line after prefix.
func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range h[name] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, v)
		}
	}
}

// verboseTransport writes the request line and the headers of every
// attempt to w, with the credentials redacted (see redactHeader), before
// handing the request to next.
type verboseTransport struct {
	next http.RoundTripper
	mu   sync.Mutex // one request's lines together
	w    io.Writer
}

// newVerboseTransport returns a verboseTransport writing to w over the
// client's default transport (bithumb.NewTransport), timeouts included.
func newVerboseTransport(w io.Writer) *verboseTransport {
	return &verboseTransport{next: bithumb.NewTransport(), w: w}
}

// RoundTrip prints req and sends it.
func (t *verboseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s %s\n", req.Method, req.URL.RequestURI(), req.Proto)
	fmt.Fprintf(&b, "> Host: %s\n", req.URL.Host)
	h := req.Header.Clone()
	for name := range h {
		for i, v := range h[name] {
			h[name][i] = redactHeader(name, v)
		}
	}
	writeHeaders(&b, "> ", h)
	b.WriteString(">\n")
	t.mu.Lock()
	_, _ = io.WriteString(t.w, b.String()) // a lost log line does not stop the request
	t.mu.Unlock()
	return t.next.RoundTrip(req)
}

// redactHeader returns the value of header name as --verbose shows it:
// the JWT of Authorization and the legacy signature hidden, the access
// key masked, anything else as it is.
func redactHeader(name, value string) string {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization":
		scheme, _, _ := strings.Cut(value, " ")
		return scheme + " [redacted]"
	case "Api-Sign":
		return "[redacted]"
	case "Api-Key":
		return credentials.Mask(value)
	}
	return value
}
