//go:build darwin

package collect

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Local returns the System of the Mac the collector runs on.
func Local(now time.Time) System {
	host, _ := os.Hostname()
	return System{
		OS:       Darwin,
		Hostname: host,
		Elevated: os.Geteuid() == 0,
		Run:      ExecRunner{Dirs: darwinDirs, Env: []string{"LC_ALL=C", "LANG=C"}},
		Files:    os.DirFS("/"),
		Getenv:   os.Getenv,
		Now:      now,
		Zone:     time.Local,
	}
}

// ownProcessGroup starts a command in a process group of its own, so that
// a timeout kills whatever it started as well (a shell's children, a
// package manager's helpers), not just the command.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
