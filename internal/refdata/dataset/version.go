package dataset

// VersionNumbers reads the leading dotted numbers of a version string:
// "126.0.6478.127" -> [126 0 6478 127], "ad 8.0.8" -> [8 0 8],
// "17.0.9+9" -> [17 0 9], "10.00.5861" -> [10 0 5861]. Letters before the
// first digit are skipped; reading stops at the first character that is
// neither a digit nor a dot. At most 6 numbers of at most 9 digits are kept,
// so hostile input cannot overflow.
func VersionNumbers(s string) []int {
	i := 0
	for i < len(s) && (s[i] < '0' || s[i] > '9') {
		i++
	}
	var out []int
	for i < len(s) && len(out) < 6 {
		n, digits := 0, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits < 9 {
				n = n*10 + int(s[i]-'0')
			}
			digits++
			i++
		}
		if digits == 0 {
			break
		}
		out = append(out, n)
		if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	return out
}

// CompareVersions orders number lists; a missing number counts as 0, so
// 8.0 == 8.0.0.
func CompareVersions(a, b []int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}
