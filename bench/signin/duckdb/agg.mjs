// The DuckDB side of the sign-in log benchmark: the four per-user
// aggregates Triage computes (internal/signin), as one SQL query over a
// Graph sign-in file (JSON Lines or a JSON array), printed as the same
// tab-separated table bench/signin/agg prints.
//
//   node agg.mjs FILE
//
// Definitions, kept identical to internal/signin:
//   user         lower-cased userPrincipalName; events without one are skipped
//   success      status.errorCode = 0
//   last         latest createdDateTime of a successful sign-in (µs since 1970)
//   single       successful sign-ins with authenticationRequirement singleFactorAuthentication
//   legacy       successful sign-ins whose clientAppUsed is a legacy client
//   max_devices  most distinct devices with a successful sign-in on one UTC day;
//                a device is deviceId, else displayName, else OS + browser + IP
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node agg.mjs FILE');
  process.exit(2);
}
const format = file.endsWith('.jsonl') ? 'newline_delimited' : 'array';

// internal/signin's LegacyClients, lower-cased.
const legacy = [
  'authenticated smtp', 'autodiscover', 'exchange activesync', 'exchange online powershell',
  'exchange web services', 'imap4', 'mapi over http', 'offline address book', 'other clients',
  'outlook anywhere (rpc over http)', 'outlook service', 'pop3', 'reporting web services',
].map((s) => `'${s}'`).join(', ');

const sql = `
WITH ev AS (
  SELECT lower(userPrincipalName) AS upn,
         createdDateTime AS t,
         status.errorCode = 0 AS ok,
         authenticationRequirement = 'singleFactorAuthentication' AS single,
         lower(clientAppUsed) IN (${legacy}) AS legacy,
         CASE WHEN coalesce(deviceDetail.deviceId, '') <> '' THEN 'id:' || deviceDetail.deviceId
              WHEN coalesce(deviceDetail.displayName, '') <> '' THEN 'name:' || deviceDetail.displayName
              WHEN coalesce(deviceDetail.operatingSystem, '') || coalesce(deviceDetail.browser, '') || coalesce(ipAddress, '') <> ''
                THEN 'ua:' || coalesce(deviceDetail.operatingSystem, '') || '|' || coalesce(deviceDetail.browser, '') || '|' || coalesce(ipAddress, '')
         END AS device
  FROM read_json(?, format = '${format}', columns = {
    createdDateTime: 'TIMESTAMP',
    userPrincipalName: 'VARCHAR',
    clientAppUsed: 'VARCHAR',
    authenticationRequirement: 'VARCHAR',
    ipAddress: 'VARCHAR',
    status: 'STRUCT(errorCode BIGINT)',
    deviceDetail: 'STRUCT(deviceId VARCHAR, displayName VARCHAR, operatingSystem VARCHAR, browser VARCHAR)'
  })
  WHERE coalesce(userPrincipalName, '') <> ''
),
per_user AS (
  SELECT upn,
         epoch_us(max(t) FILTER (WHERE ok)) AS last,
         count(*) FILTER (WHERE ok AND single) AS single,
         count(*) FILTER (WHERE ok AND legacy) AS legacy
  FROM ev GROUP BY upn
),
per_day AS (
  SELECT upn, count(DISTINCT device) AS devices
  FROM ev WHERE ok AND device IS NOT NULL
  GROUP BY upn, date_trunc('day', t)
)
SELECT u.upn, coalesce(u.last, 0) AS last, u.single, u.legacy, coalesce(max(d.devices), 0) AS max_devices
FROM per_user u LEFT JOIN per_day d USING (upn)
GROUP BY u.upn, u.last, u.single, u.legacy
ORDER BY u.upn`;

const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const reader = await conn.runAndReadAll(sql, [file]);
const rows = reader.getRows();
const out = ['user\tlast_us\tsingle\tlegacy\tmax_devices'];
for (const r of rows) {
  out.push(r.map(String).join('\t'));
}
process.stdout.write(out.join('\n') + '\n');
console.error(`duckdb: ${rows.length} users in ${((performance.now() - started) / 1000).toFixed(2)} s`);
