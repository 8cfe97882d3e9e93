package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim"
)

// TestSimDataKeepsTheGeneratedKeys: `bithumb sim --data DIR` prints the
// same generated key after a restart, and that key still signs.
func TestSimDataKeepsTheGeneratedKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keyRE := regexp.MustCompile(`access key (\S+)\s+secret key (\S+)`)
	first, stop := runSimUntilBanner(t, nil, "--data", dir)
	stop()
	second, stop := runSimUntilBanner(t, nil, "--data", dir)
	defer stop()
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(second)
	k1, k2 := keyRE.FindStringSubmatch(first), keyRE.FindStringSubmatch(second)
	if k1 == nil || k2 == nil || k1[1] != k2[1] || k1[2] != k2[2] {
		t.Fatalf("the key changed across the restart:\n%s\n%s", first, second)
	}
	env := map[string]string{"BITHUMB_ACCESS_KEY": k2[1], "BITHUMB_SECRET_KEY": k2[2]}
	if r := runCLI(t, nil, env, "api", "--api-url", base, "/v1/accounts"); r.code != 0 || !strings.Contains(r.stdout, `"currency":"KRW"`) {
		t.Errorf("the kept key after the restart: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
}

// TestSimHelpPointsToTheSampleConfig: `sim --help` names the sample
// configuration, and the file is where it says (its content is tested in
// package sim).
func TestSimHelpPointsToTheSampleConfig(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, nil, "sim", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "docs/sim-config.yaml") || !strings.Contains(r.stdout, "keys.json") {
		t.Fatalf("sim --help: exit %d:\n%s", r.code, r.stdout)
	}
	if _, err := sim.LoadConfig("../../docs/sim-config.yaml"); err != nil {
		t.Fatal(err)
	}
}
