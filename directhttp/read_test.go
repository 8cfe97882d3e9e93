package directhttp

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// outcome is what reading a response gives: its fields, its body read to
// the end, and what is left on the connection after it.
type outcome struct {
	err                     string
	status                  string
	code, major, minor      int
	proto                   string
	header                  http.Header
	length                  int64
	close                   bool
	transferEncoding        []string
	trailer                 http.Header
	body, bodyErr, leftover string
}

func readOutcome(read func(*bufio.Reader, *http.Request) (*http.Response, error), raw string, req *http.Request, oneByte bool) outcome {
	var r io.Reader = strings.NewReader(raw)
	if oneByte {
		r = iotest.OneByteReader(r)
	}
	br := bufio.NewReader(r)
	resp, err := read(br, req)
	if err != nil {
		return outcome{err: err.Error()}
	}
	body, bodyErr := io.ReadAll(resp.Body)
	rest, _ := io.ReadAll(br)
	o := outcome{status: resp.Status, code: resp.StatusCode, major: resp.ProtoMajor, minor: resp.ProtoMinor, proto: resp.Proto,
		header: resp.Header, length: resp.ContentLength, close: resp.Close, transferEncoding: resp.TransferEncoding,
		trailer: resp.Trailer, body: string(body), leftover: string(rest)}
	if bodyErr != nil {
		o.bodyErr = bodyErr.Error()
	}
	if resp.Request != req {
		o.err = "Request not set"
	}
	return o
}

// randomResponse returns the bytes of a response: mostly of the shape
// Bithumb and the simulator send, with a random twist.
func randomResponse(rng *rand.Rand) string {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	body := pick("", `{"ok":true}`, strings.Repeat("x", 5000), "[1,2,3]")
	var b strings.Builder
	if rng.IntN(2) == 0 { // an ordinary answer
		b.WriteString(pick("HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 400 Bad Request", "HTTP/1.1 500 "))
		for _, f := range []string{"Content-Type: application/json", "Date: Mon, 07 Dec 2026 00:00:00 GMT", "X-Ratelimit-Remaining: 9"} {
			if rng.IntN(2) == 0 {
				b.WriteString("\r\n" + f)
			}
		}
		fmt.Fprintf(&b, "\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		return b.String()
	}
	b.WriteString(pick("HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 429 Too Many Requests", "HTTP/1.1 500 ", "HTTP/1.1 200",
		"HTTP/1.0 200 OK", "HTTP/1.1 204 No Content", "HTTP/1.1 304 Not Modified", "HTTP/1.1 100 Continue", "HTTP/1.1 103 Early Hints",
		"HTTP/1.1  200 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 20x OK", "HTTP/2 200", "HTTP/1.1 200 OK\x00", "HTTP/1.1 200 Ok\xc3\xa9", "garbage"))
	b.WriteString(pick("\r\n", "\r\n", "\r\n", "\n"))
	fields := []string{
		"Content-Type: application/json", "content-type:application/json", "X-Ratelimit-Remaining: 9", "x-ratelimit-burst-capacity:  10  ",
		"Date: Mon, 07 Dec 2026 00:00:00 GMT", "X-Multi: a", "X-Multi: b", "X-Empty:", "X-Tab:\tv\t", "Connection: close",
		"Connection: keep-alive", "Transfer-Encoding: chunked", "Pragma: no-cache", "Trailer: X", "Bad Name: v", ": empty name",
		"No colon", " continued", "\tcontinued", "X-Ctl: a\x01b", "X-Utf8: caf\xc3\xa9", "X_Under: v", "Content-Length: 7",
		"Content-Length: +3", "Content-Length: 0", "Content-Length:", "Content-Length: 99999999999999999999",
	}
	for range rng.IntN(8) {
		b.WriteString(fields[rng.IntN(len(fields))])
		b.WriteString(pick("\r\n", "\r\n", "\r\n", "\n"))
	}
	switch rng.IntN(6) {
	case 0: // no length
	case 1:
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body)+rng.IntN(3)-1) // maybe wrong
	default:
		fmt.Fprintf(&b, "Content-Length: %s%d\r\n", pick("", " ", "0"), len(body))
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	b.WriteString(pick("", "", "HTTP/1.1 200 OK\r\n", "stray"))
	return b.String()
}

