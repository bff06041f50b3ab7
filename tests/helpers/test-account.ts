import type { AccountInput } from '../../shared/contract'
import { testCertificate } from './test-certificate'

/**
 * A test account on a local test server: Ada Lovelace over STARTTLS to localhost, with the tests'
 * certificate as its CA. A test changes only what it is about (`password`, `oauth`, `imap`, ...).
 */
export function testAccount(port: number, changes: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: 'ada@example.test',
    allowInsecureAuth: false,
    ca: testCertificate().cert,
    ...changes,
  }
}

/** Ada's account on a test smtp-server with STARTTLS and the tests' certificate as its CA. */
export function starttlsAccount(port: number, password: string): AccountInput {
  return testAccount(port, { name: 'Ada', username: 'ada', password })
}

/** The newsletter account of the merge and deliverability tests: plain SMTP without AUTH to a local server. */
export function newsAccount(name: string, port: number): AccountInput {
  return {
    name,
    email: 'news@example.test',
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: false,
    username: '',
    allowInsecureAuth: false,
  }
}
