package probe

// ValidTagName reports whether s is a tag name of a DKIM-style tag-list
// (RFC 6376 §3.2), which DMARC records use too: ALPHA *( ALPHA / DIGIT / "_" ).
func ValidTagName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alpha && (i == 0 || !(c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	return true
}
