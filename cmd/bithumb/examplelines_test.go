package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandLine is one command of a help text's Example or of a README code
// block.
type commandLine struct {
	text  string   // as written: continued lines joined, no trailing comment
	stdin string   // the command before a | that feeds it, e.g. "jq -c . orders.json"
	words []string // the command (the bithumb one of a pipe) split by shellWords
}

// args returns the arguments of a bithumb command line: its words after
// "bithumb".
func (c commandLine) args() []string { return c.words[1:] }

// commandLines returns the commands of text, in order: blank and comment
// lines are skipped, lines continued with a backslash are joined, a
// trailing " # comment" is dropped, and a line of commands separated by
// ";" gives one each. Of a pipe, the command is the part that runs
// bithumb, and stdin the part before it.
func commandLines(t *testing.T, text string) []commandLine {
	t.Helper()
	var out []commandLine
	var cont string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if c, ok := strings.CutSuffix(line, `\`); ok {
			cont += c + " "
			continue
		}
		line, cont = strings.TrimSpace(cont+line), ""
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = stripComment(line)
		for _, command := range splitQuoted(t, line, ";") {
			command = strings.TrimSpace(command)
			if command == "" {
				continue
			}
			c := commandLine{text: command}
			pipe := splitQuoted(t, command, "|")
			run := 0
			for i, part := range pipe {
				if strings.HasPrefix(strings.TrimSpace(part), "bithumb ") {
					run = i
					break
				}
			}
			if run > 0 {
				c.stdin = strings.TrimSpace(pipe[run-1])
			}
			c.words = shellWords(t, strings.TrimSpace(pipe[run]))
			out = append(out, c)
		}
	}
	return out
}

// stripComment cuts line at its first " #" outside single quotes: a
// comment's own text (an apostrophe in "the market's") is not shell.
func stripComment(line string) string {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\'':
			quoted = !quoted
		case !quoted && strings.HasPrefix(line[i:], " #"):
			return line[:i]
		}
	}
	return line
}

// splitQuoted splits line at each sep outside single quotes.
func splitQuoted(t *testing.T, line, sep string) []string {
	t.Helper()
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\'':
			quoted = !quoted
		case !quoted && strings.HasPrefix(line[i:], sep):
			parts = append(parts, line[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", line)
	}
	return append(parts, line[start:])
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

// exampleCommands returns the command lines of cmd's Example, failing
// the test if it has none or one does not run bithumb.
func exampleCommands(t *testing.T, cmd *cobra.Command) []commandLine {
	t.Helper()
	lines := commandLines(t, cmd.Example)
	if len(lines) == 0 {
		t.Fatalf("bithumb %s has no examples", cmd.CommandPath())
	}
	for _, l := range lines {
		if l.words[0] != "bithumb" {
			t.Fatalf("%s: example %q does not start with bithumb", cmd.CommandPath(), l.text)
		}
	}
	return lines
}

// subcommand returns the command of the root command at path, e.g.
// "order", "get".
func subcommand(t *testing.T, path ...string) *cobra.Command {
	t.Helper()
	root := newRootCommand(nil, nil, nil, func(string) (string, bool) { return "", false })
	cmd, _, err := root.Find(path)
	if err != nil || cmd.Name() != path[len(path)-1] {
		t.Fatalf("no command %q: %v", path, err)
	}
	return cmd
}

// shellBlocks returns the text of the ```sh code blocks of a markdown
// page, without their fences.
func shellBlocks(page string) string {
	var blocks []string
	parts := strings.Split(page, "```")
	for i := 1; i < len(parts); i += 2 {
		if body, ok := strings.CutPrefix(parts[i], "sh\n"); ok {
			blocks = append(blocks, body)
		}
	}
	return strings.Join(blocks, "\n")
}

func TestCommandLinesComments(t *testing.T) {
	const text = `# a comment line
make bench-limiter # the share of each category's limit
bithumb api /v1/ticker -f 'markets=KRW-BTC' # it's public
bithumb balance; bithumb version   # two commands`
	var got []string
	for _, c := range commandLines(t, text) {
		got = append(got, strings.Join(c.words, "|"))
	}
	want := []string{"make|bench-limiter", "bithumb|api|/v1/ticker|-f|markets=KRW-BTC", "bithumb|balance", "bithumb|version"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("commandLines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
