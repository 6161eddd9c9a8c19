package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is the release version; builds may set it with -ldflags "-X".
var Version = "0.1.0"

// toolVersion adds the source revision when the build recorded one.
func toolVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return Version + "+" + s.Value[:12]
		}
	}
	return Version
}

func runVersion(ctx context.Context, args []string, env Env) error {
	fs := newFlags("version", "", env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "triage", toolVersion())
	return nil
}
