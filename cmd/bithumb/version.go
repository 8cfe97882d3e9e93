package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// versionInfo is what `bithumb version` reports.
type versionInfo struct {
	Version    string `json:"version"`               // bithumb.Version
	GoVersion  string `json:"go_version"`            // the Go release that built the binary
	Module     string `json:"module,omitempty"`      // the main module's path
	Revision   string `json:"revision,omitempty"`    // the VCS revision built, when recorded
	Modified   bool   `json:"modified,omitempty"`    // the working tree had changes
	CommitTime string `json:"commit_time,omitempty"` // the revision's commit time
	Platform   string `json:"platform"`              // GOOS/GOARCH
}

// buildInfo reads the build information of the binary; tests replace it.
var buildInfo = debug.ReadBuildInfo

// currentVersion collects the version of the binary from bithumb.Version,
// the runtime and the build information, whose VCS fields are empty for
// a binary built outside a repository or by `go test`.
func currentVersion() versionInfo {
	v := versionInfo{Version: bithumb.Version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := buildInfo()
	if !ok {
		return v
	}
	v.Module = info.Main.Path
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func newVersionCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, the Go version and the build's revision",
		Long: `Print the version of bithumb-go, the Go release that built the binary,
the platform, and the VCS revision and commit time that the build recorded
(for a binary built from a checkout). With --json the same as an object.
"bithumb --version" prints the version alone.`,
		Example: `  bithumb version
  bithumb version --json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := currentVersion()
			if a.global.json {
				return a.printJSON(v)
			}
			_, err := io.WriteString(a.stdout, v.text())
			return err
		},
	}
}

// text is v as lines of a name and a value, leaving out what the build
// did not record.
func (v versionInfo) text() string {
	var b strings.Builder
	line := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-13s%s\n", name+":", value)
		}
	}
	line("version", v.Version)
	line("go", v.GoVersion)
	line("platform", v.Platform)
	line("module", v.Module)
	rev := v.Revision
	if rev != "" && v.Modified {
		rev += " (modified)"
	}
	line("revision", rev)
	line("commit time", v.CommitTime)
	return b.String()
}
