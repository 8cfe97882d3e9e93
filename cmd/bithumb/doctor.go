package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// checkStatus is the outcome of one check of `bithumb doctor`.
type checkStatus string

const (
	checkOK   checkStatus = "ok"   // ✔
	checkWarn checkStatus = "warn" // !: worth a look, not a failure
	checkFail checkStatus = "fail" // ✘: makes doctor exit with status 1
	checkSkip checkStatus = "skip" // -: not run, because an earlier check failed
)

// symbol is how the status shows on a terminal.
func (s checkStatus) symbol() string {
	switch s {
	case checkOK:
		return "✔"
	case checkFail:
		return "✘"
	case checkWarn:
		return "!"
	default:
		return "-"
	}
}

// check is one line of the report: what was checked, how it went, what
// was seen, and what fixes a failure or a warning.
type check struct {
	Name   string      `json:"name"`
	Status checkStatus `json:"status"`
	Detail string      `json:"detail"`
	Fix    string      `json:"fix,omitempty"`
}

// doctorReport is what `bithumb doctor --json` prints.
type doctorReport struct {
	// OK is false when any check failed.
	OK     bool    `json:"ok"`
	Checks []check `json:"checks"`
}

// doctorOptions holds what the command's run depends on besides the app.
type doctorOptions struct {
	// now is the local clock: it signs the requests and is compared with
	// the server's Date header. Tests set a wrong one.
	now func() time.Time
}

func newDoctorCommand(a *app) *cobra.Command {
	o := doctorOptions{now: time.Now}
	return &cobra.Command{
		Use:   "doctor",
		Short: "Find out why Bithumb refuses your API keys (401, 403)",
		Long: `Check what makes Bithumb answer 401 or 403 to your keys and network, and
say how to fix it. Each check prints ✔ (fine), ✘ (failed), ! (worth a look)
or - (not run, after an earlier failure):

  signer           the signers against known answers (query_hash, an API 2.0
                   token, an API 1.0 signature), with test keys, offline
  keys             the access and secret keys' format; the secret is never shown
  clock            the local clock against the Date header of a public call;
                   Bithumb does not document how far a JWT timestamp may be off
                   (API 1.0 refused 20 s; the simulator allows 60 s)
  authentication   a signed call: is the access key known, does the signature
                   verify (invalid_query_payload and jwt_verification are
                   signing problems), is the timestamp accepted
  IP allow-list    NotAllowIP, with the IP the request came from when the answer
                   reveals it
  permission: ...  one read-only call per permission group: assets
                   (GET /v1/accounts), orders (GET /v1/orders), withdrawals
                   (GET /v1/withdraws), deposits (GET /v1/deposits);
                   out_of_scope names the permission the key lacks. Doctor
                   places, cancels and withdraws nothing, so the permissions
                   to place orders and to withdraw are not checked
  rate limit       the x-ratelimit-* headers of the answers, and any 429

The keys come from BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY or the
credentials file, as for "bithumb api". Doctor exits with status 1 when a
check fails. --json prints {"ok": ..., "checks": [{"name", "status", "detail",
"fix"}]}, status being ok, warn, fail or skip.

401 and 403 answers and their likely causes:
` + authCausesHelp(),
		Example: `  bithumb doctor
  bithumb doctor --json | jq '.checks[] | select(.status == "fail")'
  bithumb doctor --api-url http://127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runDoctor(commandContext(cmd), &o)
		},
	}
}

// runDoctor runs every check, prints the report and fails when a check
// failed.
func (a *app) runDoctor(ctx context.Context, o *doctorOptions) error {
	base, err := a.apiURL()
	if err != nil {
		return err
	}
	d := &doctor{a: a, base: base, now: o.now}
	checks := d.run(ctx)
	report := doctorReport{OK: true, Checks: checks}
	for _, c := range checks {
		if c.Status == checkFail {
			report.OK = false
		}
	}
	if a.global.json {
		err = a.printJSON(report)
	} else {
		err = writeChecks(a, checks)
	}
	if err != nil {
		return err
	}
	if !report.OK {
		return &exitError{code: 1}
	}
	return nil
}

// writeChecks prints one line per check, the names aligned, and the fix
// of a failure or warning on the next line.
func writeChecks(a *app, checks []check) error {
	width := 0
	for _, c := range checks {
		width = max(width, len(c.Name))
	}
	var b strings.Builder
	for _, c := range checks {
		fmt.Fprintf(&b, "%s %-*s  %s\n", c.Status.symbol(), width, c.Name, c.Detail)
		if c.Fix != "" && (c.Status == checkFail || c.Status == checkWarn) {
			fmt.Fprintf(&b, "  %*s  fix: %s\n", width, "", c.Fix)
		}
	}
	_, err := fmt.Fprint(a.stdout, b.String())
	return err
}
