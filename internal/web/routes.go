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
	// Upload routes accept multipart bodies of up to maxUploadFiles files.
	Upload bool
}

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
		{"GET", "/static/{file}", s.staticFile, anyone, false},
		{"GET", "/signin", s.signinShow, anyone, false},
		{"POST", "/signin", s.signinSubmit, anyone, false},
		{"GET", "/signin/code", s.codeShow, anyone, false},
		{"POST", "/signin/code", s.codeSubmit, anyone, false},
		{"POST", "/signout", s.signout, signedIn, false},
		{"GET", "/setup/{token}", s.setupShow, anyone, false},
		{"POST", "/setup/{token}", s.setupSubmit, anyone, false},
		{"GET", "/invite/{token}", s.inviteShow, anyone, false},
		{"POST", "/invite/{token}", s.inviteAccept, anyone, false},

		// One's own account.
		{"GET", "/{$}", s.homeShow, signedIn, false},
		{"GET", "/account", s.accountShow, signedIn, false},
		{"POST", "/account/password", s.passwordChange, signedIn, false},
		{"GET", "/account/totp", s.totpShow, provider, false},
		{"POST", "/account/totp", s.totpEnable, provider, false},
		{"POST", "/account/totp/disable", s.totpDisable, provider, false},

		// The IT provider's list of practices.
		{"GET", "/practices", s.practiceList, provider, false},
		{"GET", "/practices/new", s.practiceNew, provider, false},
		{"POST", "/practices", s.practiceCreate, provider, true},
		{"POST", "/practices/{id}/invites", s.inviteCreate, provider, false},

		// One practice: profile, evidence, questionnaire, audits.
		{"GET", "/practices/{id}", s.practiceShow, signedIn, false},
		{"POST", "/practices/{id}/profile", s.practiceUpdate, signedIn, false},
		{"POST", "/practices/{id}/profile/import", s.practiceImport, signedIn, true},
		{"GET", "/practices/{id}/practice.yaml", s.practiceExport, signedIn, false},
		{"GET", "/practices/{id}/workspace", s.workspaceShow, signedIn, false},
		{"POST", "/practices/{id}/evidence", s.evidenceUpload, signedIn, true},
		{"POST", "/practices/{id}/evidence/{eid}/delete", s.evidenceDelete, signedIn, false},
		{"POST", "/practices/{id}/answers", s.answersSave, signedIn, false},
		{"POST", "/practices/{id}/answers/{control}", s.answerSave, signedIn, false},
		{"POST", "/practices/{id}/audits", s.auditRun, signedIn, false},
		{"POST", "/practices/{id}/scans", s.scanRun, signedIn, false},
		{"GET", "/practices/{id}/jobs/{jid}", s.jobShow, signedIn, false},
		{"GET", "/practices/{id}/results", s.resultsLatest, signedIn, false},
		{"GET", "/practices/{id}/audits/{aid}", s.auditShow, signedIn, false},
		{"GET", "/practices/{id}/audits/{aid}/download/{format}", s.auditDownload, signedIn, false},
		{"GET", "/practices/{id}/compare", s.auditCompare, signedIn, false},
		{"POST", "/practices/{id}/acceptances/{control}", s.acceptanceSave, signedIn, false},
		{"POST", "/practices/{id}/acceptances/{control}/delete", s.acceptanceDelete, signedIn, false},
		{"POST", "/practices/{id}/actions/{action}", s.actionStatusSave, signedIn, false},

		// Administration.
		{"GET", "/admin/log", s.auditLogShow, admins, false},
		{"GET", "/admin/users", s.userList, admins, false},
		{"POST", "/admin/users", s.userCreate, admins, false},
		{"POST", "/admin/users/{uid}/disable", s.userDisable, admins, false},

		// Anything else.
		{"", "/", s.notFound, anyone, false},
	}
}
