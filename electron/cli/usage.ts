import { defaultInboxPort } from '../services/inbox/inbox-port'

/**
 * The usage text of every command, in a module that imports nothing heavy: `sendsmith --help`,
 * `sendsmith COMMAND --help` and `--version` are answered from here without loading any command
 * or service (issue 19, CLI start). Each command module imports its own text from here.
 */

/** The inbox's password for `inbox serve --auth USER`, from the environment rather than argv. */
export const passwordVariable = 'SENDSMITH_INBOX_PASSWORD'

export const accountSetupUsage = `  sendsmith accounts detect EMAIL [--json]
  sendsmith accounts test NAME [--send-to ADDR] [--from ADDR] [--rcpt ADDR]... [--json]
  sendsmith accounts trust NAME --fingerprint sha256:HEX
  sendsmith accounts untrust NAME`

export const oauthUsage = `                         [--auth oauth2 [--oauth-provider microsoft|google|yahoo|aol|fastmail|yandex|custom]
                          [--issuer URL] [--client-id ID] [--client-secret-stdin] [--scope S]]
  sendsmith accounts login NAME [--no-browser] [--timeout SECONDS]`

export const imapUsage = `  sendsmith accounts edit NAME [--name N] [--email E] [--host H --port P --security S --ca FILE]
                         [--user U] [--password-stdin] [--allow-insecure-auth]
                         [--imap-host H --imap-port P --imap-security tls|starttls|none] [--imap-user U]
                         [--sent-copy auto|always|never] [--sent-folder F] [--no-imap]
                         [--imap-password-stdin | --same-imap-password]
                         (a server whose IMAP password differs from SMTP's: pipe it in; it stays
                          in the system keychain)
  sendsmith accounts roundtrip NAME [--json] [--timeout S]
                         (sends a test to the account's own address, reads it back over IMAP)`

export const accountsUsage = `Usage:
  sendsmith accounts add --name N --email E --host H --port P --security none|starttls|tls
                         [--user U --password-stdin] [--ca FILE] [--allow-insecure-auth]
                         [--imap-host H --imap-port P --imap-security tls|starttls|none] [--imap-user U]
                         [--sent-copy auto|always|never] [--imap-password-stdin] (IMAP: a copy in Sent, the round trip)
${oauthUsage}
  sendsmith accounts list [--json]
  sendsmith accounts remove N
  sendsmith accounts default [NAME] [--json]   (send and merge use it without --account; no NAME: which one it is)
${accountSetupUsage}
${imapUsage}`

export const accountsDkimUsage = `  sendsmith accounts dkim NAME --domain D --selector S (--generate [--bits 2048] | --key-stdin) [--json]
                        (sign NAME's mail with DKIM; prints the TXT record to publish)
  sendsmith accounts dkim NAME [--json]    (the TXT record of NAME's current key)
  sendsmith accounts dkim NAME --off       (stop signing; the key leaves the keychain)`

export const sendUsage = `Usage:
  sendsmith send [--account N] --to A [--cc A] [--bcc A] [--reply-to A] --subject S (--html FILE | --text T)
                 [--attach FILE]... [--inline FILE]... [--header "Name: value"]... [--wait SECONDS] [--json]
  (--to, --cc and --bcc may be repeated and take comma-separated lists; without --account the default account sends; a temporary failure is retried for --wait seconds,
   default 60, then the command exits 75 with the message left in the outbox; an --inline file is
   named in the HTML by its file name: <img src="cid:logo.png">; the text part is made from the HTML)`

export const outboxUsage = `  sendsmith outbox list [--json]
  sendsmith outbox flush            (tries every waiting message now, retries included)
  sendsmith outbox resend ID [--json]   (sends again now: a failed or maybe-delivered message goes only
                                    to the recipients that do not have it; ID: its first characters)
  sendsmith outbox remove ID        (takes a message out of the outbox unsent; not while it is sending)
  sendsmith outbox retry-copy ID [--json]  (a sent message's copy in Sent that waits or failed: try it now)
  sendsmith sent list [--json]`

export const inboxUsage = `  sendsmith inbox serve [--port P] [--tls] [--auth USER|USER:-|any [--auth-stdin]] [--size-mb N]
                        [--fault STAGE:CODE[:MATCH|:PCT]]...
                        [--dns-server HOST:PORT]
                        (a local SMTP server that keeps everything sent to it; port ${defaultInboxPort} by default,
                         or a free one when it is taken; runs until Ctrl+C)
                        --fault makes it misbehave at a stage (connect, ehlo, auth, mail, rcpt, data): a
                        reply code, drop or delay=MS, for every message, a share (30%) or addresses
                        matching a pattern (grey*), e.g. --fault rcpt:450:grey*  --fault data:451:30%
                        --fault connect:drop
                        --auth USER: the password comes from $${passwordVariable}, or with
                        --auth-stdin (or --auth USER:-) from the first line of stdin; never
                        put it on the command line, where ps and shell history show it
  sendsmith inbox release ID --account NAME --to ADDR [--to ADDR]... [--wait SECONDS]
                        (sends the caught message on through an account, headers as received, new envelope)
  sendsmith inbox list [--search TEXT] [--json]
  sendsmith inbox show ID [--raw|--json]   (ID: the full id or its first characters)
  sendsmith inbox delete ID
  sendsmith inbox clear`

