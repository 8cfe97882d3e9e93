// Package middleware is the HTTP path of the bithumb client: the layers
// every REST request passes through, and the error type its answers
// become.
//
// The layers are http.RoundTripper wrappers, each built by a constructor
// that takes its settings and returns a [Layer]. [Chain] stacks them,
// outermost first:
//
//	Resolve → Retry → Limit → Sign → Observe → http.Transport
//
// What each layer does:
//
//   - [Resolve] finds the request's [Endpoint] in the catalog (its
//     rate-limit category, retry policy and signing scheme, from the spec)
//     and puts it in the request's context for the layers below.
//   - [Retry] re-sends a failed attempt when the endpoint's retry policy
//     allows it, with jittered backoff, Retry-After and a retry budget.
//   - [Limit] waits for a [Limiter] (by default a [CategoryLimiter]) before
//     every attempt and feeds the answers' rate-limit headers back to it;
//     for orders and cancels an [AssetLimiter] also waits per asset, the
//     asset found where the endpoint's spec says (x-bithumb-asset); for a
//     cancel by id, the asset of the order when it was placed through the
//     layer, whose id it read from the placement's answer (answer-id).
//   - [Sign] signs every attempt afresh: a JWT ([JWTSigner]) for API 2.0,
//     HMAC headers ([HMACSigner]) for the legacy API 1.0.
//   - [Observe] caps the response body, marks failures after sending as
//     [InFlightError] (see [Ambiguous]) and logs each attempt without
//     headers, queries or bodies.
//
// [CheckResponse] turns an error answer, whatever its shape, into an
// [*APIError].
//
// Most programs never import this package: bithumb.New builds the chain,
// and bithumb.NewHTTPClient returns it as an *http.Client for package gen.
// The root package also re-exports what a caller needs (bithumb.APIError,
// bithumb.RetryConfig, bithumb.Limiter).
package middleware
