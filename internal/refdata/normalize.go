package refdata

import (
	"strings"
)

// Program names arrive as Add/Remove Programs, osquery, Intune or macOS
// bundle names. Normalising them first lets the rules be short anchored
// patterns instead of lists of spellings. This runs for every installed
// program, so it is plain string work rather than regular expressions.

var markReplacer = strings.NewReplacer("(r)", "", "(tm)", "", "(c)", "", "®", "", "™", "", "©", "")

// dropMarks removes trademark marks; most names have none, so it looks
// before it copies.
func dropMarks(s string) string {
	if !strings.ContainsAny(s, "(®™©") {
		return s
	}
	return markReplacer.Replace(s)
}

// normName lowercases a program name, drops trademark marks, and strips
// trailing decorations: architecture, language, version or instance id in
// brackets ("(x64 en-US)", "(a1b2c3d4e5f60718)"), a language after a dash
// ("- en-us"), and a trailing dotted version ("Notepad++ 8.5.3",
// "Runtime - 6.0.25", "version 4.6.8"), which it returns separately as a
// fallback version. Years ("Office 2016") and majors ("TeamViewer 15")
// have no dot and stay part of the name.
func normName(s string) (name, version string) {
	s = dropMarks(strings.ToLower(s))
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '_' || isSpace(r) }), " ")
	for range 4 { // decorations stack: "Firefox 115.1.0 ESR (x64 en-US)"
		before := s
		if strings.HasSuffix(s, ")") {
			if i := strings.LastIndexByte(s, '('); i >= 0 && decoration(s[i+1:len(s)-1]) {
				if v, ok := versionLike(s[i+1 : len(s)-1]); ok && version == "" {
					version = v
				}
				s = strings.TrimSpace(s[:i])
			}
		}
		if i := strings.LastIndex(s, " - "); i >= 0 && (s[i+3:] == "english" || langTag(s[i+3:])) {
			s = s[:i]
		}
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			if v, ok := versionLike(s[i+1:]); ok {
				if version == "" {
					version = v
				}
				s = s[:i]
				s = strings.TrimSuffix(strings.TrimSuffix(s, " version"), " -")
			}
		}
		if s == before {
			break
		}
	}
	return s, version
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0xA0
}

// versionLike reads a dotted version word, "8.5.3", "v1.2.0", "17.0.9+9",
// returning it without a leading v.
func versionLike(w string) (string, bool) {
	w = strings.TrimPrefix(w, "v")
	dots, i := 0, 0
	for i < len(w) {
		j := i
		for j < len(w) && w[j] >= '0' && w[j] <= '9' {
			j++
		}
		if j == i {
			break
		}
		i = j
		if i+1 < len(w) && w[i] == '.' && w[i+1] >= '0' && w[i+1] <= '9' {
			dots++
			i++
			continue
		}
		break
	}
	if dots == 0 {
		return "", false
	}
	for _, c := range w[i:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '+' || c == '.' || c == '_' || c == '-') {
			return "", false
		}
	}
	return w, true
}

// langTag reports a language tag such as "en-us" or "zh-hans".
func langTag(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	return ok && len(a) == 2 && len(b) >= 2 && len(b) <= 4 && letters(a) && letters(b)
}

func letters(s string) bool {
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

var decoWords = map[string]bool{
	"x64": true, "x86": true, "amd64": true, "arm64": true, "ia64": true, "win32": true, "win64": true,
	"64-bit": true, "32-bit": true, "64bit": true, "32bit": true, "64": true, "32": true, "bit": true,
	"english": true, "user": true,
}

// decoration reports whether bracketed text is only architecture,
// language, version or instance-id words.
func decoration(inner string) bool {
	if strings.ContainsAny(inner, "()") {
		return false
	}
	for _, w := range strings.FieldsFunc(inner, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		if _, v := versionLike(w); !(decoWords[w] || langTag(w) || v || instanceID(w)) {
			return false
		}
	}
	return true
}

// instanceID reports a hex id such as ScreenConnect's per-install one.
func instanceID(w string) bool {
	if len(w) < 8 {
		return false
	}
	for _, c := range w {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true,
	"ltd": true, "limited": true, "llc": true, "gmbh": true, "pty": true, "plc": true,
	"ag": true, "sa": true, "bv": true, "srl": true, "kk": true, "ab": true, "as": true,
}

// normPublisher lowercases a publisher and drops punctuation, a leading
// "the" and trailing legal forms, so "Google LLC", "Google Inc." and
// "Google" compare equal and "Adobe Systems Incorporated" starts with
// "adobe".
func normPublisher(s string) string {
	words := strings.FieldsFunc(dropMarks(strings.ToLower(s)), func(r rune) bool {
		return isSpace(r) || r == '.' || r == ',' || r == '"'
	})
	if len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 && legalForms[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// wordPrefix reports whether s is p, or starts with p followed by a space.
func wordPrefix(s, p string) bool {
	return s == p || (len(s) > len(p) && s[len(p)] == ' ' && s[:len(p)] == p)
}
