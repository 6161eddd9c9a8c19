package refdata

import (
	"regexp"
	"strings"

	"triage/internal/audit"
	"triage/internal/refdata/dataset"
)

// KEVEntry is one known-exploited vulnerability from the CISA catalogue.
type KEVEntry struct {
	CVE         string
	Vendor      string // vendorProject, as CISA writes it
	Product     string
	Name        string // vulnerabilityName
	DateAdded   audit.Date
	DueDate     audit.Date // zero when CISA set none
	Ransomware  bool       // known to be used in ransomware campaigns
	Description string
}

func kevEntry(e dataset.KEVEntry) KEVEntry {
	added, _ := audit.ParseDate(e.DateAdded)
	due, _ := audit.ParseDate(e.DueDate)
	return KEVEntry{CVE: e.CVE, Vendor: e.Vendor, Product: e.Product, Name: e.Name,
		DateAdded: added, DueDate: due, Ransomware: e.Ransomware, Description: e.Description}
}

var (
	kevPunctRE = regexp.MustCompile(`[^a-z0-9+.#]+`)
	kevSplitRE = regexp.MustCompile(`,\s*|\s+and\s+`)
)

// kevWords normalises a KEV vendor or product, or a name to look up: lower
// case, "&" read as "and", punctuation other than + . # dropped.
func kevWords(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	return strings.Join(strings.Fields(kevPunctRE.ReplaceAllString(s, " ")), " ")
}

// kevAlternatives splits a KEV product into the products it names: CISA
// writes "Acrobat and Reader" and "Firefox, Firefox ESR, and Thunderbird".
// A bare "&" does not split, since "Backup & Replication" is one product.
func kevAlternatives(product string) []string {
	var out []string
	for _, p := range kevSplitRE.Split(strings.TrimSpace(product), -1) {
		p = strings.TrimPrefix(strings.TrimSpace(p), "and ")
		if w := kevWords(p); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func (d *Data) indexKEV() {
	d.byCVE = make(map[string]int, len(d.kev.Entries))
	d.byVendor = map[string][]int{}
	d.kevAlts = make([][]string, len(d.kev.Entries))
	for i, e := range d.kev.Entries {
		d.byCVE[e.CVE] = i
		v := kevWords(e.Vendor)
		d.byVendor[v] = append(d.byVendor[v], i)
		d.kevAlts[i] = kevAlternatives(e.Product)
	}
}

// KEVByCVE returns the catalogue entry for a CVE id, in any letter case.
func (d *Data) KEVByCVE(id string) (KEVEntry, bool) {
	i, ok := d.byCVE[strings.ToUpper(strings.TrimSpace(id))]
	if !ok {
		return KEVEntry{}, false
	}
	return kevEntry(d.kev.Entries[i]), true
}

// KEVFor returns the catalogue entries for a vendor and product, in
// catalogue order (newest added first). Both sides are normalised with
// kevWords. The vendor matches a KEV vendorProject that equals it or is its
// leading words ("Adobe Systems" finds "Adobe"). The product matches when
// one of the products the entry names equals it or one is the other's
// leading words ("Chromium" finds "Chromium V8", "Exchange Server" finds
// "Exchange"). An empty product returns every entry of the vendor.
func (d *Data) KEVFor(vendor, product string) []KEVEntry {
	v, p := kevWords(vendor), kevWords(product)
	if v == "" {
		return nil
	}
	var out []KEVEntry
	for _, key := range leadingPhrases(v) {
		for _, i := range d.byVendor[key] {
			if p == "" || d.kevProductMatches(i, p) {
				out = append(out, kevEntry(d.kev.Entries[i]))
			}
		}
	}
	return out
}

func (d *Data) kevProductMatches(i int, p string) bool {
	for _, alt := range d.kevAlts[i] {
		if wordPrefix(alt, p) || wordPrefix(p, alt) {
			return true
		}
	}
	return false
}

// leadingPhrases lists s and each shorter run of its leading words:
// "adobe systems" -> ["adobe systems", "adobe"].
func leadingPhrases(s string) []string {
	out := []string{s}
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ' ' {
			out = append(out, s[:i])
		}
	}
	return out
}

// KEVByCVE looks a CVE up in the embedded catalogue.
func KEVByCVE(id string) (KEVEntry, bool) { return defaultData().KEVByCVE(id) }

// KEVFor looks a vendor and product up in the embedded catalogue.
func KEVFor(vendor, product string) []KEVEntry { return defaultData().KEVFor(vendor, product) }
