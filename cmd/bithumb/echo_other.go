//go:build !linux

package main

// echoOff does nothing here: term.ReadPassword turns the echo off when it
// starts reading.
func echoOff(int) (restore func(), err error) { return func() {}, nil }
