package main

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/bithumb-go/bithumb"
)

// authCause is what an authentication or permission error from Bithumb
// most likely means, and what fixes it.
type authCause struct {
	status int    // HTTP status Bithumb answers with
	name   string // Bithumb's error name; "" for any other name of the status
	cause  string // the likely cause, one sentence
	fix    string // what to do about it
}

// authCauses lists the 401 and 403 answers of Bithumb API 2.0, and the
// API 1.0 statuses that mean the same (sent with HTTP 200, the status
// code as name), with their likely causes. It is the one list that the
// hints after an error, `bithumb doctor` and its --help read. The entries
// without a name come last and cover the names of their status that are
// not listed.
var authCauses = []authCause{
	{http.StatusUnauthorized, "invalid_jwt", "the request carried no valid token: no API keys were sent, or the Authorization header is not a JWT",
		"set BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY or run `bithumb auth set`"},
	{http.StatusUnauthorized, "invalid_access_key", "Bithumb knows no such access key: a typo, a key that was deleted or has expired (keys last one year), or a key of another account",
		"copy the access key again from Bithumb's API management page, or issue a new key"},
	{http.StatusUnauthorized, "jwt_verification", "the token's signature does not verify: the secret key does not belong to the access key (a typo, a swapped pair, a key that was reissued); Bithumb has also been seen to answer it for a missing permission or IP",
		"enter the secret key again with `bithumb auth set`; `bithumb doctor` checks the signer and each permission"},
	{http.StatusUnauthorized, "invalid_query_payload", "the token's query_hash does not match the parameters that arrived: a signing problem (parameters changed after signing, arrays not sent as key[]=value, values encoded differently)",
		"send the parameters as given to the signer; `bithumb doctor` checks the signer against known answers"},
	{http.StatusUnauthorized, "expired_jwt", "the token's timestamp is too far from Bithumb's clock: the local clock is off",
		"synchronise the clock with NTP (e.g. `timedatectl set-ntp true`); `bithumb doctor` measures the skew"},
	{http.StatusUnauthorized, "NotAllowIP", "the key is bound to IP addresses and the request came from another one",
		"add this machine's public IP to the key's allowed IPs on Bithumb's API management page (at most 5), or call from an allowed host"},
	{http.StatusUnauthorized, "out_of_scope", "the key lacks the permission that this endpoint needs (자산조회, 주문조회, 주문하기, 출금조회, 출금하기, 입금조회 or 입금하기)",
		"issue a key with that permission (permissions are chosen when a key is issued); `bithumb doctor` shows which read permissions the key has"},
	{http.StatusUnauthorized, "nonce_used", "a token was sent twice: its nonce was already used",
		"sign every request anew (the SDK and this tool do); a proxy that repeats requests causes it too"},
	{http.StatusForbidden, "blocked_member_id", "Bithumb has restricted the account by its operational policy",
		"contact Bithumb's customer center; no change of key or code helps"},
	{http.StatusOK, "5300", "API 1.0 (Invalid Apikey): Bithumb knows no such key, or the key is an API 2.0 key that API 1.0 does not take",
		"check the key on Bithumb's API management page; API 2.0 paths (/v1, /v2) take the 2.0 keys"},
	{http.StatusOK, "5302", "API 1.0 (Method Not Allowed): the request's IP is not among the key's allowed IPs (Access IP), or the key lacks the permission (Access)",
		"add this machine's public IP to the key's allowed IPs, or issue a key with the permission; `bithumb doctor` checks both for API 2.0"},
	{http.StatusUnauthorized, "", "Bithumb refused the authentication",
		"run `bithumb doctor` to check the keys, the clock, the IP and the permissions"},
	{http.StatusForbidden, "", "Bithumb refused access: a permission or a restriction by policy",
		"run `bithumb doctor` to check the keys, the IP and the permissions"},
}

// authCauseOf returns the likely cause of e, or false when e is neither
// a 401 or 403 answer nor a listed API 1.0 status.
func authCauseOf(e *bithumb.APIError) (authCause, bool) {
	status, name := e.StatusCode, e.Name
	switch {
	case e.LegacyStatus != "":
		status, name = http.StatusOK, e.LegacyStatus
	case status != http.StatusUnauthorized && status != http.StatusForbidden:
		return authCause{}, false
	}
	for _, c := range authCauses {
		if c.status == status && (c.name == name || c.name == "") {
			return c, true
		}
	}
	return authCause{}, false
}

// authHint returns the lines that follow a printed 401 or 403 error,
// each starting with a newline: the likely cause and the fix. It is ""
// for any other error.
func authHint(err error) string {
	var e *bithumb.APIError
	if !errors.As(err, &e) {
		return ""
	}
	c, ok := authCauseOf(e)
	if !ok {
		return ""
	}
	return fmt.Sprintf("\n  likely cause: %s\n  fix: %s", c.cause, c.fix)
}

// authCausesHelp is the table of authCauses for --help texts.
func authCausesHelp() string {
	var b strings.Builder
	for _, c := range authCauses {
		answer := fmt.Sprintf("%d %s", c.status, cmp.Or(c.name, "(other)"))
		if c.status == http.StatusOK {
			answer = "API 1.0 status " + c.name
		}
		fmt.Fprintf(&b, "  %s\n%s%s", answer, wrap(c.cause+".", helpWidth, "      "), wrap("Fix: "+c.fix+".", helpWidth, "      "))
	}
	return b.String()
}

// helpWidth is the width that --help texts wrap at.
const helpWidth = 80

// wrap breaks text into lines of at most width display columns (words
// longer than that stand alone), each starting with indent and ending
// with a newline.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && runewidth.StringWidth(line)+1+runewidth.StringWidth(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}
