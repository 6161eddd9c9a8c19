package spf

import "context"

// explain fetches and expands the exp= text of the record that produced a
// fail (RFC 7208 §6.2). Any trouble at all (a name that cannot be queried,
// a DNS error, no or several TXT records, bad macro syntax) means "no
// explanation", never a different result; and these lookups are not charged
// against the limits, since the result is already decided.
func (e *eval) explain(ctx context.Context, rec *Record, domain string) string {
	if rec.Exp == nil {
		return ""
	}
	name, ok := e.targetName(ctx, rec.Exp, domain)
	if !ok {
		return ""
	}
	txts, err := e.res.LookupTXT(ctx, name)
	if err != nil || len(txts) != 1 {
		return ""
	}
	ms, err := parseMacroString(txts[0], explainLetters, true)
	if err != nil {
		return ""
	}
	return ms.expandWith(e.values(ctx, domain))
}
