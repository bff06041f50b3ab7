/**
 * The local test inbox's SMTP port unless told otherwise: submission's well-known alternative port,
 * the one Mailpit, MailHog and tutorials use. Its own module: the CLI's help names it without
 * loading the inbox.
 */
export const defaultInboxPort = 2525
