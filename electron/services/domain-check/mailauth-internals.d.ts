// mailauth 4.13 ships types for its main module only; these are the internals the domain check reuses.
declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  const getDmarcRecord: (
    domain: string,
    resolver?: (name: string, rrtype: string) => Promise<unknown>,
  ) => Promise<false | (Record<string, string | number | boolean> & { rr: string; isOrgRecord: boolean })>
  export = getDmarcRecord
}
declare module 'mailauth/lib/tools.js' {
  export function getAlignment(
    fromDomain: string,
    domainList: string[],
    strict?: boolean,
  ): false | { domain: string; underSized?: boolean }
}
declare module 'mailauth/lib/mta-sts.js' {
  export function resolvePolicy(
    address: string,
    opts?: { resolver?: (name: string, rrtype: string) => Promise<unknown> },
  ): Promise<string | false>
}
