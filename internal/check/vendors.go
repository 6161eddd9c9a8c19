package check

import (
	"fmt"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// Vendor kinds judge the outside parties listed in practice.yaml.

func init() {
	register(Kind{
		Name: "vendors.mfa",
		Doc:  "Every vendor with access to practice systems uses MFA.",
		Func: vendorsMFA,
	})
}

// hasAccess treats every listed vendor as having access (that is why they
// are listed) unless the practice wrote that they have none.
func hasAccess(v audit.Vendor) bool {
	a := strings.ToLower(strings.TrimSpace(v.Access))
	return a != "none" && a != "no"
}

func vendorsMFA(in Input) Outcome {
	var vendors []audit.Vendor
	if in.Practice != nil {
		vendors = in.Practice.Vendors
	}
	if len(vendors) == 0 {
		return notChecked("practice.yaml lists no vendors; add the IT provider, PMS vendor and anyone else who can reach practice systems.")
	}
	var subjects []audit.Subject
	withAccess := 0
	for _, v := range vendors {
		if !hasAccess(v) {
			continue
		}
		withAccess++
		if v.MFA {
			continue
		}
		detail := "has access without MFA"
		if v.Access != "" {
			detail = "has access (" + v.Access + ") without MFA"
		}
		// Vendors come from practice.yaml, so the subject has no source.
		subjects = append(subjects, audit.Subject{ID: v.Name, Kind: "vendor", Detail: detail})
	}
	switch {
	case withAccess == 0:
		return Outcome{Status: audit.NotApplicable, Reason: "practice.yaml says none of the listed vendors has access to practice systems."}
	case len(subjects) > 0:
		return decided(audit.Fail, fmt.Sprintf("%d of %s with access to practice systems %s not use MFA.", len(subjects), words.Count(withAccess, "vendor", "vendors"), words.Pick(len(subjects), "does", "do")), subjects)
	}
	return decided(audit.Pass, fmt.Sprintf("%s with access to practice systems use%s MFA.", every(withAccess, "vendor", "vendors"), words.Pick(withAccess, "s", "")), nil)
}
