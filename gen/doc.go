// Package gen is the low-level Bithumb REST client and its types, generated
// by oapi-codegen from spec/bithumb.yaml. Do not edit it by hand: change the
// spec and run `make generate`.
//
// Most programs use the root package bithumb instead, which wraps every
// operation of this package in a typed method with signing, rate limiting,
// retries and typed errors. The types here are re-exported there.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../spec/bithumb.yaml
