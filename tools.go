//go:build tools

// Package tools pins the versions of the code generators and linters that
// `make generate` and `make lint` run. It is never built into the library.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
