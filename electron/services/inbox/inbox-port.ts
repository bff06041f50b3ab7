/** The local test inbox's SMTP port unless told otherwise (its own module: the CLI's help names it). */
export const defaultInboxPort = 2525
