//go:build windows

package collect

import (
	"os"
	"os/exec"
	"time"
)

// Local returns the System of the Windows PC the collector runs on.
// Commands are taken from the Windows directory only, never from PATH or
// the current folder, so a program dropped beside triage.exe cannot stand
// in for reg.exe while an administrator runs it. Whether the process is
// elevated is asked of whoami by the collector itself.
func Local(now time.Time) System {
	host, _ := os.Hostname()
	root := os.Getenv("SystemRoot")
	if root == "" {
		root = `C:\Windows`
	}
	drive := os.Getenv("SystemDrive")
	if drive == "" {
		drive = "C:"
	}
	return System{
		OS:       Windows,
		Hostname: host,
		Run:      ExecRunner{Dirs: []string{root + `\System32`, root + `\System32\WindowsPowerShell\v1.0`}},
		Files:    os.DirFS(drive + `\`),
		Getenv:   os.Getenv,
		Now:      now,
		Zone:     time.Local,
	}
}

// ownProcessGroup does nothing on Windows: the commands the collector
// runs there start no children that outlive them.
func ownProcessGroup(*exec.Cmd) {}
