// Package web is `triage serve`: the web application an IT provider and a
// practice manager use to keep a practice's profile, upload its evidence,
// answer the questionnaire, run audits, read and act on the results, and
// compare one audit with another.
//
// It follows one shape throughout:
//
//   - routes.go lists every route on one screen, as a table of method,
//     pattern, handler and the roles allowed, so the tenancy test can walk
//     all of them;
//   - server.go holds the middleware: logging at the edge, security
//     headers, cross-origin protection, sessions, sign-in and roles;
//   - one small file per page or action, named noun_verb.go
//     (practice_list.go, answer_save.go, ...);
//   - templates/ holds the html/template views, parsed and checked when
//     the server starts; static/ holds the style sheet and htmx, which only
//     enhances pages that work without JavaScript.
//
// Every store call passes the signed-in user's store.Tenant, so the
// database decides what a user may see; an id in a URL that belongs to
// another practice gives 404, exactly like an id that does not exist.
//
// It imports audit, catalog, engine, importer, profile, refdata, report,
// store, the standard library, scs (sessions), golang.org/x/crypto/argon2
// (passwords) and the YAML library (practice.yaml export). Nothing imports
// it but cli. docs/web.md is the operator's guide.
package web
