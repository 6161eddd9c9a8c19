package collect

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// Parsers of Linux system files and command output. None of them touches
// the machine; linux.go feeds them.

// parseOSRelease reads /etc/os-release: KEY=value lines, values optionally
// quoted with shell escapes (os-release(5)).
func parseOSRelease(data string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		out[strings.TrimSpace(k)] = unquoteShell(strings.TrimSpace(v))
	}
	return out
}

func unquoteShell(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		q := v[0]
		v = v[1 : len(v)-1]
		if q == '"' {
			r := strings.NewReplacer(`\"`, `"`, `\\`, `\`, "\\$", "$", "\\`", "`")
			v = r.Replace(v)
		}
	}
	return v
}

// pkg is one installed package.
type pkg struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Arch    string `json:"arch,omitempty"`
	Vendor  string `json:"vendor,omitempty"`
	Line    int    `json:"line,omitempty"` // where its record starts, in the file read
}

// parseDpkgStatus reads /var/lib/dpkg/status: RFC 822 stanzas, one per
// package, of which only those with Status "install ok installed" are on
// the machine (others are removed but configured, half-installed, ...).
func parseDpkgStatus(r io.Reader) ([]pkg, error) {
	var out []pkg
	var cur pkg
	installed := false
	lineNo := 0
	flush := func() {
		if cur.Name != "" && installed {
			out = append(out, cur)
		}
		cur, installed = pkg{}, false
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // continuation of a long field (Description, Conffiles)
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Package":
			cur.Name, cur.Line = v, lineNo
		case "Version":
			cur.Version = v
		case "Architecture":
			cur.Arch = v
		case "Status":
			f := strings.Fields(v)
			installed = len(f) == 3 && f[2] == "installed"
		}
	}
	flush()
	return out, sc.Err()
}

// parseRPMList reads `rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n'`.
func parseRPMList(data string) []pkg {
	var out []pkg
	for _, line := range strings.Split(data, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 2 || strings.TrimSpace(f[0]) == "" || strings.HasPrefix(f[0], "gpg-pubkey") {
			continue // gpg-pubkey entries are signing keys, not software
		}
		p := pkg{Name: f[0], Version: f[1]}
		if len(f) > 2 && f[2] != "(none)" {
			p.Vendor = f[2]
		}
		out = append(out, p)
	}
	return out
}

// aptHistoryUpgrade tracks the newest apt run that upgraded packages in
// /var/log/apt/history.log: stanzas of Start-Date, Commandline, Install,
// Upgrade, Remove, End-Date. Runs that only installed or removed packages
// are not patching.
type aptHistoryUpgrade struct {
	zone    *time.Location
	start   time.Time
	upgrade bool
	newest  time.Time
}

func (a *aptHistoryUpgrade) line(line string) {
	switch {
	case strings.HasPrefix(line, "Start-Date:"):
		a.start = parseLocal("2006-01-02 15:04:05", strings.Join(strings.Fields(strings.TrimPrefix(line, "Start-Date:")), " "), a.zone)
		a.upgrade = false
	case strings.HasPrefix(line, "Upgrade:"):
		a.upgrade = true
	case strings.HasPrefix(line, "End-Date:"):
		if a.upgrade && a.start.After(a.newest) {
			a.newest = a.start
		}
		a.upgrade = false
	}
}

// dpkgLogUpgrade returns the time of a dpkg.log "upgrade" line
// ("2024-05-14 10:00:01 upgrade libc6:amd64 2.36-9 2.36-9+deb12u7").
// dpkg logs every upgrade whatever front end ran it (apt, unattended-
// upgrades, a desktop updater).
func dpkgLogUpgrade(line string, zone *time.Location) (time.Time, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || f[2] != "upgrade" {
		return time.Time{}, false
	}
	t := parseLocal("2006-01-02 15:04:05", f[0]+" "+f[1], zone)
	return t, !t.IsZero()
}

// dnfLogUpgrade reads one /var/log/dnf.rpm.log line
// ("2024-05-14T10:00:01+1000 SUBDEBUG Upgrade: bash-5.2.26-3.fc40.x86_64").
func dnfLogUpgrade(line string) (time.Time, bool) {
	f := strings.Fields(line)
	if len(f) < 3 || !(f[2] == "Upgrade:" || f[2] == "Upgraded:") {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, f[0]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseLocal(layout, s string, zone *time.Location) time.Time {
	t, err := time.ParseInLocation(layout, s, zone)
	if err != nil {
		return time.Time{}
	}
	return t
}

// pendingUpdates is what the package manager says is waiting.
type pendingUpdates struct {
	Security int      `json:"security"`
	Total    int      `json:"total"`
	Packages []string `json:"packages,omitempty"` // the security ones
}

// aptSuite returns the suite of an apt list file, named after its URL
// ("deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4"
// is suite bookworm-security).
func aptSuite(name string) string {
	_, rest, ok := strings.Cut(name, "_dists_")
	if !ok {
		return ""
	}
	suite, _, _ := strings.Cut(rest, "_")
	return suite
}

// securityUpdates reads one Packages list of a security suite and adds to
// pending every installed package (by name and architecture) for which
// the list holds a newer version.
func securityUpdates(r io.Reader, installed map[string]pkg, pending map[string]bool) error {
	var name, version, arch string
	check := func() {
		if name == "" {
			return
		}
		for _, key := range []string{name + ":" + arch, name + ":all", name + ":"} {
			if p, ok := installed[key]; ok && compareDebVersions(version, p.Version) > 0 {
				pending[p.Name] = true
				break
			}
		}
		name, version, arch = "", "", ""
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			check()
			continue
		}
		switch {
		case strings.HasPrefix(line, "Package: "):
			name = strings.TrimSpace(line[len("Package: "):])
		case strings.HasPrefix(line, "Version: "):
			version = strings.TrimSpace(line[len("Version: "):])
		case strings.HasPrefix(line, "Architecture: "):
			arch = strings.TrimSpace(line[len("Architecture: "):])
		}
	}
	check()
	return sc.Err()
}

// compareDebVersions orders Debian package versions
// ([epoch:]upstream[-revision]) the way dpkg does (deb-version(7)):
// negative when a is older than b.
func compareDebVersions(a, b string) int {
	ea, ua, ra := splitDebVersion(a)
	eb, ub, rb := splitDebVersion(b)
	if ea != eb {
		if ea < eb {
			return -1
		}
		return 1
	}
	if c := compareDebPart(ua, ub); c != 0 {
		return c
	}
	return compareDebPart(ra, rb)
}

func splitDebVersion(v string) (epoch int, upstream, revision string) {
	v = strings.TrimSpace(v)
	if e, rest, ok := strings.Cut(v, ":"); ok {
		epoch, _ = strconv.Atoi(e)
		v = rest
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		return epoch, v[:i], v[i+1:]
	}
	return epoch, v, ""
}

// debOrder weighs a non-digit character: "~" sorts before everything,
// even the end of the string; letters before other characters.
func debOrder(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	switch {
	case isDigit(c):
		return 0
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return int(c)
	case c == '~':
		return -1
	}
	return int(c) + 256
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// compareDebPart compares alternating runs of non-digits (by debOrder)
// and digits (as numbers), as dpkg's verrevcmp does.
func compareDebPart(a, b string) int {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for (i < len(a) && !isDigit(a[i])) || (j < len(b) && !isDigit(b[j])) {
			ac, bc := debOrder(a, i), debOrder(b, j)
			if ac != bc {
				return ac - bc
			}
			i++
			j++
		}
		for i < len(a) && a[i] == '0' {
			i++
		}
		for j < len(b) && b[j] == '0' {
			j++
		}
		firstDiff := 0
		for i < len(a) && isDigit(a[i]) && j < len(b) && isDigit(b[j]) {
			if firstDiff == 0 {
				firstDiff = int(a[i]) - int(b[j])
			}
			i++
			j++
		}
		if i < len(a) && isDigit(a[i]) {
			return 1
		}
		if j < len(b) && isDigit(b[j]) {
			return -1
		}
		if firstDiff != 0 {
			return firstDiff
		}
	}
	return 0
}

// parseDnfSecurity reads `dnf updateinfo list --security`: one
// "ADVISORY SEVERITY/Sec. package" line per package and advisory.
func parseDnfSecurity(data string) pendingUpdates {
	var p pendingUpdates
	seen := map[string]bool{}
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.Contains(f[1], "Sec.") {
			continue
		}
		if !seen[f[2]] {
			seen[f[2]] = true
			p.Security++
			p.Packages = append(p.Packages, f[2])
		}
	}
	p.Total = p.Security
	return p
}

// groupMembers reads /etc/group and /etc/passwd: the members of the named
// groups, including users whose primary group it is (listed only in
// /etc/passwd), in order of first appearance.
func groupMembers(group, passwd string, names ...string) []string {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	gids := map[string]bool{}
	var out []string
	seen := map[string]bool{}
	add := func(u string) {
		u = strings.TrimSpace(u)
		if u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for _, line := range strings.Split(group, "\n") {
		f := strings.Split(strings.TrimSpace(line), ":")
		if len(f) < 4 || !want[f[0]] {
			continue
		}
		gids[f[2]] = true
		for _, m := range strings.Split(f[3], ",") {
			add(m)
		}
	}
	for _, line := range strings.Split(passwd, "\n") {
		f := strings.Split(strings.TrimSpace(line), ":")
		if len(f) >= 4 && gids[f[3]] {
			add(f[0])
		}
	}
	return out
}

// sshSettings are the sshd options the collector reports.
type sshSettings struct {
	PasswordAuthentication string `json:"password_authentication,omitempty"`
	PermitRootLogin        string `json:"permit_root_login,omitempty"`
}

// sshdDefaults are OpenSSH's built-in values (OpenSSH 7.0 and later).
var sshdDefaults = sshSettings{PasswordAuthentication: "yes", PermitRootLogin: "prohibit-password"}

// parseSSHDT reads `sshd -T`: the effective configuration, one lower-case
// "keyword value" per line.
func parseSSHDT(data string) sshSettings {
	var s sshSettings
	for _, line := range strings.Split(data, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch k {
		case "passwordauthentication":
			s.PasswordAuthentication = strings.TrimSpace(v)
		case "permitrootlogin":
			s.PermitRootLogin = strings.TrimSpace(v)
		}
	}
	return s
}

// sshdConfig applies sshd_config lines the way sshd does: the first value
// given for a keyword wins, and lines after "Match" apply only to some
// connections, so they are not the machine's setting. include is called
// for Include lines and returns the included files' lines.
type sshdConfig struct {
	s       sshSettings
	inMatch bool
}

func (c *sshdConfig) lines(data string, include func(pattern string) []string) {
	for _, line := range strings.Split(data, "\n") {
		if c.inMatch {
			return
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v := splitKeyword(line)
		switch strings.ToLower(k) {
		case "match":
			c.inMatch = true
		case "include":
			for _, pat := range strings.Fields(v) {
				for _, inc := range include(pat) {
					c.lines(inc, include)
				}
			}
		case "passwordauthentication":
			if c.s.PasswordAuthentication == "" {
				c.s.PasswordAuthentication = strings.ToLower(v)
			}
		case "permitrootlogin":
			if c.s.PermitRootLogin == "" {
				c.s.PermitRootLogin = strings.ToLower(v)
			}
		}
	}
}

func (c *sshdConfig) settings() sshSettings {
	s := c.s
	if s.PasswordAuthentication == "" {
		s.PasswordAuthentication = sshdDefaults.PasswordAuthentication
	}
	if s.PermitRootLogin == "" {
		s.PermitRootLogin = sshdDefaults.PermitRootLogin
	}
	return s
}

// splitKeyword splits "Keyword value" or "Keyword=value".
func splitKeyword(line string) (string, string) {
	i := strings.IndexAny(line, " \t=")
	if i < 0 {
		return line, ""
	}
	return line[:i], strings.Trim(strings.TrimSpace(line[i:]), "= \t\"")
}

// ufwEnabled reads /etc/ufw/ufw.conf: ENABLED=yes starts ufw at boot.
func ufwEnabled(data string) (bool, bool) {
	for _, line := range strings.Split(data, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && k == "ENABLED" {
			v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
			return v == "yes", true
		}
	}
	return false, false
}

// nftFilters reads `nft list ruleset` and reports whether any chain on
// the input hook drops or rejects traffic (by policy or by rule): a
// ruleset that accepts everything is no firewall.
func nftFilters(data string) bool {
	depth, inputDepth := 0, -1
	for _, line := range strings.Split(data, "\n") {
		t := strings.TrimSpace(line)
		if inputDepth < 0 && strings.Contains(t, "hook input") {
			inputDepth = depth
		}
		if inputDepth >= 0 && depth >= inputDepth {
			if strings.Contains(t, "policy drop") || hasWord(t, "drop") || hasWord(t, "reject") {
				return true
			}
		}
		depth += strings.Count(t, "{") - strings.Count(t, "}")
		if inputDepth >= 0 && depth < inputDepth {
			inputDepth = -1
		}
	}
	return false
}

// iptablesFilters reads `iptables -S`: a DROP or REJECT policy on INPUT,
// or any rule that drops or rejects.
func iptablesFilters(data string) bool {
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "-P" && f[1] == "INPUT" && (f[2] == "DROP" || f[2] == "REJECT") {
			return true
		}
		for i := 0; i+1 < len(f); i++ {
			if f[0] == "-A" && f[i] == "-j" && (f[i+1] == "DROP" || f[i+1] == "REJECT") {
				return true
			}
		}
	}
	return false
}

func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == ';' }) {
		if f == w {
			return true
		}
	}
	return false
}

// mount is the root file system's line in /proc/self/mountinfo.
type mount struct {
	Dev    string `json:"dev"` // major:minor
	FSType string `json:"fstype"`
	Source string `json:"source"`
}

// rootMount finds the "/" mount in /proc/self/mountinfo (proc(5)): fields
// id, parent, major:minor, root, mount point, options..., "-", type,
// source. The last "/" line wins, as later mounts hide earlier ones.
func rootMount(data string) (mount, bool) {
	var m mount
	found := false
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) < 5 || f[4] != "/" {
			continue
		}
		sep := -1
		for i := 5; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if sep < 0 || sep+2 >= len(f) {
			continue
		}
		m = mount{Dev: f[2], FSType: f[sep+1], Source: f[sep+2]}
		found = true
	}
	return m, found
}

// parseGSettingsBool reads `gsettings get` of a boolean ("true").
func parseGSettingsBool(data string) (bool, bool) {
	switch strings.TrimSpace(data) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// parseGSettingsUint reads `gsettings get` of a number ("uint32 300").
func parseGSettingsUint(data string) (int, bool) {
	f := strings.Fields(data)
	if len(f) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(f[len(f)-1])
	return n, err == nil && n >= 0
}
