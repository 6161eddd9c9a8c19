package probetest

import (
	"fmt"
	"net/http"
)

// The pages below imitate what the products serve, reduced to the parts
// the scan's fingerprints look at. They contain no vendor code.

// FortiGateSSLVPN imitates a FortiGate SSL VPN port: the root redirects to
// /remote/login, which serves the login page.
func FortiGateSSLVPN() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/remote/login?lang=en", http.StatusFound)
	})
	mux.HandleFunc("/remote/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en" class="main-app"><head><meta charset="UTF-8"><title></title>
<link href="/sslvpn/css/legacy_theme_setup.css" rel="stylesheet" type="text/css"></head>
<body class="main-app"><div class="ftnt-fortinet-grid"><form action="/remote/logincheck" method="post" name="f">
<input type="text" name="username" id="username"><input type="password" name="credential" id="credential">
<button type="submit">Login</button></form></div></body></html>`)
	})
	mux.HandleFunc("/", http.NotFound)
	return mux
}

// RDWebAccess imitates an IIS server with Remote Desktop Web Access: the
// root is the IIS welcome page, /RDWeb/ leads to the login page.
func RDWebAccess() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "Microsoft-IIS/10.0")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>IIS Windows Server</title></head><body><img src="iisstart.png"></body></html>`)
	})
	mux.HandleFunc("/RDWeb/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/RDWeb/Pages/en-US/login.aspx", http.StatusFound)
	})
	mux.HandleFunc("/RDWeb/Pages/en-US/login.aspx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "Microsoft-IIS/10.0")
		w.Header().Set("X-Powered-By", "ASP.NET")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>RD Web Access</title></head>
<body><form id="FrmLogin" name="FrmLogin" action="login.aspx?ReturnUrl=%2fRDWeb%2fPages%2fen-US%2fDefault.aspx" method="post">
<input type="hidden" name="WorkSpaceID" value=""><input id="DomainUserName" name="DomainUserName" type="text">
<input id="UserPass" name="UserPass" type="password"></form></body></html>`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "Microsoft-IIS/10.0")
		http.NotFound(w, r)
	})
	return mux
}

// SynologyDSM imitates the DiskStation Manager login page.
func SynologyDSM() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<!DOCTYPE html><html class="img-no-drag"><head><title>Synology&nbsp;DiskStation</title>
<script type="text/javascript" src="webman/3rdparty/sds.js"></script></head><body></body></html>`)
	})
}

// Website is a practice's site on HTTPS, with HSTS when hsts is true.
func Website(name string, hsts bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hsts {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		w.Header().Set("Server", "nginx")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%s - General Practice</title></head><body>Book an appointment</body></html>`, name)
	})
}

// RedirectToHTTPS sends every plain HTTP request to https://<host>/ on
// httpsPort (omitted when 443).
func RedirectToHTTPS(httpsPort int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if i := lastColon(host); i >= 0 {
			host = host[:i]
		}
		target := "https://" + host
		if httpsPort != 443 {
			target += fmt.Sprintf(":%d", httpsPort)
		}
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
}

// Text serves body as text/plain at path, 404 elsewhere: an MTA-STS
// policy host.
func Text(path, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, body)
	})
}

func lastColon(s string) int {
	if len(s) > 0 && s[len(s)-1] == ']' {
		return -1
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return i
		}
		if s[i] == ']' {
			return -1
		}
	}
	return -1
}
