package hint

import "strings"

// DidYouMean returns ` (did you mean "x"?)` when one of known is within two
// edits of s, and "" otherwise, so a typo in a field name or value comes
// back with the likely intended word.
func DidYouMean(s string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := Distance(strings.ToLower(s), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return ` (did you mean "` + best + `"?)`
}

// Distance is the Levenshtein edit distance, in runes. Long inputs are cut
// off at 64, which is far past any word worth suggesting.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
