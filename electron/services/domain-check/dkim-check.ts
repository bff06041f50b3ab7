import { parseDkimRecord, publicKeyBits } from '../dkim/dkim-key'
import { txtRecords, type DnsResolver } from './dns-resolver'
import type { Finding } from './finding'

/**
 * The DKIM key record `selector._domainkey.domain`: exists, parses, is RSA of 1024 bits or more,
 * and (when the account's key is known) carries exactly that key.
 */
export async function checkDkim(
  resolver: DnsResolver,
  domain: string,
  selector: string | undefined,
  expected?: { publicKey: string; record: string },
): Promise<Finding[]> {
  const area = 'dkim' as const
  if (!selector)
    return [
      {
        area,
        status: 'info',
        bulkRequirement: true,
        message: 'No DKIM selector given, so the DKIM key record was not checked',
        fix: 'Check again with the selector your mail is signed with (--selector S), or set up DKIM signing for the account.',
      },
    ]
  const name = `${selector}._domainkey.${domain}`
  const publish = expected ? ` Publish a TXT record at ${name} with: ${expected.record}` : ''
  const records = (await txtRecords(resolver, name)).filter((r) => /\bp=/i.test(r) || /^v=DKIM1/i.test(r.trim()))
  if (records.length === 0)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        message: `There is no DKIM key at ${name}: signatures with s=${selector} cannot be verified`,
        fix: `Publish the account's DKIM record.${publish || ` Publish a TXT record at ${name} with v=DKIM1; k=rsa; p=<public key>.`}`,
      },
    ]
  const record = records[0]
  const tags = parseDkimRecord(record)
  if (tags.v !== undefined && tags.v !== 'DKIM1')
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: `The record's version is "${tags.v}", not DKIM1`,
        fix: 'Start the record with v=DKIM1;',
      },
    ]
  if (tags.k !== undefined && tags.k.toLowerCase() !== 'rsa')
    return [
      {
        area,
        status: 'warn',
        bulkRequirement: false,
        record,
        message: `The key type is ${tags.k}; Sendsmith signs with RSA and not every receiver verifies ${tags.k}`,
        fix: 'Add an RSA key under a second selector.',
      },
    ]
  if (!tags.p)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: 'The record has an empty p=: the key is revoked, and every signature with it fails',
        fix: `Publish a current key.${publish}`,
      },
    ]
  const bits = publicKeyBits(tags.p)
  if (bits === undefined)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: 'The p= value is not a public key (often a record cut in two, or quotes pasted into it)',
        fix: `Paste the whole value again as one TXT record (long values are split into 255-character strings by the DNS host, not by you).${publish}`,
      },
    ]
  if (bits < 1024)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: `The DKIM key has only ${bits} bits; receivers treat keys under 1024 bits as no signature`,
        fix: `Generate a 2048-bit key (sendsmith accounts dkim NAME --generate --bits 2048) and publish its record.${publish}`,
      },
    ]
  if (expected && tags.p !== expected.publicKey)
    return [
      {
        area,
        status: 'fail',
        bulkRequirement: true,
        record,
        message: `The key published at ${name} is not the account's key: signatures will fail`,
        fix: `Replace the record's value.${publish}`,
      },
    ]
  return [
    {
      area,
      status: 'pass',
      bulkRequirement: true,
      record,
      message: `DKIM key at ${name}: RSA, ${bits} bits${expected ? ", matches the account's key" : ''}`,
      ...(bits < 2048 && { fix: 'Consider a 2048-bit key: 1024 bits is the least receivers accept.' }),
    },
  ]
}
