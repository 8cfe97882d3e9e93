package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/credentials"
)

// signingProblems are the refusals that mean a token was signed wrongly.
var signingProblems = map[string]bool{"jwt_verification": true, "invalid_query_payload": true}

// ipHeaders are response headers that may carry the client's address as
// the server saw it; the simulator sends X-Sim-Client-Ip with NotAllowIP.
var ipHeaders = []string{"X-Sim-Client-Ip", "X-Client-Ip", "X-Real-Ip"}

// errNotSent stands for the calls not sent after a 429.
var errNotSent = errors.New("not checked: Bithumb answered 429 (too many requests)")

// signed makes one read-only signed call per permission group and turns
// the answers into the authentication, IP allow-list and permission
// checks. It also returns the expired_jwt refusal, if any, which is the
// clock's failure.
func (d *doctor) signed(ctx context.Context, creds credentials.Credentials) ([]check, *bithumb.APIError) {
	client, err := bithumb.New(bithumb.WithBaseURL(d.base), bithumb.WithCredentials(creds),
		bithumb.WithClock(d.now), bithumb.WithMaxAttempts(1))
	if err != nil {
		return skipSigned("not checked: " + err.Error()), nil
	}
	// After a 429 the rest are not sent: failed calls count too.
	results := make([]error, len(permissionGroups))
	for i, g := range permissionGroups {
		if i > 0 && (errors.Is(results[i-1], bithumb.ErrRateLimited) || results[i-1] == errNotSent) {
			results[i] = errNotSent
			continue
		}
		var resp *bithumb.RawResponse
		resp, results[i] = client.Do(ctx, bithumb.RawRequest{Method: http.MethodGet, Path: g.path, Query: g.query})
		d.observe(true, resp, results[i])
	}

	// An answer past authentication (a success, out_of_scope or
	// NotAllowIP) shows that the key and the signature were accepted.
	var authErr, ipErr *bithumb.APIError
	var firstErr error
	passed := false
	for _, err := range results {
		var e *bithumb.APIError
		switch {
		case err == nil:
			passed = true
		case !errors.As(err, &e):
			firstErr = cmp.Or(firstErr, err)
		case e.Name == "out_of_scope":
			passed = true
		case e.Name == "NotAllowIP":
			passed, ipErr = true, cmp.Or(ipErr, e)
		case e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden:
			authErr = cmp.Or(authErr, e)
		default:
			firstErr = cmp.Or(firstErr, err)
		}
	}

	auth := check{Name: "authentication", Status: checkOK,
		Detail: "Bithumb accepted the access key " + credentials.Mask(creds.AccessKey()) + ", the signature and its timestamp"}
	ip := check{Name: "IP allow-list", Status: checkOK, Detail: "the key accepts requests from this machine's IP"}
	skipReason := ""
	switch {
	case authErr != nil:
		cause := mustCause(authErr)
		auth.Status, auth.Detail, auth.Fix = checkFail, d.refusal(authErr), cause.fix
		skipReason = "not checked: authentication failed"
	case !passed && errors.Is(firstErr, bithumb.ErrRateLimited):
		auth.Status, auth.Detail = checkSkip, errNotSent.Error()
		skipReason = auth.Detail
	case !passed:
		auth.Status, auth.Detail = checkFail, "no signed call got through: "+errorText(firstErr)
		auth.Fix = "check --api-url and the network, then run doctor again"
		skipReason = "not checked: no signed call got through"
	}
	switch {
	case skipReason != "":
		ip.Status, ip.Detail = checkSkip, skipReason
	case ipErr != nil:
		ip.Status, ip.Fix = checkFail, mustCause(ipErr).fix
		ip.Detail = "Bithumb answered NotAllowIP: the key does not accept requests from this machine's public IP"
		if addr := revealedIP(ipErr); addr != "" {
			ip.Detail += ", which is " + addr
		} else {
			ip.Detail += " (the answer does not say which IP it saw)"
		}
		skipReason = "not checked: the IP is not allowed"
	}
	checks := []check{auth, ip}
	for i, g := range permissionGroups {
		checks = append(checks, permissionCheck(g, results[i], skipReason))
	}
	var expired *bithumb.APIError
	if authErr != nil && authErr.Name == "expired_jwt" {
		expired = authErr
	}
	return checks, expired
}

// refusal describes an authentication refusal: the answer and its likely
// cause, and for a signing problem what the signer's self-check says.
func (d *doctor) refusal(e *bithumb.APIError) string {
	cause := mustCause(e)
	text := fmt.Sprintf("%d %s: %s", e.StatusCode, e.Name, cause.cause)
	if signingProblems[e.Name] {
		if d.signerOK {
			text = "a signing problem: " + text + "; the signer passed its self-check, so the secret key is the likely cause"
		} else {
			text = "a signing problem: " + text + "; the signer failed its self-check (see signer)"
		}
	}
	return text
}

// permissionCheck turns the answer to g's call into its check.
func permissionCheck(g permissionGroup, err error, skipReason string) check {
	c := check{Name: "permission: " + g.name}
	var e *bithumb.APIError
	switch {
	case skipReason != "":
		c.Status, c.Detail = checkSkip, skipReason
	case err == errNotSent:
		c.Status, c.Detail = checkSkip, err.Error()
	case err == nil:
		c.Status, c.Detail = checkOK, "the key has "+g.permission+": GET "+g.path+" answered"
	case errors.As(err, &e) && e.Name == "out_of_scope":
		c.Status = checkFail
		c.Detail = "the key lacks " + g.permission + ": GET " + g.path + " answered out_of_scope"
		c.Fix = "issue a key with " + g.permission + " checked (permissions are chosen when a key is issued), if this program needs it"
	default:
		c.Status, c.Detail = checkFail, "GET "+g.path+": "+errorText(err)
		c.Fix = "run doctor again; if it persists, see the error's message"
	}
	return c
}

// errorText is the text of err without the "bithumb: " prefix and, for
// an answer, without the method and URL.
func errorText(err error) string {
	var e *bithumb.APIError
	if errors.As(err, &e) {
		err = withoutRequest(e)
	}
	if err == nil {
		return "no answer"
	}
	return strings.TrimPrefix(err.Error(), "bithumb: ")
}

// revealedIP returns the client IP that a NotAllowIP answer names in its
// message or headers, or "".
func revealedIP(e *bithumb.APIError) string {
	candidates := strings.FieldsFunc(e.Message, func(r rune) bool {
		return !strings.ContainsRune("0123456789abcdefABCDEF.:", r)
	})
	for _, h := range ipHeaders {
		candidates = append(candidates, strings.TrimSpace(e.Header.Get(h)))
	}
	for _, s := range candidates {
		s = strings.TrimRight(s, ".")
		if ip := net.ParseIP(s); ip != nil && strings.ContainsAny(s, ".:") {
			return ip.String()
		}
	}
	return ""
}

// mustCause returns the likely cause of a 401 or 403 answer.
func mustCause(e *bithumb.APIError) authCause {
	c, _ := authCauseOf(e)
	return c
}
