package words

import "strconv"

// Count renders "1 account" or "3 accounts".
func Count(n int, singular, plural string) string {
	return strconv.Itoa(n) + " " + Pick(n, singular, plural)
}

// Pick chooses the singular or plural word for n, also for verbs
// ("has"/"have").
func Pick(n int, singular, plural string) string {
	if n == 1 {
		return singular
	}
	return plural
}
