package web

import (
	"net/http"
)

// codeSubmit checks the authenticator code of someone who gave the right
// password. Wrong codes count against the same back-off as passwords.
func (s *Server) codeSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := s.pendingUser(r)
	if id == 0 {
		s.flash(r, "That took too long. Sign in again.")
		return redirect(w, r, "/signin")
	}
	u, err := s.st.UserByID(ctx, id)
	if err != nil {
		return err
	}
	keys := s.loginKeys(r, u.Email)
	if wait, err := s.lockedOut(ctx, keys); err != nil {
		return err
	} else if wait > 0 {
		s.render(w, r, http.StatusTooManyRequests, "signin_code", page{Title: "Enter your code", Data: codeView{Error: lockoutMessage(wait)}})
		return nil
	}
	step, ok := totpMatch(u.TOTPSecret, r.PostFormValue("code"), s.cfg.Now())
	msg := "That code is not right. Codes change every 30 seconds: type the one your app shows now."
	if ok && !u.Disabled {
		// A code works once: one seen (or overheard) before cannot sign in
		// again within its minute and a half of validity.
		fresh, err := s.st.UseTOTPStep(ctx, u.ID, step)
		if err != nil {
			return err
		}
		if !fresh {
			ok = false
			msg = "That code was used already. Wait for your app to show the next one and type that."
		}
	}
	if u.Disabled || !ok {
		if err := s.recordFailure(ctx, keys); err != nil {
			return err
		}
		s.record(ctx, u.Tenant(), 0, "signin.code_fail", u.Email)
		s.render(w, r, http.StatusUnauthorized, "signin_code", page{Title: "Enter your code", Data: codeView{Error: msg}})
		return nil
	}
	if err := s.st.ResetFailures(ctx, keys[0]); err != nil {
		return err
	}
	next := localPath(s.sessions.PopString(ctx, sessNext))
	if err := s.signIn(r, u); err != nil {
		return err
	}
	s.record(ctx, u.Tenant(), u.PracticeID, "signin", u.Email)
	if next == "" {
		next = home(u)
	}
	return redirect(w, r, next)
}
