/**
 * `aidtrail` — the command line. Exit status 0 on success, 2 on bad input (with the reason on
 * stderr), 1 on anything else.
 */
import { Problem } from '../domain/problems.ts';
import { configFromEnv } from './config.ts';
import { commands } from './commands/index.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: aidtrail <command> [options]

  init [--demo | --empty]     create or migrate the database, load catalogues, create the signing key
                              (--demo also loads the synthetic demo dataset into an empty ledger)
  serve                       serve the API and the site on HOST:PORT (default 127.0.0.1:4321); the site is
                              rebuilt in the background when the log grows (AIDTRAIL_SITE_REFRESH seconds, 0 = never)
  start                       init --demo when the ledger is empty, build the site, serve
  build [--out DIR]           the static site from the database, for a CDN (default DIR: dist/)
  org create --name N --kind K --region CODE [--anonymous] [--id ID] [--name-en NAME]
  org list
  org import FILE [--map MAP.json] [--dry-run] [--confirm] [--report REPORT.json]
                              a spreadsheet of organizations with aliases; --confirm accepts kinds guessed from names
  token create --org ID       prints a new API token once; only its hash is kept
  token revoke TOKEN_ID
  complaint hide ID --reason TEXT
                              moderation: hide a complaint's abusive summary, with the reason published;
                              the complaint still counts
  complaint list              every complaint's public part and status
  demo --events N [--seed S]  generate N synthetic events into the database
  import FILE [--as needs|donations|transfers|receipts|uses|organizations|events] [--map MAP.json]
              [--recorded-by ORG] [--as-of DATE] [--dry-run] [--report REPORT.json]
                              NDJSON events ({"recordedBy", "event", "idempotencyKey"?} per line), CSV, .xlsx or .xls;
                              every line is idempotent, so a re-run writes nothing twice
  import FILE --as balances --recorded-by ORG [--as-of DATE] [--source TEXT] [--dry-run] [--report REPORT.json]
                              opening balances: stock of unknown provenance held as of a date (item, quantity,
                              unit, lot, expiry, or money), its source from a column, --source or the file name
  import FILE --as temperatures (--shipment EVENT_ID | --lot LOT --item ITEM) [--recorded-by ORG]
              [--range LOW,HIGH] [--utc-offset +08:00] [--dry-run] [--report REPORT.json]
                              a temperature data logger's file (CSV, .xlsx, .xls) as one temperature record
  label SHIPMENT_EVENT_ID [--out FILE] [--format svg|html] [--site URL]
                              a printable custody label whose QR code opens <site>/shipments/{id}/
  rebuild                     recreate every projection from the event log
  export DIR [--format F,…]   every public table as CSV, NDJSON and a SQLite file (F: csv, ndjson, sqlite),
                              the event log with every checkpoint, datapackage.json and signed checksums
  verify [DIR | RECEIPT_CODE] [--checkpoint FILE] [--key VKEY] [--witness VKEY …] [--quorum N] [--server URL] [--private]
                              no argument: audit this database's log; DIR: an export;
                              RECEIPT_CODE: a gift's inclusion proof and the commitment to its code;
                              --checkpoint: consistency; --private: every leaf's commitment
                              (stored, or of DIR) against this database's private parts.
                              DIR, RECEIPT_CODE and --checkpoint need --key (the log's key, obtained
                              independently); --witness requires N (default all) of them to have cosigned
  witness init --name NAME --key FILE
                              create a witness key (C2SP tlog-cosignature, Ed25519) and print its vkey
  witness serve --key FILE --log VKEY [--log VKEY …] [--port N] [--state FILE]
                              a C2SP tlog-witness for those logs (POST /add-checkpoint; default port 7380);
                              what it cosigned is kept in FILE (default: the key file + .state.json)
  bench                       run the benchmarks (see tests/bench)

Environment: DATABASE_URL, DATABASE_AUTH_TOKEN, HOST (default 127.0.0.1), PORT, AIDTRAIL_SIGNING_KEY,
AIDTRAIL_SITE_REFRESH, AIDTRAIL_SITE_URL (the site's public address, for labels), AIDTRAIL_CONTACT (the footer's contact address), AIDTRAIL_READ_LIMIT and AIDTRAIL_WRITE_LIMIT (requests a minute per address /
events a minute per token; default 600, 0 unlimited), AIDTRAIL_TRUST_PROXY (proxy addresses whose
X-Forwarded-For is believed), AIDTRAIL_COMPLAINT_LIMIT (complaints an hour per address; default 10),
AIDTRAIL_WITNESSES (comma-separated "URL VKEY" pairs) and
AIDTRAIL_WITNESS_QUORUM (default: all).`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`aidtrail: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return (await command(rest, configFromEnv())) ?? 0;
  } catch (e) {
    if (
      e instanceof Problem ||
      e instanceof UsageError ||
      (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`aidtrail ${name}: ${(e as Error).message}`);
      return 2;
    }
    console.error(`aidtrail ${name}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
