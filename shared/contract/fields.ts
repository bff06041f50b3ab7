import { z } from 'zod'
import { addressProblem, hasLineBreak, parseAddressList } from '../addresses'

/** A single plain address such as the account's own (`ada@example.com`). */
export const emailAddress = (label: string) =>
  z
    .string()
    .trim()
    .max(320, `${label} is longer than 320 characters`)
    .superRefine((value, ctx) => {
      const problem = addressProblem(value)
      if (problem !== null) ctx.addIssue({ code: 'custom', message: `${label} "${value}" is not valid: ${problem}` })
    })

/** One recipient as typed (`Ada <ada@example.com>`): parsed, never pattern-matched. */
export const recipient = (label: string) =>
  z
    .string()
    .max(1000, `a ${label} entry is longer than 1000 characters`)
    .superRefine((value, ctx) => {
      const { mailboxes, invalid } = parseAddressList(value)
      if (invalid.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${label}: "${invalid[0].input}" is not a valid address: ${invalid[0].reason}`,
        })
      } else if (mailboxes.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `${label}: give one address per entry, not "${value}"` })
      }
    })

/** A header-safe single line of text. */
export const headerText = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} is longer than ${max} characters`)
    .refine((value) => !hasLineBreak(value), `${label} must be one line: remove the line break`)
