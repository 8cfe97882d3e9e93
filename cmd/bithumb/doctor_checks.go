package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/middleware"
)

// How far the local clock may be off the server's before doctor warns,
// and before it fails. Bithumb does not document the JWT timestamp
// window; API 1.0 refused requests 20 s off.
const (
	clockWarnAt = time.Second
	clockFailAt = 20 * time.Second
)

// permissionGroup is a permission of a Bithumb API key ("API 활성 항목")
// and the read-only call that needs it.
type permissionGroup struct {
	name       string // in the check's name: "permission: assets"
	permission string // as Bithumb's API management page names it
	path       string
	query      []bithumb.Param
}

// permissionGroups are the permissions that doctor can check without
// placing, cancelling or withdrawing anything.
var permissionGroups = []permissionGroup{
	{"assets", "자산조회 (view assets)", "/v1/accounts", nil},
	{"orders", "주문조회 (view orders)", "/v1/orders", []bithumb.Param{{Key: "limit", Value: "1"}}},
	{"withdrawals", "출금조회 (view withdrawals)", "/v1/withdraws", []bithumb.Param{{Key: "limit", Value: "1"}}},
	{"deposits", "입금조회 (view deposits)", "/v1/deposits", []bithumb.Param{{Key: "limit", Value: "1"}}},
}

// doctor runs the checks of `bithumb doctor` against the API at base.
type doctor struct {
	a    *app
	base string
	now  func() time.Time

	signerOK bool     // the signer passed its self-check
	answers  []answer // every answer received, for the rate-limit check
}

// answer is the status and headers of one response; private tells a
// signed call from a public one.
type answer struct {
	private bool
	status  int
	header  http.Header
}

// run runs every check, in the order they are printed.
func (d *doctor) run(ctx context.Context) []check {
	checks := []check{d.signer()}
	creds, keys := d.keys()
	checks = append(checks, keys)
	clock := d.clock(ctx)
	var signed []check
	if creds == nil {
		signed = skipSigned("not checked: no usable API keys")
	} else {
		var expired *bithumb.APIError
		signed, expired = d.signed(ctx, *creds)
		if expired != nil {
			clock.Status = checkFail
			clock.Detail += "; Bithumb answered expired_jwt to a signed call"
			clock.Fix = mustCause(expired).fix
		}
	}
	checks = append(checks, clock)
	checks = append(checks, signed...)
	return append(checks, d.rateLimit())
}

// signer checks the signing code against the known answers.
func (d *doctor) signer() check {
	c := check{Name: "signer"}
	if err := middleware.SelfCheck(); err != nil {
		c.Status, c.Detail = checkFail, err.Error()
		c.Fix = "the signing code of this build is broken: report it to bithumb-go with this output (it holds no key)"
		return c
	}
	d.signerOK = true
	c.Status, c.Detail = checkOK, "the signers reproduce the known answers (query_hash, API 2.0 token, API 1.0 signature)"
	return c
}

// keys finds the keys and checks their format. It returns nil
// credentials when there are none or they cannot be used.
func (d *doctor) keys() (*credentials.Credentials, check) {
	c := check{Name: "keys", Status: checkFail}
	creds, err := d.a.resolveKeys("bithumb doctor", d.a.global.credsFile, false)
	if err != nil {
		c.Detail, c.Fix = err.Error(), "save the keys with `bithumb auth set`, or set "+credentials.EnvAccessKey+" and "+credentials.EnvSecretKey
		return nil, c
	}
	access, secret := creds.AccessKey(), creds.SecretKey()
	c.Fix = "copy the keys again from Bithumb's API management page, without spaces or quotes, and save them with `bithumb auth set`"
	if err := creds.Validate(); err != nil {
		c.Detail = err.Error()
		return nil, c
	}
	if access == secret {
		c.Detail = "the access key and the secret key are the same: one of them was pasted twice"
		return nil, c
	}
	c.Status = checkOK
	c.Detail = fmt.Sprintf("access key %s (%d characters), secret key %s (%d characters)",
		credentials.Mask(access), len(access), shownSecret, len(secret))
	if quoted(access) || quoted(secret) {
		c.Status = checkWarn
		c.Detail += "; a key starts or ends with a quote or bracket, as if pasted with its surroundings"
	}
	return creds, c
}

// quoted reports a key that starts or ends with a quote or bracket.
func quoted(key string) bool {
	const marks = "\"'`<>[](){},;"
	return strings.ContainsAny(key[:1], marks) || strings.ContainsAny(key[len(key)-1:], marks)
}

// clock compares the local clock with the Date header of a public call.
// The header has whole seconds, so the measure is good to half a second
// plus half the round trip.
func (d *doctor) clock(ctx context.Context) check {
	c := check{Name: "clock", Status: checkFail}
	client, err := bithumb.New(bithumb.WithBaseURL(d.base), bithumb.WithMaxAttempts(1))
	if err != nil {
		c.Detail = err.Error()
		return c
	}
	start := d.now()
	resp, err := client.Do(ctx, bithumb.RawRequest{Method: http.MethodGet, Path: "/v1/ticker",
		Query: []bithumb.Param{{Key: "markets", Value: "KRW-BTC"}}})
	end := d.now()
	d.observe(false, resp, err)
	if resp == nil {
		c.Detail, c.Fix = fmt.Sprintf("no answer from %s: %v", d.base, err), "check --api-url and the network"
		return c
	}
	date, perr := http.ParseTime(resp.Header.Get("Date"))
	if perr != nil {
		c.Status, c.Detail = checkWarn, "the answer has no Date header to compare the clock with"
		return c
	}
	rtt := end.Sub(start)
	skew := start.Add(rtt / 2).Sub(date.Add(500 * time.Millisecond)) // > 0: local ahead
	margin := 500*time.Millisecond + rtt/2
	off := skew.Abs() - margin
	c.Fix = "synchronise the clock with NTP (e.g. `timedatectl set-ntp true`, or the system's date and time settings)"
	switch {
	case off < clockWarnAt:
		c.Status = checkOK
		c.Detail = fmt.Sprintf("the local clock agrees with the server's Date header (to within %v)", (margin + clockWarnAt).Round(100*time.Millisecond))
		return c
	case off < clockFailAt:
		c.Status = checkWarn
	}
	way := "ahead of"
	if skew < 0 {
		way = "behind"
	}
	c.Detail = fmt.Sprintf("the local clock is %v %s the server's Date header (±%v); tokens are refused beyond an undocumented window (API 1.0: 20s)",
		skew.Abs().Round(time.Second), way, margin.Round(100*time.Millisecond))
	return c
}

// observe records the answer of a call for the rate-limit check.
func (d *doctor) observe(private bool, resp *bithumb.RawResponse, err error) {
	var e *bithumb.APIError
	switch {
	case resp != nil:
		d.answers = append(d.answers, answer{private, resp.StatusCode, resp.Header})
	case errors.As(err, &e):
		d.answers = append(d.answers, answer{private, e.StatusCode, e.Header})
	}
}

// skipSigned returns the checks that need signed calls, not run for
// reason.
func skipSigned(reason string) []check {
	checks := []check{{Name: "authentication", Status: checkSkip, Detail: reason}, {Name: "IP allow-list", Status: checkSkip, Detail: reason}}
	for _, g := range permissionGroups {
		checks = append(checks, check{Name: "permission: " + g.name, Status: checkSkip, Detail: reason})
	}
	return checks
}
