package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/drift"
	"github.com/bithumb-go/bithumb/spec"
)

// runContractLive runs `bithumb contract --live`: the REST check, then
// the WebSocket check, then the report.
func (a *app) runContractLive(ctx context.Context, o *contractOptions) error {
	switch {
	case o.frames < 1:
		return fmt.Errorf("--ws-messages %d: want at least 1", o.frames)
	case o.wsWait <= 0:
		return fmt.Errorf("--ws-wait %s: want a positive duration", o.wsWait)
	}
	given := a.global.apiURL
	if given == "" {
		given, _ = a.lookup(envAPIURL)
	}
	base := o.defaultURL
	if given != "" {
		var err error
		if base, err = a.apiURL(); err != nil {
			return err
		}
	}
	doc, err := spec.Load()
	if err != nil {
		return a.contractExit(contractExitNotRun, err)
	}
	keys, err := a.resolveKeys("contract --live", a.global.credsFile, true)
	if err != nil {
		return err
	}
	opts := []bithumb.Option{bithumb.WithBaseURL(base), bithumb.WithTransport(liveTransport(doc))}
	if keys != nil {
		opts = append(opts, bithumb.WithCredentials(*keys))
	}
	client, err := bithumb.New(opts...)
	if err != nil {
		return err
	}

	report := &drift.Report{Target: base, SpecVersion: doc.Info.Version}
	var unreachable error
	report.REST = drift.CheckREST(ctx, doc, client, drift.Plan(doc, keys != nil), func(err error) bool {
		unreachable = err
		return !drift.NoNetwork(err)
	})
	switch {
	case unreachable != nil && drift.NoNetwork(unreachable) && given == "":
		report.Skipped = "no network"
		return a.writeDriftReport(report, o)
	case unreachable != nil && drift.NoNetwork(unreachable):
		return a.contractExit(contractExitNotRun, fmt.Errorf("%s cannot be reached: %w", base, unreachable))
	}
	if !o.restOnly {
		results, err := a.checkStreams(ctx, doc, keys, o)
		if err != nil {
			return a.contractExit(contractExitNotRun, err)
		}
		report.WebSocket = results
	}
	if err := a.writeDriftReport(report, o); err != nil {
		return err
	}
	switch {
	case report.HasBreaking():
		return &exitError{code: contractExitBreaking}
	case report.Checked == 0:
		return a.contractExit(contractExitNotRun, errors.New("no answer was checked (see the report)"))
	}
	return nil
}

// writeDriftReport prints the report (Markdown, or JSON with --json) or,
// with --report-dir, writes drift.md and drift.json there and prints a
// summary line (and the JSON with --json).
func (a *app) writeDriftReport(r *drift.Report, o *contractOptions) error {
	r.Tally()
	if o.reportDir != "" {
		if err := os.MkdirAll(o.reportDir, 0o755); err != nil {
			return a.contractExit(contractExitNotRun, err)
		}
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		md, err := os.Create(filepath.Join(o.reportDir, "drift.md"))
		if err != nil {
			return a.contractExit(contractExitNotRun, err)
		}
		err = r.Markdown(md)
		if cerr := md.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(o.reportDir, "drift.json"), append(data, '\n'), 0o644)
		}
		if err != nil {
			return a.contractExit(contractExitNotRun, err)
		}
		if a.global.json {
			return a.printJSON(r)
		}
		if r.Skipped != "" {
			_, err = fmt.Fprintf(a.stdout, "skipped: %s\n", r.Skipped)
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "%d breaking, %d additive finding(s) in %d checked answer(s) and stream(s); report in %s\n",
			r.Breaking, r.Additive, r.Checked, filepath.Join(o.reportDir, "drift.md"))
		return err
	}
	if a.global.json {
		return a.printJSON(r)
	}
	return r.Markdown(a.stdout)
}

// liveTransport is the transport of the live check, its last guard: a
// drift.Transport with the Guard of doc over the client's default
// transport (bithumb.NewTransport), timeouts included.
func liveTransport(doc *openapi3.T) http.RoundTripper {
	return drift.Transport{Guard: drift.NewGuard(doc), Next: bithumb.NewTransport()}
}
