package collect

import "strings"

// remoteTool is a remote-access product: software that lets someone
// elsewhere take control of this machine.
type remoteTool struct {
	name string
	// words are lower-case substrings of an installed program's name.
	words []string
	// unattended is true for products whose installed agent exists to take
	// connections with nobody at the machine (a ScreenConnect access
	// client, the Splashtop Streamer). Others need a per-product check.
	unattended bool
}

// remoteTools are the remote-access products seen in practices. Viewers
// (the side that connects out) are not listed: they give nobody a way in.
var remoteTools = []remoteTool{
	{name: "TeamViewer", words: []string{"teamviewer"}},
	{name: "AnyDesk", words: []string{"anydesk"}},
	{name: "RustDesk", words: []string{"rustdesk"}},
	{name: "ScreenConnect", words: []string{"screenconnect client", "connectwise control client", "connectwisecontrol-", "screenconnect-"}, unattended: true},
	{name: "Splashtop Streamer", words: []string{"splashtop streamer", "splashtop-streamer"}, unattended: true},
	{name: "Splashtop", words: []string{"splashtop"}},
	{name: "LogMeIn", words: []string{"logmein"}},
	{name: "GoTo Resolve", words: []string{"goto resolve", "gotoassist"}},
	{name: "Chrome Remote Desktop", words: []string{"chrome remote desktop host", "chrome-remote-desktop"}},
	{name: "VNC server", words: []string{"realvnc server", "vnc server", "vnc-server", "tightvnc", "ultravnc", "x11vnc", "tigervnc-standalone-server", "tigervnc-scraping-server"}},
	{name: "xrdp", words: []string{"xrdp"}},
	{name: "NoMachine", words: []string{"nomachine"}},
	{name: "Zoho Assist", words: []string{"zoho assist"}},
	{name: "RemotePC", words: []string{"remotepc"}},
	{name: "Supremo", words: []string{"supremo"}},
	{name: "DameWare", words: []string{"dameware"}},
	{name: "BeyondTrust Remote Support", words: []string{"beyondtrust remote support", "bomgar"}},
	{name: "Atera", words: []string{"atera agent", "ateraagent"}},
	{name: "NinjaOne", words: []string{"ninjarmmagent", "ninjaone"}},
	{name: "Kaseya", words: []string{"kaseya agent"}},
	{name: "N-able Take Control", words: []string{"take control agent", "n-able take control"}},
}

// viewerWords mark the connecting side of a product, which is not a way in.
var viewerWords = []string{"vnc viewer", "vncviewer", "vnc-viewer", "tigervnc-viewer", "splashtop business", "splashtop personal"}

// matchRemoteTool returns the remote-access product a program is, if any.
// Library packages (libvncserver1) are parts of other programs, not tools.
func matchRemoteTool(name string) (remoteTool, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if strings.HasPrefix(n, "lib") {
		return remoteTool{}, false
	}
	for _, w := range viewerWords {
		if strings.Contains(n, w) {
			return remoteTool{}, false
		}
	}
	for _, t := range remoteTools {
		for _, w := range t.words {
			if strings.Contains(n, w) {
				return t, true
			}
		}
	}
	return remoteTool{}, false
}
