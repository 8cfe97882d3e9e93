package main

import (
	"fmt"
	"log/slog"

	"github.com/bithumb-go/bithumb/credentials"
)

// String shows the flags of `bithumb auth set` with the access key masked
// (the secret key is never a flag).
func (o authSetOptions) String() string {
	return fmt.Sprintf("{accessKey:%s secretStdin:%t file:%s}", credentials.Mask(o.accessKey), o.secretStdin, o.file)
}

// Format implements fmt.Formatter: every verb formats String, so that the
// access key shows only masked.
func (o authSetOptions) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), o.String())
}

// LogValue implements slog.LogValuer with the access key masked.
func (o authSetOptions) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key", credentials.Mask(o.accessKey)),
		slog.Bool("secret_stdin", o.secretStdin),
		slog.String("file", o.file),
	)
}
