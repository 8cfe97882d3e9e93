package bithumb

import (
	"fmt"
	"log/slog"
)

// String describes the client without its keys, for example
// "bithumb.Client{BaseURL:https://api.bithumb.com Credentials:true}".
func (c Client) String() string {
	if c.opts == nil {
		return "bithumb.Client{}"
	}
	return fmt.Sprintf("bithumb.Client{BaseURL:%s Credentials:%t}", c.opts.baseURL, c.opts.hasCredentials())
}

// Format implements fmt.Formatter: every verb formats String, so that a
// Client, or a copy of one, never shows its access key (the secret key
// stays with the signers).
func (c Client) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), c.String())
}

// LogValue implements slog.LogValuer: the base URL and whether the
// client has credentials.
func (c Client) LogValue() slog.Value {
	if c.opts == nil {
		return slog.GroupValue()
	}
	return slog.GroupValue(slog.String("base_url", c.opts.baseURL), slog.Bool("credentials", c.opts.hasCredentials()))
}
