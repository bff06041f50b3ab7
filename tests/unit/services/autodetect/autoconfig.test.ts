import { describe, expect, it } from 'vitest'
import {
  AutoconfigFormatError,
  autoconfigUrls,
  expandPlaceholders,
  parseAutoconfig,
} from '../../../../electron/services/autodetect/autoconfig'

// Shaped like the files in Thunderbird's ISPDB: IMAP and POP servers, several SMTP servers, docs.
const realisticConfig = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Autoconfig for Example &amp; Co, see https://wiki.mozilla.org/Thunderbird:Autoconfiguration -->
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <domain>example.net</domain>
    <displayName>Example &amp; Co Mail</displayName>
    <displayShortName>Example</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.example.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%EMAILDOMAIN%</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>SMTP.example.com</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-encrypted</authentication>
      <username>%EMAILLOCALPART%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>relay.example.com</hostname>
      <port>25</port>
      <socketType>plain</socketType>
      <authentication>client-IP-address</authentication>
    </outgoingServer>
    <documentation url="https://help.example.com/mail">
      <descr lang="en">Mail settings</descr>
    </documentation>
  </emailProvider>
  <oAuth2>
    <issuer>login.example.com</issuer>
    <scope><![CDATA[https://mail.example.com/ offline_access]]></scope>
  </oAuth2>
</clientConfig>
`

describe('parseAutoconfig', () => {
  it('reads every SMTP outgoingServer in file order, with placeholders expanded and IMAP/POP ignored', () => {
    const doc = parseAutoconfig(realisticConfig, 'ann.lee@example.com')
    expect(doc.displayName).toBe('Example & Co Mail')
    expect(doc.servers).toEqual([
      {
        host: 'smtp.example.com',
        port: 465,
        security: 'tls',
        username: 'ann.lee@example.com',
        authMethod: 'auto',
        notes: ['The server also accepts OAuth2 (XOAUTH2).'],
      },
      {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        username: 'ann.lee',
        authMethod: 'CRAM-MD5',
        notes: [],
      },
      {
        host: 'relay.example.com',
        port: 25,
        security: 'none',
        notes: ['The server accepts mail by your network address, without signing in.'],
      },
    ])
  })

  it('maps OAuth2 alone to XOAUTH2', () => {
    const xml = realisticConfig.replace(
      '<authentication>password-cleartext</authentication>\n      <username>%EMAILADDRESS%</username>\n    </outgoingServer>',
      '<username>%EMAILADDRESS%</username>\n    </outgoingServer>',
    )
    expect(parseAutoconfig(xml, 'a@example.com').servers[0]).toMatchObject({ authMethod: 'XOAUTH2', notes: [] })
  })

  it('says which line is broken when the XML is not well-formed', () => {
    const broken = realisticConfig.replace('</outgoingServer>', '</outgoingSrever>')
    expect(() => parseAutoconfig(broken, 'a@example.com')).toThrow(AutoconfigFormatError)
    expect(() => parseAutoconfig(broken, 'a@example.com')).toThrow(
      /not well-formed XML: <\/outgoingSrever> closes <outgoingServer> \(line 30\)/,
    )
  })

  it('refuses a truncated file, an unknown entity and a DOCTYPE', () => {
    expect(() =>
      parseAutoconfig(realisticConfig.slice(0, realisticConfig.indexOf('<documentation')), 'a@example.com'),
    ).toThrow(/<emailProvider> is never closed/)
    expect(() =>
      parseAutoconfig(realisticConfig.slice(0, realisticConfig.indexOf('<outgoingServer') + 9), 'a@example.com'),
    ).toThrow(/Unterminated tag <outgoing>/)
    expect(() => parseAutoconfig(realisticConfig.replace('&amp; Co Mail', '&nbsp;Co Mail'), 'a@example.com')).toThrow(
      /Unknown entity &nbsp;/,
    )
    expect(() =>
      parseAutoconfig(
        `<!DOCTYPE x [<!ENTITY a "b">]>${realisticConfig.slice(realisticConfig.indexOf('<clientConfig'))}`,
        'a@example.com',
      ),
    ).toThrow(/DOCTYPE/)
  })

  it('tells a web page or other XML from an autoconfig file', () => {
    expect(() => parseAutoconfig('<html><body>Welcome</body></html>', 'a@example.com')).toThrow(
      /not an autoconfig file \(the root element is <html>/,
    )
    expect(() => parseAutoconfig('<clientConfig version="1.1"></clientConfig>', 'a@example.com')).toThrow(
      /no <emailProvider>/,
    )
  })

  it('names each unusable SMTP entry when none can be used', () => {
    const xml = `<clientConfig><emailProvider id="x">
      <outgoingServer type="smtp"><hostname>smtp.x.com</hostname><port>99999</port><socketType>SSL</socketType></outgoingServer>
      <outgoingServer type="smtp"><hostname>smtp.x.com</hostname><port>587</port><socketType>TLS</socketType></outgoingServer>
      <outgoingServer type="smtp"><port>587</port><socketType>STARTTLS</socketType></outgoingServer>
    </emailProvider></clientConfig>`
    expect(() => parseAutoconfig(xml, 'a@x.com')).toThrow(
      'no usable outgoingServer (outgoingServer 1: the port "99999" is not a port number; outgoingServer 2: unknown socketType "TLS"; outgoingServer 3: no <hostname>)',
    )
  })

  it('returns no servers for a file that only describes incoming mail', () => {
    const xml = realisticConfig.replace(/<outgoingServer[\s\S]*?<\/outgoingServer>/g, '')
    expect(parseAutoconfig(xml, 'a@example.com').servers).toEqual([])
  })
})

describe('autoconfig helpers', () => {
  it('expands the three Thunderbird placeholders', () => {
    expect(expandPlaceholders('%EMAILLOCALPART%+x@%EMAILDOMAIN% (%EMAILADDRESS%)', 'ann@mail.example.org')).toBe(
      'ann+x@mail.example.org (ann@mail.example.org)',
    )
  })

  it("looks in the autoconfig host first, with the address, then in the domain's well-known path", () => {
    expect(autoconfigUrls('ann+news@example.com', 'example.com').map((u) => u.url)).toEqual([
      'https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=ann%2Bnews%40example.com',
      'https://example.com/.well-known/autoconfig/mail/config-v1.1.xml',
    ])
  })
})
