package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleLine is one `bithumb api` command line of a help text or of the
// README, with the command that feeds its standard input, if any.
type exampleLine struct {
	text  string
	stdin string // e.g. "jq -c . orders.json" before a |
	args  []string
}

// apiExampleLines returns the `bithumb api` command lines of text, in
// order: comments and other commands are skipped, lines continued with a
// backslash are joined, and a trailing "# comment" is dropped.
func apiExampleLines(t *testing.T, text string) []exampleLine {
	t.Helper()
	var out []exampleLine
	var cont string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if c, ok := strings.CutSuffix(line, `\`); ok {
			cont += c + " "
			continue
		}
		line, cont = cont+line, ""
		if strings.HasPrefix(line, "#") || !strings.Contains(line, "bithumb api ") {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		ex := exampleLine{text: line}
		if feed, cmd, ok := strings.Cut(line, "|"); ok {
			ex.stdin, line = strings.TrimSpace(feed), cmd
		}
		words := shellWords(t, line)
		if len(words) < 2 || words[0] != "bithumb" || words[1] != "api" {
			t.Fatalf("not a bithumb api command line: %q", ex.text)
		}
		ex.args = words[1:]
		out = append(out, ex)
	}
	return out
}

// shellWords splits a command line at spaces, with single quotes.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

// exampleOrderID matches the order ids of the examples: "C0101..." and
// "C0102..." placeholders, or a made-up full id.
var exampleOrderID = regexp.MustCompile(`C010[12](\.\.\.|\d{15})`)

// runAPIExamples runs every command line of lines against a simulator in
// order, with its --api-url, orders.json a real batch, and the order ids
// those of resting orders; each must succeed.
func runAPIExamples(t *testing.T, lines []exampleLine) {
	s := startAPISim(t)
	ids := map[string]string{}
	batch := filepath.Join(t.TempDir(), "orders.json")
	const batchBody = `{"batch_orders":[{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"80000000","volume":"0.001"}]}`
	if err := os.WriteFile(batch, []byte(batchBody), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, ex := range lines {
		args := []string{}
		for j := 1; j < len(ex.args); j++ {
			a := ex.args[j]
			switch {
			case a == "--api-url":
				j++ // the simulator's URL instead
				continue
			case a == "orders.json":
				a = batch
			}
			a = exampleOrderID.ReplaceAllStringFunc(a, func(placeholder string) string {
				if ids[placeholder] == "" {
					ids[placeholder] = s.restingBid("")
				}
				return ids[placeholder]
			})
			args = append(args, a)
		}
		stdin := ""
		switch ex.stdin {
		case "":
		case "jq -c . orders.json":
			stdin = batchBody
		default:
			t.Fatalf("example %d: unknown input command %q", i, ex.stdin)
		}
		r := s.run(stdin, args...)
		if r.code != 0 || r.stdout == "" {
			t.Errorf("example %q: exit %d\nstdout %s\nstderr %s", ex.text, r.code, r.stdout, r.stderr)
		}
	}
}

func TestAPIHelpExamplesRun(t *testing.T) {
	t.Parallel()
	lines := apiExampleLines(t, apiExamples)
	if len(lines) < 10 {
		t.Fatalf("only %d example command lines found", len(lines))
	}
	runAPIExamples(t, lines)
}

func TestAPIReadmeExamplesRun(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	parts := strings.Split(string(readme), "```")
	for i := 1; i < len(parts); i += 2 {
		blocks = append(blocks, parts[i])
	}
	lines := apiExampleLines(t, strings.Join(blocks, "\n"))
	if len(lines) < 5 {
		t.Fatalf("only %d `bithumb api` lines in README.md's code blocks", len(lines))
	}
	runAPIExamples(t, lines)
}
