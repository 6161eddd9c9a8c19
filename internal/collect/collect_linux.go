//go:build linux

package collect

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Local returns the System of the Linux machine the collector runs on.
// Commands run with LC_ALL=C so their output is in the English the
// parsers read, whatever the machine's language.
func Local(now time.Time) System {
	host, _ := os.Hostname()
	return System{
		OS:       Linux,
		Hostname: host,
		Elevated: os.Geteuid() == 0,
		Run:      ExecRunner{Dirs: linuxDirs, Env: []string{"LC_ALL=C", "LANG=C"}},
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
