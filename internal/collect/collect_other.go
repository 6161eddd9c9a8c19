//go:build !linux && !windows && !darwin

package collect

import (
	"os"
	"os/exec"
	"runtime"
	"time"
)

// Local returns a System that Collect refuses: there is no collector for
// this platform.
func Local(now time.Time) System {
	host, _ := os.Hostname()
	return System{OS: runtime.GOOS, Hostname: host, Now: now}
}

func ownProcessGroup(*exec.Cmd) {}