export const templateUsage = `  sendsmith template render FILE [--data FILE [--row N]] [--as CLIENT [--images-on]] [--out FILE] [--text-out FILE]
  sendsmith template check FILE [--data FILE] [--row N] [--json] [--verbose] [--live-links [--allow-host HOST]]
  sendsmith template clients
  sendsmith template snapshot FILE [--data F [--row N]] [--width 375] [--dark] [--as CLIENT]
                     --out FILE.png [--engine chromium|gecko|webkit] [--browser PATH]
  sendsmith template diff A B [--width W]... [--threshold PCT] --out DIR [--engine E] [--browser PATH]
  (FILE is .html, .mjml or .hbs; --data is a .json file (an object, or an array and --row) or a
   .csv file with a header line and --row N, counted from 1; render prints the HTML when there is
   no --out; --as CLIENT removes what that client does not support (caniemail's data; an
   approximation, see \`template clients\`); check exits 1 when a finding is an error, and lists notes
   only with --verbose; --live-links also asks every http(s) link over the network: public addresses
   only, unless --allow-host HOST names a private one, e.g. an intranet server; diff writes
   before/after/diff PNGs per width and exits 1 when more than PCT % of the pixels (default 0) changed)`

export const mergeUsage = `  sendsmith merge --template FILE --data FILE [--account N] [--subject S] [--rate N/s|N/m|N/h]...
                  [--connections K] [--per-connection M] [--address-column COL] [--name-column COL]
                  [--field NAME=COLUMN]... [--unsubscribe-url URL] [--unsubscribe-mailto ADDR] [--one-click]
                  [--dry-run] [--skip-invalid] [--override-readiness] [--dns-server HOST:PORT] [--json]
                  [--save-sent-copy]
  sendsmith merge --list [--json]
  sendsmith merge --resume RUN_ID [--json]
  sendsmith merge --retry-failed RUN_ID [--json]      (after fixing the cause: the rows that failed for good)
  sendsmith merge --resend-uncertain RUN_ID [--json]  (the rows that may have been delivered: your word)
  sendsmith merge --cancel RUN_ID
  sendsmith merge --results RUN_ID [--out FILE]
  (one message per row of a .csv (header line) or .json (array of objects) list; every row is
   checked first and invalid ones are listed with their row numbers: the merge does not start
   unless --skip-invalid leaves them out; --dry-run checks and builds every message but sends
   nothing; the subject defaults to the template's <title> and may use merge fields; --rate may be
   repeated (20/s and 1000/h); a run survives a crash or Ctrl-C: --resume continues it, and a
   message that may have been delivered is flagged, never sent twice; with --json the first line
   names the run, then progress and result lines follow; a bulk-sender readiness report (DKIM,
   SPF, DMARC, one-click unsubscribe, a visible unsubscribe link, volume, TLS) comes first, and
   its errors stop a run with recipients at Gmail/Yahoo/Outlook.com unless --override-readiness;
   --save-sent-copy puts each delivered message once in the account's Sent folder over IMAP
   (copies waiting for a down IMAP server are saved by --resume))`

export const domainUsage = `  sendsmith domain check DOMAIN [--selector S] [--account NAME] [--dns-server HOST:PORT] [--json]
                        (SPF, DKIM, DMARC, MX, MTA-STS, TLS-RPT with fixes; exit 1 when a rule for
                         bulk senders fails; --account adds its DKIM key, alignment and SMTP server)`

export const spamUsage = `  sendsmith spam check FILE [--spamd HOST:PORT] [--account N] [--subject S] [--json]
                        (SpamAssassin's score and the rules that fired, from your own spamd: --spamd,
                         else the app's setting, else 127.0.0.1:783; FILE is an .eml message, or a
                         template (.html, .mjml, .hbs) built as the account would send it; exit 1
                         when spamd calls it spam)`

export const suppressUsage = `  sendsmith suppress add ADDR... [--reason unsubscribed|bounced|complained|manual] [--note TEXT] [--json]
  sendsmith suppress add --from-run RUN_ID [--json]  (the run's recipients refused for good, 5xx, as bounced)
  sendsmith suppress remove ADDR... [--json]
  sendsmith suppress list [--json]
  sendsmith suppress import FILE.csv [--reason R]   (a column "address" or "email", and "reason" if any)
  sendsmith suppress export [--out FILE.csv]
                        (addresses no merge sends to again, for every account of this data folder;
                         a merge skips their rows and shows "skipped (suppressed: REASON ...)")`
