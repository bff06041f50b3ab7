import { describe, expect, it } from 'vitest'
import { hidePathsIn } from '../../../../electron/services/errors/hide-paths'

describe('hidePathsIn: file names stay, folders go', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/tmp/home x/data/missing.csv'",
      "ENOENT: no such file or directory, open 'missing.csv'",
    ],
    ['/Users/ada/Library/Application Support/Sendsmith/list.csv does not exist', 'list.csv does not exist'],
    ['C:\\Users\\Ada Lovelace\\Documents\\list.csv is larger than 5 MB', 'list.csv is larger than 5 MB'],
    [
      '/work/x/letter.html: merge data must be a .json or .csv file',
      'letter.html: merge data must be a .json or .csv file',
    ],
  ])('%s', (text, expected) => {
    expect(hidePathsIn(text)).toBe(expected)
  })

  it.each([
    'The link https://example.com/a/b answered 404.',
    'http://127.0.0.1:3000/secret is refused: 127.0.0.1 is a loopback address',
    'TLS 1.2/1.3 and application/pdf',
    '550 5.1.1 <bob@example.test>: Recipient address rejected',
  ])('leaves %s as it is', (text) => {
    expect(hidePathsIn(text)).toBe(text)
  })
})
