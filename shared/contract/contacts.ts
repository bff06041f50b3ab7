import { z } from 'zod'

/** One address the user may mean: someone written to before, or one of the user's own accounts. */
export const addressSuggestionSchema = z.object({
  /** The display name as last written ("Grace Hopper"); empty when none was ever given. */
  name: z.string(),
  address: z.string(),
  /** Messages in the sent history that went to this address (0 for an own account never written to). */
  uses: z.number().int(),
  /** When a message last went to it (ISO); absent for an own account never written to. */
  lastUsed: z.string().optional(),
})
export type AddressSuggestion = z.infer<typeof addressSuggestionSchema>

export const contactsContract = {
  /**
   * Addresses matching what was typed (a name or address prefix, any word of the name, case-insensitive),
   * from the sent history and the accounts' own addresses, most used and most recent first.
   */
  'contacts:suggest': {
    request: z.strictObject({
      query: z.string().max(320, 'The search is longer than 320 characters'),
      limit: z.number().int().min(1).max(50).default(8),
    }),
    response: z.array(addressSuggestionSchema),
  },
} as const