// TestReadResponseAsHTTPReadResponse: on many responses, readResponse
// gives what http.ReadResponse gives (fields, header, body, its error,
// and the bytes left after it), whether the connection delivers them at
// once or a byte at a time, to GET and HEAD requests; and it parses most
// of the ordinary ones itself.
func TestReadResponseAsHTTPReadResponse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	get, _ := http.NewRequest(http.MethodGet, "http://h/", nil)
	head, _ := http.NewRequest(http.MethodHead, "http://h/", nil)
	parsed := 0
	for i := range 30000 {
		raw := randomResponse(rng)
		req := get
		if i%7 == 0 {
			req = head
		}
		oneByte := i%5 == 0
		got := readOutcome(readResponse, raw, req, oneByte)
		want := readOutcome(http.ReadResponse, raw, req, oneByte)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d, %q (one byte at a time: %v):\nreadResponse:      %+v\nhttp.ReadResponse: %+v", i, raw, oneByte, got, want)
		}
		if end := strings.Index(raw, "\r\n\r\n"); end >= 0 {
			if _, _, ok := parseResponse([]byte(raw), req); ok {
				parsed++
			}
		}
	}
	for _, raw := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length:  \r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: 003\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: \t3 \r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 4\r\n\r\nabcd",
		"HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r",
		"HTTP/1.1 200 OK\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n",
		"",
		"HTTP/1.1 199 Odd\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 20\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX-Del: a\x7fb\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 123456789012345678\r\n\r\nabc",
	} {
		for _, req := range []*http.Request{get, head} {
			for _, oneByte := range []bool{false, true} {
				got, want := readOutcome(readResponse, raw, req, oneByte), readOutcome(http.ReadResponse, raw, req, oneByte)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q to %s (one byte at a time: %v):\nreadResponse:      %+v\nhttp.ReadResponse: %+v", raw, req.Method, oneByte, got, want)
				}
			}
		}
	}
	if parsed < 10000 {
		t.Errorf("parsed %d of 30000 itself", parsed)
	}
	t.Logf("parsed %d of 30000 itself", parsed)
}

// TestParseResponseTakesTheExchangesAnswers: an answer as the simulator
// and Bithumb send it is parsed without http.ReadResponse.
func TestParseResponseTakesTheExchangesAnswers(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://h/", nil)
	raw := "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: Mon, 07 Dec 2026 00:00:00 GMT\r\n" +
		"X-Ratelimit-Burst-Capacity: 150\r\nX-Ratelimit-Remaining: 149\r\nX-Ratelimit-Replenish-Rate: 150\r\nContent-Length: 2\r\n\r\n{}"
	resp, n, ok := parseResponse([]byte(raw), req)
	if !ok || n != len(raw)-2 || resp.StatusCode != 200 || resp.ContentLength != 2 || resp.Header.Get("X-Ratelimit-Remaining") != "149" {
		t.Fatalf("parseResponse: ok %v, n %d, %+v", ok, n, resp)
	}
	// Every status the exchange answers with, and lengths of every digit.
	for _, status := range []string{"200 OK", "201 Created", "400 Bad Request", "401 Unauthorized", "404 Not Found", "429 Too Many Requests", "500 Internal Server Error", "503 Service Unavailable", "599"} {
		for _, length := range []string{"0", "19", "1234567890"} {
			raw := "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n"
			if resp, _, ok := parseResponse([]byte(raw), req); !ok || resp.Status != status {
				t.Errorf("%q: parsed %v, %+v", raw, ok, resp)
			}
		}
	}
}

// TestLengthBody: a body with a length ends with io.EOF together with its
// last bytes, and with io.ErrUnexpectedEOF when the bytes run out first.
func TestLengthBody(t *testing.T) {
	b := &lengthBody{br: bufio.NewReader(strings.NewReader("abcdef")), left: 3}
	p := make([]byte, 10)
	if n, err := b.Read(p); n != 3 || err != io.EOF || string(p[:n]) != "abc" {
		t.Errorf("Read = %d %q, %v; want 3 abc, EOF", n, p[:n], err)
	}
	if n, err := b.Read(p); n != 0 || err != io.EOF {
		t.Errorf("Read after the end = %d, %v; want 0, EOF", n, err)
	}
	short := &lengthBody{br: bufio.NewReader(strings.NewReader("ab")), left: 3}
	if got, err := io.ReadAll(short); string(got) != "ab" || err != io.ErrUnexpectedEOF {
		t.Errorf("short body: %q, %v; want ab, unexpected EOF", got, err)
	}
}

// BenchmarkReadResponse reads an answer as the simulator sends it with
// readResponse (direct) and with http.ReadResponse (read-response).
func BenchmarkReadResponse(b *testing.B) {
	raw := "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: Mon, 07 Dec 2026 00:00:00 GMT\r\n" +
		"X-Ratelimit-Burst-Capacity: 150\r\nX-Ratelimit-Remaining: 149\r\nX-Ratelimit-Replenish-Rate: 150\r\nContent-Length: 2\r\n\r\n{}"
	req, _ := http.NewRequest(http.MethodGet, "http://h/", nil)
	r := strings.NewReader(raw)
	br := bufio.NewReader(r)
	for _, bm := range []struct {
		name string
		read func(*bufio.Reader, *http.Request) (*http.Response, error)
	}{{"direct", readResponse}, {"read-response", http.ReadResponse}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(raw)
				br.Reset(r)
				resp, err := bm.read(br, req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
			}
		})
	}
}
