package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb"
)

// fakeBuildInfo makes buildInfo answer info for the test.
func fakeBuildInfo(t *testing.T, info *debug.BuildInfo) {
	saved := buildInfo
	buildInfo = func() (*debug.BuildInfo, bool) { return info, info != nil }
	t.Cleanup(func() { buildInfo = saved })
}

func TestVersion(t *testing.T) {
	fakeBuildInfo(t, &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/bithumb-go/bithumb"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123abcd"},
			{Key: "vcs.time", Value: "2026-07-30T12:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	})
	r := runCLI(t, nil, nil, "version")
	want := "version:     " + bithumb.Version + "\ngo:          " + runtime.Version() + "\nplatform:    " + runtime.GOOS + "/" + runtime.GOARCH +
		"\nmodule:      github.com/bithumb-go/bithumb\nrevision:    0123abcd (modified)\ncommit time: 2026-07-30T12:00:00Z\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("version: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	r = runCLI(t, nil, nil, "version", "--json")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["version"] != bithumb.Version ||
		v["go_version"] != runtime.Version() || v["revision"] != "0123abcd" || v["modified"] != true {
		t.Errorf("version --json: %v, %v from %s", err, v, r.stdout)
	}
}

// Without build information (or VCS settings) the lines that need it are
// left out.
func TestVersionWithoutBuildInfo(t *testing.T) {
	fakeBuildInfo(t, nil)
	r := runCLI(t, nil, nil, "version")
	if r.code != 0 || strings.Contains(r.stdout, "revision") || strings.Contains(r.stdout, "module") ||
		!strings.HasPrefix(r.stdout, "version:     "+bithumb.Version+"\n") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

func TestVersionFlag(t *testing.T) {
	r := runCLI(t, nil, nil, "--version")
	if r.code != 0 || !strings.Contains(r.stdout, bithumb.Version) {
		t.Errorf("--version: exit %d, %q", r.code, r.stdout)
	}
}
