package store

// Role is what a signed-in user may see and do.
type Role string

const (
	// RoleAdmin manages users and may see and change everything.
	RoleAdmin Role = "admin"
	// RoleAuditor is the IT provider's staff: every practice of this
	// instance, but not user management.
	RoleAuditor Role = "auditor"
	// RolePractice is a practice's own staff: that one practice.
	RolePractice Role = "practice"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleAuditor, RolePractice}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Tenant is who is asking: every data method takes one first and narrows
// its SQL to what this user may see. The zero Tenant sees nothing.
type Tenant struct {
	UserID     int64
	Role       Role
	PracticeID int64 // the practice a RolePractice user belongs to
}

// AllPractices reports whether the tenant may see every practice. It is
// bound into queries as `($n OR practice_id = $m)`, so the decision is made
// by the database, in the same statement that reads the data.
func (t Tenant) AllPractices() bool { return t.Role == RoleAdmin || t.Role == RoleAuditor }

// Scope returns the two arguments of the tenancy clause
// `($n OR practice_id = $m)`, for this package and for packages that share
// its schema (jobs). A practice user without a practice gets practice 0,
// which matches nothing; an unknown role gets (false, 0).
func (t Tenant) Scope() (bool, int64) {
	if t.Role == RolePractice {
		return false, t.PracticeID
	}
	return t.AllPractices(), 0
}

// isAdmin is for admin-only operations (users, deleting practices, the
// audit log), which fail with ErrForbidden for anyone else.
func (t Tenant) isAdmin() bool { return t.Role == RoleAdmin }
