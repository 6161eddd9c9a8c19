// Package collect is the endpoint collector behind `triage collect`: run on
// one practice PC or server, without installing anything and without
// administrator rights, it reads the machine's security state and returns
// it as facts (one device, its installed programs, a few settings, and a
// gap for every check it had to skip) for importer.WriteFacts.
//
// It reads only what docs/collector.md lists: operating-system release and
// patch state, disk encryption, firewall, anti-malware, screen lock, local
// administrators, installed programs and remote-access tools. It never
// opens documents, browsing history, mailboxes, user files or patient data,
// and never changes the machine.
//
// Files:
//   - collect.go: System (what a collector may touch), Collect, Result and
//     the fact builder every platform shares
//   - runner.go: Runner and ExecRunner, which runs built-in commands with a
//     timeout and a cap on the output read
//   - files.go: capped reads through an fs.FS rooted at the machine's root
//   - remote.go: which programs are remote-access tools, and whether they
//     take unattended connections
//   - linux.go, windows.go, darwin.go: what each platform collects and how
//     it maps onto facts
//   - linuxparse.go, windowsparse.go, darwinparse.go, plist.go: parsers of
//     command output and system files, free of build tags so that every
//     platform's parsers are tested everywhere on captured fixtures
//   - lz4.go: an LZ4 frame reader for apt's compressed package lists, which
//     the collector compares with the installed packages itself rather than
//     running apt (apt alone needs more memory than the collector's budget)
//   - collect_linux.go, collect_windows.go, collect_darwin.go,
//     collect_other.go: Local, the System of the machine the binary runs
//     on (the only build-tagged files)
//
// Every platform's collector is plain code over System, so tests run the
// Windows and macOS collectors on Linux with a fake Runner and an fs.FS of
// fixtures, and the Linux collector both on fixtures and for real.
//
// It may import audit, importer and the standard library. It needs only
// audit and the standard library today: the CLI writes the facts with
// importer.WriteFacts, and the tests use importer to check that they read
// back.
package collect
