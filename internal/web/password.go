package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Password hashing parameters: argon2id with OWASP's baseline (19 MiB,
// two passes, one lane). They are written into every hash, so raising them
// later leaves old hashes readable.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length limits. The upper one stops a megabyte "password" from
// costing the server a megabyte of hashing per guess.
const (
	minPasswordLen = 12
	maxPasswordLen = 256
)

// hashPassword returns an argon2id hash in the PHC string format,
// $argon2id$v=19$m=...,t=...,p=...$salt$hash.
func hashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt) // never fails
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// checkPassword reports whether password matches hash. A malformed or
// empty hash matches nothing.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var mem, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &passes, &threads); err != nil {
		return false
	}
	// Refuse parameters no hash of ours has, so a tampered row cannot make
	// one sign-in cost gigabytes.
	if mem == 0 || mem > 1<<20 || passes == 0 || passes > 10 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the account does not exist, so that
// a sign-in for an unknown email takes as long as one for a real account
// and response times do not reveal which emails have accounts.
// It is made on first use, not at start-up: an argon2 hash costs memory and
// time that every other command (triage collect on a practice PC) should
// not pay.
var dummyHash = sync.OnceValue(func() string { return hashPassword("not a real password; timing equaliser") })

// checkNewPassword says what is wrong with a password someone chose.
func checkNewPassword(password, confirm string) error {
	switch {
	case len(password) < minPasswordLen:
		return fmt.Errorf("choose a password of at least %d characters; a short sentence is easy to remember", minPasswordLen)
	case len(password) > maxPasswordLen:
		return fmt.Errorf("choose a password of at most %d characters", maxPasswordLen)
	case password != confirm:
		return errors.New("the two passwords differ; type the same password twice")
	}
	return nil
}
