// Command bithumb is the command-line tool of bithumb-go: raw signed calls
// to any Bithumb endpoint, encrypted credentials, the local exchange
// simulator, and an offline demo.
//
// Run `bithumb --help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// shutdownSignals end a command cleanly: an interrupt (Ctrl-C) and
// SIGTERM, which `docker stop`, systemd and Kubernetes send. `bithumb sim`
// then saves its final checkpoint before exiting.
var shutdownSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), shutdownSignals...)
	go func() {
		// After the first signal, a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// env is how commands read the environment, so tests can supply their own.
type env func(string) (string, bool)

// run executes the command line args and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, lookup env) int {
	root := newRootCommand(stdin, stdout, stderr, lookup)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		var exit *exitError
		if errors.As(err, &exit) {
			return exit.code
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "bithumb: ") {
			msg = "bithumb: " + msg
		}
		fmt.Fprintln(stderr, msg+authHint(err))
		return 1
	}
	return 0
}

// app is what every command reads and writes: the standard streams and
// the environment of the process (or of a test).
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lookup         env
	global         *globalOptions // set by the root command's flags
}

// exitError ends the command with code after the command has printed its
// own message.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func newRootCommand(stdin io.Reader, stdout, stderr io.Writer, lookup env) *cobra.Command {
	root := &cobra.Command{
		Use:           "bithumb",
		Short:         "Command-line tool for the Bithumb exchange API",
		Long:          "bithumb calls the Bithumb exchange API (REST and WebSocket) and runs a local Bithumb simulator for development and paper trading.",
		Example:       rootExample,
		Version:       bithumb.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, lookup: lookup, global: new(globalOptions)}
	addGlobalFlags(root, a.global)
	root.AddCommand(
		newAPICommand(a),
		newAuthCommand(a),
		newWatchCommand(a),
		newSimCommand(a),
		newDemoCommand(a),
		newDoctorCommand(a),
		newContractCommand(a),
		newBalanceCommand(a),
		newOrderCommand(a),
		newBuyCommand(a),
		newSellCommand(a),
		newDepositsCommand(a),
		newWithdrawalsCommand(a),
		newWalletCommand(a),
		newAPIKeysCommand(a),
		newMarketsCommand(a),
		newTickerCommand(a),
		newOrderbookCommand(a),
		newTradesCommand(a),
		newCandlesCommand(a),
		newVersionCommand(a),
	)
	root.InitDefaultCompletionCmd() // now rather than at Execute, so that it is refused below too
	for _, c := range root.Commands() {
		refuseUnknownSubcommands(c)
		showUsageOnBadArgs(c)
	}
	return root
}

// showUsageOnBadArgs makes the argument check of c and its subcommands
// say how the command is used: cobra's "requires at least 1 arg(s), only
// received 0" alone does not name what is missing.
func showUsageOnBadArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		showUsageOnBadArgs(sub)
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return fmt.Errorf("%w; usage: %s (see %s --help)", err, cmd.UseLine(), cmd.CommandPath())
			}
			return nil
		}
	}
}

// refuseUnknownSubcommands makes each command under c that only groups
// others (order, wallet, auth, completion) fail on an unknown
// subcommand, "unknown command "x" for "bithumb wallet"", where cobra
// would print the help and exit 0; without arguments it still prints
// the help.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = cobra.NoArgs
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
}
