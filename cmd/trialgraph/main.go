// Command trialgraph exports clinical-trial knowledge graphs.
//
// TEMPORARY root for the fetch branch: it only carries the fetch command,
// so that the branch builds. The real root replaces it at merge.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := &cobra.Command{
		Use:           "trialgraph",
		Short:         "Clinical-trial knowledge graphs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newCmdFetch(nil))
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "trialgraph:", err)
		stop()
		os.Exit(1)
	}
}
