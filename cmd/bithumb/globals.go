package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// envAPIURL names the variable that sets the REST base URL when
// --api-url is not given.
const envAPIURL = "BITHUMB_API_URL"

// globalOptions are the flags that every command takes: where the
// servers are, where the keys are, and how to print.
type globalOptions struct {
	apiURL    string // --api-url
	wsURL     string // --ws-url
	credsFile string // --credentials-file
	json      bool   // --json
}

// addGlobalFlags registers the global flags on root as persistent flags.
func addGlobalFlags(root *cobra.Command, g *globalOptions) {
	f := root.PersistentFlags()
	f.StringVar(&g.apiURL, "api-url", "", "REST base `URL` (default $"+envAPIURL+" or "+bithumb.DefaultBaseURL+")")
	f.StringVar(&g.wsURL, "ws-url", "", "WebSocket `URL` (default $"+envWSURL+" or wss://ws-api.bithumb.com)")
	f.StringVar(&g.credsFile, "credentials-file", "", "encrypted credentials `FILE` (default "+defaultPathHelp+")")
	f.BoolVar(&g.json, "json", false, "print JSON for scripts instead of tables")
}

// apiURL returns the REST base URL: --api-url, else BITHUMB_API_URL,
// else production. It checks the URL and names the flag or variable it
// came from in the error.
func (a *app) apiURL() (string, error) {
	raw, source := a.global.apiURL, "--api-url"
	if raw == "" {
		raw, _ = a.lookup(envAPIURL)
		source = envAPIURL
	}
	if raw == "" {
		return bithumb.DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", fmt.Errorf("%s %q is not an http:// or https:// URL", source, raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("%s %q: give the base URL only, without a query, fragment or user info", source, u.Redacted())
	}
	return raw, nil
}

// clientKeys says whether newClient looks for API keys.
type clientKeys int

const (
	noKeys       clientKeys = iota // public data only: never asks for a passphrase
	optionalKeys                   // signed when keys exist
	requireKeys                    // an error names what needs them when none exist
)

// newClient returns an SDK client for the REST API at --api-url. With
// keys other than noKeys it signs with the keys from the environment or
// the credentials file; what names the command in the error when
// required keys are missing.
func (a *app) newClient(what string, keys clientKeys, extra ...bithumb.Option) (*bithumb.Client, error) {
	base, err := a.apiURL()
	if err != nil {
		return nil, err
	}
	opts := []bithumb.Option{bithumb.WithBaseURL(base)}
	if keys != noKeys {
		c, err := a.resolveKeys(what, a.global.credsFile, keys == optionalKeys)
		if err != nil {
			return nil, err
		}
		if c != nil {
			opts = append(opts, bithumb.WithCredentials(*c))
		}
	}
	return bithumb.New(append(opts, extra...)...)
}

// commandContext is the context of cmd, or Background for a command
// that runs outside ExecuteContext (never in practice).
func commandContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
