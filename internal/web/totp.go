package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP (RFC 6238) with the parameters every authenticator app assumes:
// HMAC-SHA1, 30-second steps, 6 digits. One step either side is accepted,
// for phones whose clocks drift.
const (
	totpStep   = 30 * time.Second
	totpDigits = 6
	totpSkew   = 1
)

var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPSecret returns a random 160-bit secret in base32, the form apps
// accept when it is typed in.
func newTOTPSecret() string {
	b := make([]byte, 20)
	rand.Read(b) // never fails
	return totpEncoding.EncodeToString(b)
}

// totpCode is the code for secret at counter (RFC 4226 HOTP).
func totpCode(key []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, n%1_000_000)
}

// checkTOTP reports whether code is valid for secret at now.
func checkTOTP(secret, code string, now time.Time) bool {
	_, ok := totpMatch(secret, code, now)
	return ok
}

// totpMatch reports whether code is valid for secret at now and, if so,
// the 30-second step it belongs to, which the caller records so the code
// cannot be used again (store.UseTOTPStep).
func totpMatch(secret, code string, now time.Time) (step int64, ok bool) {
	key, err := totpEncoding.DecodeString(strings.ToUpper(strings.TrimSpace(secret)))
	if err != nil || len(key) == 0 {
		return 0, false
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits {
		return 0, false
	}
	counter := uint64(now.Unix()) / uint64(totpStep/time.Second)
	for d := -totpSkew; d <= totpSkew; d++ {
		// Compare every candidate in constant time and never stop early.
		c := counter + uint64(d)
		if hmac.Equal([]byte(totpCode(key, c)), []byte(code)) {
			step, ok = int64(c), true
		}
	}
	return step, ok
}

// totpURI is the otpauth:// URI an authenticator app imports; shown as
// text, so setting up needs no QR code library and no image.
func totpURI(secret, account string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", "Triage")
	v.Set("algorithm", "SHA1")
	v.Set("digits", fmt.Sprint(totpDigits))
	v.Set("period", fmt.Sprint(int(totpStep/time.Second)))
	return "otpauth://totp/" + url.PathEscape("Triage:"+account) + "?" + v.Encode()
}
