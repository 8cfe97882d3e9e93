package directhttp

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
)

// writeRequest writes req, a request that check accepted (its method and
// header field names are tokens, its values have no line breaks), to w in
// HTTP/1.1, byte for byte as req.Write does, for the requests an API
// client sends: a known body length (or no body), no Transfer-Encoding (so
// no trailers), no "Connection: close", not CONNECT, a plain ASCII host.
// It reports false, having written and read nothing, for any other
// request, which req.Write then writes. Like req.Write, it closes req's
// body.
func writeRequest(w *bufio.Writer, req *http.Request) (handled bool, err error) {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	bodyLen := req.ContentLength
	hasBody := req.Body != nil && req.Body != http.NoBody
	uri := req.URL.RequestURI()
	switch {
	case req.Close, len(req.TransferEncoding) > 0, method == http.MethodConnect,
		hasBody && bodyLen <= 0, !hasBody && bodyLen != 0,
		!isPlainHost(host), containsCTL(uri):
		return false, nil
	}
	userAgent := "Go-http-client/1.1"
	if _, ok := req.Header["User-Agent"]; ok {
		userAgent = textproto.TrimString(req.Header.Get("User-Agent"))
	}

	w.WriteString(method)
	w.WriteByte(' ')
	w.WriteString(uri)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(host)
	w.WriteString("\r\n")
	if userAgent != "" {
		w.WriteString("User-Agent: ")
		w.WriteString(userAgent)
		w.WriteString("\r\n")
	}
	if bodyLen > 0 || method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch {
		w.WriteString("Content-Length: ")
		w.Write(strconv.AppendInt(w.AvailableBuffer(), bodyLen, 10))
		w.WriteString("\r\n")
	}
	writeHeader(w, req.Header)
	_, err = w.WriteString("\r\n")
	if hasBody {
		err = writeBody(w, req.Body, bodyLen, err)
	}
	return true, err
}

// writeBody copies exactly n bytes of body to w (unless err is already
// set), checks that body has no more, and closes body, as req.Write does.
func writeBody(w *bufio.Writer, body io.ReadCloser, n int64, err error) error {
	if err == nil {
		var copied int64
		copied, err = io.Copy(w, io.LimitReader(body, n))
		if err == nil {
			var extra int64
			extra, err = io.Copy(io.Discard, body)
			copied += extra
		}
		if err == nil && copied != n {
			err = fmt.Errorf("http: ContentLength=%d with Body length %d", n, copied)
		}
	}
	if closeErr := body.Close(); err == nil {
		err = closeErr
	}
	return err
}

// excluded are the header fields that writeRequest writes from the
// request's other fields, or never (as req.Write).
var excluded = map[string]bool{"Host": true, "User-Agent": true, "Content-Length": true, "Transfer-Encoding": true, "Trailer": true}

// writeHeader writes the fields of h, but the excluded, sorted by name.
func writeHeader(w *bufio.Writer, h http.Header) {
	var buf [16]string
	keys := buf[:0]
	for k := range h {
		if !excluded[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			w.WriteString(k)
			w.WriteString(": ")
			w.WriteString(textproto.TrimString(v))
			w.WriteString("\r\n")
		}
	}
}

// checkHeader returns an error for a header that net/http's Transport
// refuses to send: a field name that is not a token, or a value with a
// control character other than tab. The error names the field, never
// its value (an Authorization header holds a token).
func checkHeader(h http.Header) error {
	for k, vs := range h {
		if !isToken(k) {
			return fmt.Errorf("directhttp: invalid header field name %q", k)
		}
		for _, v := range vs {
			for i := 0; i < len(v); i++ {
				if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
					return fmt.Errorf("directhttp: invalid header field value for %q", k)
				}
			}
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || !tokenChar[c] {
			return false
		}
	}
	return s != ""
}

var tokenChar = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// isPlainHost reports whether host is a name or IPv4 address with an
// optional port, or a bracketed IPv6 address without a zone: text that
// req.Write sends unchanged.
func isPlainHost(host string) bool {
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_') {
			return false
		}
	}
	return host != ""
}

// containsCTL reports whether s has an ASCII control character.
func containsCTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}
