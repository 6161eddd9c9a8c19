package scantest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"math/big"
)

// dkimKeys returns base64 SubjectPublicKeyInfo RSA keys of 2048 and 1024
// bits. Only the modulus length matters to the scan, so the moduli are
// made up rather than generated (which is slow).
func dkimKeys() (string, string, error) {
	var out []string
	for _, bits := range []int{2048, 1024} {
		n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		n.Add(n, big.NewInt(0x2f))
		der, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: n, E: 65537})
		if err != nil {
			return "", "", err
		}
		out = append(out, base64.StdEncoding.EncodeToString(der))
	}
	return out[0], out[1], nil
}
