// Package directhttp is an HTTP/1.1 client transport that makes each round
// trip on the caller's goroutine: it writes the request and reads the
// response over a pooled keep-alive connection itself, where net/http's
// Transport hands the request to the connection's write goroutine and the
// response back from its read goroutine. Those hand-offs cost about as much
// CPU as the rest of a call to Bithumb's API on a fast network (see
// docs/benchmarks.md); a Transport saves them.
//
// Give it to a bithumb.Client with bithumb.WithTransport:
//
//	c, err := bithumb.New(bithumb.WithTransport(&directhttp.Transport{}))
//
// The client's own default, bithumb.NewTransport, stays net/http's: choose
// this one when CPU per call matters (a bot making many calls) and HTTP/1.1
// will do.
//
// What a Transport does:
//   - http and https (TLS 1.2 or newer, HTTP/1.1 offered by ALPN);
//   - idle connections kept per host (MaxIdleConnsPerHost), each checked
//     before reuse for a close or stray bytes from the server, and closed
//     after IdleConnTimeout;
//   - cancellation by the request's context at every step: connecting,
//     the TLS handshake, writing, waiting for the answer, reading its body;
//   - connect, TLS handshake and response header timeouts, and a cap on the
//     size of the response header;
//   - requests that the environment sends through a proxy (HTTP_PROXY,
//     HTTPS_PROXY, NO_PROXY) handed to net/http (the Proxied transport);
//   - the methods and header fields that net/http's Transport refuses are
//     refused before anything is dialled;
//   - the requests an API client sends, and the answers it gets, are
//     written and parsed without http.Request.Write and http.ReadResponse,
//     with the same bytes and results; anything unusual goes through them.
//   - on Linux (amd64 and arm64), the socket's reads and writes are made
//     as raw system calls through the runtime's network poller, with the
//     results of net.TCPConn's Read and Write: an ordinary system call
//     wakes the runtime's monitor thread, which falls asleep whenever the
//     program waits for an answer, and that wake-up cost about a third of
//     the CPU of a round trip over loopback.
//
// What it does not do: HTTP/2, compression (it sends no Accept-Encoding,
// so servers answer uncompressed), "Expect: 100-continue", protocol
// upgrades, or several requests at once on one connection: a request holds
// its connection until its response body is read to the end or closed.
//
// A request is sent at most once. The only request a Transport sends again
// is one that a reused connection failed to take before a single byte of it
// left this machine (the server had closed the connection while it was
// idle); it goes once on a new connection. A failure after any byte was
// written is returned as it is, so that the layers above (retries, order
// reconciliation) decide whether the request may have been executed, as
// they do for net/http's errors. Errors of a context that ended are the
// context's (context.Canceled, context.DeadlineExceeded).
package directhttp
