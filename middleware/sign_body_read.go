package middleware

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
)

// maxRecycledBodySize bounds the buffers kept in signBodyBuffers, so that
// one large body does not stay in memory.
const maxRecycledBodySize = 64 << 10

// signBodyBuffers recycles the buffers (*[]byte) into which SignRequest
// reads a body through req.GetBody: those bytes are hashed, never kept.
var signBodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// signSnapshotBody returns the bytes of req's body and leaves the request able
// to send them (again). With req.GetBody set, it reads a fresh copy into
// scratch (which the result then shares) and leaves req.Body untouched;
// otherwise it drains and closes req.Body into a new slice and replaces
// req.Body, req.GetBody and req.ContentLength. A request without a body
// (nil or http.NoBody) gives nil.
func signSnapshotBody(req *http.Request, scratch []byte) ([]byte, error) {
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("middleware: reading request body: %w", err)
		}
		defer rc.Close()
		return signReadBody(scratch, rc)
	}
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := signReadBody(nil, req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	signSetBody(req, b)
	return b, nil
}

// signReadBody reads r to the end, appending to dst, and fails once it has
// read more than maxSignedBodySize bytes.
func signReadBody(dst []byte, r io.Reader) ([]byte, error) {
	start := len(dst)
	for {
		if len(dst) == cap(dst) {
			dst = slices.Grow(dst, 512)
		}
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if len(dst)-start > maxSignedBodySize {
			return nil, fmt.Errorf("middleware: request body exceeds %d bytes, too large to sign", maxSignedBodySize)
		}
		switch {
		case err == io.EOF:
			return dst, nil
		case err != nil:
			return nil, fmt.Errorf("middleware: reading request body: %w", err)
		}
	}
}

// signSetBody makes b the body of req, re-readable through req.GetBody.
func signSetBody(req *http.Request, b []byte) {
	req.ContentLength = int64(len(b))
	if len(b) == 0 {
		req.Body = http.NoBody
		req.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}
