package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/ws"
)

// DefaultAddr is the address Start listens on when given none: loopback
// only, port chosen by the system.
const DefaultAddr = "127.0.0.1:0"

// The WebSocket endpoints, served by the same handler as REST (Bithumb's
// wss://ws-api.bithumb.com plus these paths).
const (
	// WebSocketPath serves the public streams: ticker, trade, orderbook.
	WebSocketPath = ws.PublicPath
	// PrivateWebSocketPath serves myOrder (v2 names) and myAsset.
	PrivateWebSocketPath = ws.PrivatePath
	// PrivateV1WebSocketPath is the deprecated private endpoint (v1
	// myOrder names).
	PrivateV1WebSocketPath = ws.PrivateV1Path
)

// Running is a simulator serving HTTP. Stop it by cancelling the context
// given to Start, then call Wait.
type Running struct {
	// Server is the simulator.
	Server *Server
	// URL is the REST base URL, e.g. "http://127.0.0.1:40123".
	URL string
	// WebSocketURL is the public WebSocket endpoint, e.g.
	// "ws://127.0.0.1:40123/websocket/v1" (wsclient.Options.URL).
	WebSocketURL string
	// PrivateWebSocketURL is the private endpoint (/websocket/v2/private);
	// the deprecated one is the same URL with /websocket/v1/private.
	PrivateWebSocketURL string
	// Keys are the API keys of every account (generated ones included).
	Keys []auth.Key

	done chan struct{}
	err  error
}

// Start builds a simulator with opts, listens on addr (DefaultAddr when
// empty) and serves until ctx is done; it returns once the listener is
// open. After ctx is done the HTTP server shuts down gracefully (5 s at
// most), the WebSocket connections are closed, the exchange is
// checkpointed and the data directory closed; Wait returns when all that
// has finished (every goroutine of the simulator has exited).
func Start(ctx context.Context, addr string, opts ...Option) (*Running, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	s, err := New(opts...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sim: %w", err)
	}
	host := ln.Addr().String()
	r := &Running{
		Server: s, URL: "http://" + host, WebSocketURL: "ws://" + host + WebSocketPath,
		PrivateWebSocketURL: "ws://" + host + PrivateWebSocketPath, Keys: s.Keys(), done: make(chan struct{}),
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	runCtx, stopRun := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	serveErr := make(chan error, 1)
	go func() {
		defer wg.Done()
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		serveErr <- err
		stopRun()
	}()
	go func() {
		defer wg.Done()
		s.Run(runCtx, 0)
	}()
	go func() {
		<-runCtx.Done()
		shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shutErr := hs.Shutdown(shutCtx)
		wg.Wait()
		r.err = errors.Join(<-serveErr, shutErr, s.Close())
		close(r.done)
	}()
	s.logger.Info("sim: listening", "url", r.URL)
	return r, nil
}

// Wait blocks until the simulator has stopped and returns the first error
// of serving, shutting down or closing.
func (r *Running) Wait() error {
	<-r.done
	return r.err
}

// ListenAndServe runs a simulator on addr until ctx is done, printing its
// REST and WebSocket base URLs and the API keys of every account to out
// (which may be nil). It is what `bithumb sim` runs.
func ListenAndServe(ctx context.Context, addr string, out io.Writer, opts ...Option) error {
	r, err := Start(ctx, addr, opts...)
	if err != nil {
		return err
	}
	if out != nil {
		PrintBanner(out, r)
	}
	return r.Wait()
}

// PrintBanner writes the URLs and keys of a running simulator, and its
// data directory if any. A secret key is printed only when the simulator
// generated it; one that came from the configuration or the environment
// (possibly a real key) is not.
func PrintBanner(w io.Writer, r *Running) {
	fmt.Fprintf(w, "Bithumb simulator %s\n", Version)
	fmt.Fprintf(w, "  REST:      %s\n", r.URL)
	fmt.Fprintf(w, "  WebSocket: %s (public)\n", r.WebSocketURL)
	fmt.Fprintf(w, "             %s (private; v1: %s)\n", r.PrivateWebSocketURL, PrivateV1WebSocketPath)
	for _, k := range r.Keys {
		secret := "(as configured)"
		if r.Server != nil && r.Server.cfg.generatedSecrets[k.AccessKey] {
			secret = k.SecretKey
		}
		fmt.Fprintf(w, "  account %-10s access key %s  secret key %s\n", k.Account, k.AccessKey, secret)
	}
	if r.Server != nil && r.Server.cfg.DataDir != "" {
		fmt.Fprintf(w, "  state and generated keys kept in %s\n", r.Server.cfg.DataDir)
	}
}
