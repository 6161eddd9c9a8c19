package web

import (
	"net/http"
	"slices"

	"triage/internal/store"
)

// Route is one entry of the route table. Roles nil means anyone, signed in
// or not; otherwise the user must be signed in with one of the roles.
// Which practice's data they reach is then up to the store: every handler
// asks it with the user's Tenant.
type Route struct {
	Method  string // "" for any method
	Pattern string
	Handler func(http.ResponseWriter, *http.Request) error
	Roles   []store.Role
	Kind    routeKind
}

// routeKind says how a route spends its time, which decides its body
// limit and whether it waits for one of the server's active-request slots
// (Server.admit).
type routeKind int

const (
	// quick routes work on the server's CPU and database for a few
	// milliseconds: they take a slot.
	quick routeKind = iota
	// upload routes accept multipart bodies of up to maxUploadFiles files.
	// They spend their time reading the client's body, so they take no
	// slot.
	upload
	// slow routes wait on something outside (Chromium printing a PDF), so
	// they take no slot either.
	slow
)

// key is the route as ServeMux reads it, "GET /practices".
func (rt Route) key() string {
	if rt.Method == "" {
		return rt.Pattern
	}
	return rt.Method + " " + rt.Pattern
}

func (rt Route) allows(role store.Role) bool { return slices.Contains(rt.Roles, role) }

var (
	anyone   []store.Role // nil: no sign-in needed
	signedIn = []store.Role{store.RoleAdmin, store.RoleAuditor, store.RolePractice}
	provider = []store.Role{store.RoleAdmin, store.RoleAuditor}
	admins   = []store.Role{store.RoleAdmin}
)

// Routes is every route of the application, on one screen.
func (s *Server) Routes() []Route {
	return []Route{
		// Files and signing in.
		{"GET", "/static/{file}", s.staticFile, anyone, quick},
		{"GET", "/signin", s.signinShow, anyone, quick},
		{"POST", "/signin", s.signinSubmit, anyone, quick},
		{"GET", "/signin/code", s.codeShow, anyone, quick},
		{"POST", "/signin/code", s.codeSubmit, anyone, quick},
		{"POST", "/signout", s.signout, signedIn, quick},
		{"GET", "/setup/{token}", s.setupShow, anyone, quick},
		{"POST", "/setup/{token}", s.setupSubmit, anyone, quick},
		{"GET", "/invite/{token}", s.inviteShow, anyone, quick},
		{"POST", "/invite/{token}", s.inviteAccept, anyone, quick},

		// One's own account.
		{"GET", "/{$}", s.homeShow, signedIn, quick},
		{"GET", "/account", s.accountShow, signedIn, quick},
		{"POST", "/account/password", s.passwordChange, signedIn, quick},
		{"GET", "/account/totp", s.totpShow, provider, quick},
		{"POST", "/account/totp", s.totpEnable, provider, quick},
		{"POST", "/account/totp/disable", s.totpDisable, provider, quick},

		// The IT provider's list of practices.
		{"GET", "/practices", s.practiceList, provider, quick},
		{"GET", "/practices/new", s.practiceNew, provider, quick},
		{"POST", "/practices", s.practiceCreate, provider, upload},
		{"POST", "/practices/{id}/invites", s.inviteCreate, provider, quick},

		// One practice: profile, evidence, questionnaire, audits.
		{"GET", "/practices/{id}", s.practiceShow, signedIn, quick},
		{"POST", "/practices/{id}/profile", s.practiceUpdate, signedIn, quick},
		{"POST", "/practices/{id}/profile/import", s.practiceImport, signedIn, upload},
		{"GET", "/practices/{id}/practice.yaml", s.practiceExport, signedIn, quick},
		{"GET", "/practices/{id}/workspace", s.workspaceShow, signedIn, quick},
		{"POST", "/practices/{id}/evidence", s.evidenceUpload, signedIn, upload},
		{"POST", "/practices/{id}/evidence/{eid}/delete", s.evidenceDelete, signedIn, quick},
		{"POST", "/practices/{id}/answers", s.answersSave, signedIn, quick},
		{"POST", "/practices/{id}/answers/{control}", s.answerSave, signedIn, quick},
		{"POST", "/practices/{id}/audits", s.auditRun, signedIn, quick},
		{"POST", "/practices/{id}/scans", s.scanRun, signedIn, quick},
		{"GET", "/practices/{id}/jobs/{jid}", s.jobShow, signedIn, quick},
		{"GET", "/practices/{id}/results", s.resultsLatest, signedIn, quick},
		{"GET", "/practices/{id}/audits/{aid}", s.auditShow, signedIn, quick},
		{"GET", "/practices/{id}/audits/{aid}/download/{format}", s.auditDownload, signedIn, slow},
		{"GET", "/practices/{id}/compare", s.auditCompare, signedIn, quick},
		{"POST", "/practices/{id}/acceptances/{control}", s.acceptanceSave, signedIn, quick},
		{"POST", "/practices/{id}/acceptances/{control}/delete", s.acceptanceDelete, signedIn, quick},
		{"POST", "/practices/{id}/actions/{action}", s.actionStatusSave, signedIn, quick},

		// Administration.
		{"GET", "/admin/log", s.auditLogShow, admins, quick},
		{"GET", "/admin/users", s.userList, admins, quick},
		{"POST", "/admin/users", s.userCreate, admins, quick},
		{"POST", "/admin/users/{uid}/disable", s.userDisable, admins, quick},

		// Anything else.
		{"", "/", s.notFound, anyone, quick},
	}
}
