// Package scan is the external scan: everything Triage checks about a
// practice from the internet, given its domains and public IP addresses
// and nothing else.
//
// For each domain it reads, through a probe.Resolver: the MX records and
// whether they point at a mail filtering service (the list is in
// filters.go), SPF (spf.Analyze), DMARC (dmarc.Discover), DKIM keys at
// the usual selectors plus the practice's own (dkim.Check), MTA-STS and
// TLS reporting (mtasts), DNSSEC (the DS record at the parent and the
// resolver's AD bit) and CAA. It then looks at the website (the domain
// and www) and the MTA-STS policy host over TLS and HTTP. For each IP
// address it checks the ports in Config.Ports, identifies what answers,
// tests TLS on web ports and recognises admin pages and remote-access
// portals, and asks Config.KEVLookup whether what was recognised has
// known-exploited vulnerabilities. It never connects to anything else:
// not to the MX hosts, and not to hosts that redirects point at unless
// they belong to the domain being checked.
//
// Run returns a Report for people (WriteText) and Facts turns it into
// audit facts for facts.json. A lookup or connection that fails for a
// reason other than a plain "no" (a timeout, SERVFAIL, REFUSED, no route)
// never passes or fails anything: the domain gets EmailDomain.Error when
// its SPF or DMARC could not be read, and a Gap fact (topic "email" or
// "scan") names what else could not be checked and why. A port that does
// not answer is "filtered", which is what a firewall should do, and is not
// a gap.
//
// All traffic goes through Config.Resolver and Config.Dialer, so tests and
// benchmarks run the whole scan against loopback servers. Connections to
// each host are rate-limited (Config.RatePerHost) and the number of
// checks in flight is bounded (Config.Concurrency).
//
// This package imports audit, probe and its subpackages, and the standard
// library.
package scan
