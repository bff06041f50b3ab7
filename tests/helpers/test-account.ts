import type { AccountInput } from '../../shared/contract'
import { testCertificate } from './test-certificate'

/** Ada's account on a test smtp-server with STARTTLS and the tests' certificate as its CA. */
export function starttlsAccount(port: number, password: string): AccountInput {
  return {
    name: 'Ada',
    email: 'ada@example.test',
    host: 'localhost',
    port,
    security: 'starttls',
    auth: true,
    username: 'ada',
    password,
    allowInsecureAuth: false,
    ca: testCertificate().cert,
  }
}
