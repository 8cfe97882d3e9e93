package directhttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
)

// readResponse reads the response to req from br as http.ReadResponse
// does, parsing the common case itself (see parseResponse) and handing
// every other response to http.ReadResponse.
func readResponse(br *bufio.Reader, req *http.Request) (*http.Response, error) {
	if _, err := br.Peek(1); err != nil {
		// Peek consumed the error: answer as http.ReadResponse would.
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	buffered, _ := br.Peek(br.Buffered())
	if resp, n, ok := parseResponse(buffered, req); ok {
		br.Discard(n)
		if resp.ContentLength > 0 {
			resp.Body = &lengthBody{br: br, left: resp.ContentLength}
		}
		return resp, nil
	}
	return http.ReadResponse(br, req)
}

// parseResponse parses a response header that is all in buf, and returns
// the response (without its body, unless it has none) and the header's
// length. It parses only what http.ReadResponse reads the same way, and
// reports false for anything else:
//   - the status line is "HTTP/1.1", three digits of a final status other
//     than 204 and 304, and an optional reason, to a response that is not
//     to a HEAD request;
//   - every line ends with CR LF, and holds no other CR, LF or control
//     character but tab, nor any byte beyond ASCII;
//   - every field is a token, a colon and a value, not continued on the
//     next line;
//   - Content-Length appears once, with digits only; Transfer-Encoding,
//     Connection, Trailer and Pragma do not appear (net/http rewrites
//     them).
func parseResponse(buf []byte, req *http.Request) (resp *http.Response, n int, ok bool) {
	end := bytes.Index(buf, []byte("\r\n\r\n"))
	if end < 0 || req.Method == http.MethodHead {
		return nil, 0, false
	}
	head := buf[:end+2] // every line with its CR LF
	status, rest, _ := bytes.Cut(head, []byte("\r\n"))
	code, ok := parseStatusLine(status)
	if !ok {
		return nil, 0, false
	}
	// One string holds the names and values, one array the values.
	fields := bytes.Count(rest, []byte("\r\n"))
	text := string(rest)
	header := make(http.Header, fields)
	values := make([]string, fields)
	length := int64(-1)
	for i := 0; text != ""; i++ {
		var line string
		line, text, _ = strings.Cut(text, "\r\n")
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) || !plainValue(value) {
			return nil, 0, false
		}
		key := http.CanonicalHeaderKey(name) // name itself when canonical
		value = strings.Trim(value, " \t")
		switch key {
		case "Transfer-Encoding", "Connection", "Trailer", "Pragma":
			return nil, 0, false
		case "Content-Length":
			if length >= 0 {
				return nil, 0, false
			}
			if length, ok = parseLength(value); !ok {
				return nil, 0, false
			}
		}
		if vs := header[key]; vs != nil {
			header[key] = append(vs, value)
		} else {
			values[i] = value
			header[key] = values[i : i+1 : i+1]
		}
	}
	if length < 0 {
		return nil, 0, false
	}
	resp = &http.Response{
		Status: string(status[len("HTTP/1.1 "):]), StatusCode: code, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header, ContentLength: length, Request: req, Body: http.NoBody,
	}
	return resp, end + 4, true
}

// parseStatusLine parses "HTTP/1.1 NNN reason" (the reason may be absent
// or empty) of a final status other than 204 and 304.
func parseStatusLine(line []byte) (code int, ok bool) {
	const proto = "HTTP/1.1 "
	if len(line) < len(proto)+3 || string(line[:len(proto)]) != proto || !plainValue(line) {
		return 0, false
	}
	n, ok := parseLength(line[len(proto) : len(proto)+3])
	if !ok {
		return 0, false
	}
	code = int(n)
	rest := line[len(proto)+3:]
	if len(rest) > 0 && rest[0] != ' ' {
		return 0, false
	}
	if code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		return 0, false
	}
	return code, true
}

// plainValue reports whether v is printable ASCII and tabs only.
func plainValue[T string | []byte](v T) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < ' ' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

// parseLength parses 1 to 18 digits: a Content-Length, or a status code.
func parseLength[T string | []byte](v T) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// lengthBody is the body of a response with a Content-Length: left more
// bytes of br. It ends with io.EOF together with its last bytes, and with
// io.ErrUnexpectedEOF when the connection ends first, as net/http's bodies
// do.
type lengthBody struct {
	br   *bufio.Reader
	left int64
}

func (b *lengthBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.br.Read(p)
	b.left -= int64(n)
	switch {
	case err == io.EOF:
		err = io.ErrUnexpectedEOF
	case err == nil && b.left == 0:
		err = io.EOF
	}
	return n, err
}

// Close does nothing: the Transport's body wrapper owns the connection.
func (b *lengthBody) Close() error { return nil }
