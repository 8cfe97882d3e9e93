package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// Exit codes of `bithumb contract --live`.
const (
	contractExitBreaking = 1 // breaking drift found
	contractExitNotRun   = 2 // the check could not run or checked nothing
)

// contractOptions holds the flags of `bithumb contract` and what its run
// depends on besides the app.
type contractOptions struct {
	live      bool
	specDiff  string
	reportDir string
	restOnly  bool
	wsWait    time.Duration
	frames    int
	// defaultURL is the REST base URL used when neither --api-url nor
	// BITHUMB_API_URL is given; only a failure to reach it counts as "no
	// network". Tests point it at a closed loopback port.
	defaultURL string
}

func newContractCommand(a *app) *cobra.Command {
	o := contractOptions{defaultURL: bithumb.DefaultBaseURL}
	cmd := &cobra.Command{
		Use:   "contract --live | --spec-diff OTHER.yaml",
		Short: "Check the live Bithumb API against the spec (spec drift), or compare the spec with another",
		Long: `Check that the live Bithumb API still answers as spec/bithumb.yaml says,
or compare the spec with another OpenAPI document.

--live calls every read-only endpoint of the spec: each GET whose
x-bithumb-retry is safe and each operation marked x-bithumb-read-only (POST
/v2/orders/search, the legacy /info POSTs), the public ones always and the
private ones when API keys are set (BITHUMB_ACCESS_KEY and
BITHUMB_SECRET_KEY, or the credentials file), with sample arguments and
bodies taken from the spec's examples. Its transport refuses any other
request before it is sent: nothing is placed, cancelled or withdrawn. A
call whose required argument has no example is reported as skipped. It
then subscribes briefly to the ticker, trade and orderbook
streams (and myOrder and myAsset with keys), in DEFAULT and SIMPLE format,
and checks a few messages of each against the spec's schema for them.

Each answer is walked against its schema and decoded into the client's
types. Findings carry the JSON path:
  breaking   missing-field, type-change, unexpected-status, route-gone,
             undecodable
  additive   new-field, new-enum-value

Output: the report in Markdown on standard output, or in JSON with --json;
--report-dir DIR writes both, as DIR/drift.md and DIR/drift.json, and
prints a one-line summary instead.

Exit status: 0 when nothing breaking was found (additive findings
included), 1 on breaking drift, 2 when the check could not run (a usage
error too) or nothing was checked. When the production API cannot be
reached at all (its name does not resolve, the connection is refused), it
prints "skipped: no network" and exits 0; an unreachable --api-url is status 2.

--spec-diff OTHER.yaml compares the spec built into bithumb with another
OpenAPI document (3.0 or 3.1), such as the definition Bithumb's API
reference embeds, and lists the operations, parameters, response statuses
and body fields that one has and the other lacks, and type differences
(--json for a JSON array). It runs bithumb-specdiff, built on the oasdiff
library and installed apart because oasdiff needs Go 1.26:
  ` + specDiffInstall + `
Exit status: 0 when the two agree, 1 when they differ, 2 when a document
cannot be read or bithumb-specdiff is missing.`,
		Example: `  bithumb contract --live
  bithumb contract --live --report-dir drift-report
  bithumb contract --live --json --rest-only --api-url http://127.0.0.1:8080
  bithumb contract --spec-diff their-openapi.yaml`,
		// Every error is status 2, so that a nightly job never takes a
		// usage error for drift (status 1); hence no cobra.NoArgs.
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			switch {
			case len(args) > 0:
				err = fmt.Errorf("unexpected argument %q; usage: %s", args[0], cmd.UseLine())
			case o.live && o.specDiff != "":
				err = errors.New("give --live or --spec-diff, not both")
			case o.specDiff != "":
				err = a.specDiff(commandContext(cmd), o.specDiff, a.global.json)
			case !o.live:
				err = errors.New("give --live or --spec-diff OTHER.yaml (see bithumb contract --help)")
			default:
				err = a.runContractLive(commandContext(cmd), &o)
			}
			if exit := (*exitError)(nil); err == nil || errors.As(err, &exit) {
				return err
			}
			return a.contractExit(contractExitNotRun, err)
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return a.contractExit(contractExitNotRun, fmt.Errorf("%w; usage: %s", err, c.UseLine()))
	})
	f := cmd.Flags()
	f.BoolVar(&o.live, "live", false, "check the live API against the spec")
	f.StringVar(&o.specDiff, "spec-diff", "", "compare the spec with the OpenAPI document `OTHER.yaml`")
	f.StringVar(&o.reportDir, "report-dir", "", "write drift.md and drift.json into `DIR`")
	f.BoolVar(&o.restOnly, "rest-only", false, "check the REST API only, not the WebSocket streams")
	f.DurationVar(&o.wsWait, "ws-wait", 5*time.Second, "how long to collect WebSocket messages")
	f.IntVar(&o.frames, "ws-messages", 3, "messages to check per WebSocket stream")
	return cmd
}

// contractExit ends the command with code after printing err.
func (a *app) contractExit(code int, err error) error {
	fmt.Fprintf(a.stderr, "bithumb: contract: %v\n", err)
	return &exitError{code: code}
}
