import type { z } from 'zod'
import { accountSetupContract, accountSetupEvents } from './account-setup'
import { accountsContract } from './accounts'
import { contactsContract } from './contacts'
import { deliverabilityContract } from './deliverability'
import { desktopContract, desktopEvents } from './desktop'
import { draftsContract } from './drafts'
import { imapContract } from './imap'
import { inboxContract, inboxEvents } from './inbox'
import { mailContract, mailEvents } from './mail'
import { mergeContract, mergeEvents } from './merge'
import { oauthContract } from './oauth'
import { outboxContract, outboxEvents } from './outbox'
import { templatePreviewContract, templatesContract, templatesEvents } from './templates'

export * from './account-setup'
export * from './accounts'
export * from './contacts'
export * from './deliverability'
export * from './desktop'
export * from './drafts'
export * from './errors'
export * from './imap'
export * from './inbox'
export * from './mail'
export * from './merge'
export * from './oauth'
export * from './outbox'
export * from './templates'

/**
 * The IPC contract: every channel (`domain:verb`) with its request and response schema. The
 * preload API, the main-process handlers and the test harness are all derived from this table.
 */
export const contract = {
  ...accountsContract,
  ...accountSetupContract,
  ...mailContract,
  ...draftsContract,
  ...outboxContract,
  ...inboxContract,
  ...templatesContract,
  ...templatePreviewContract,
  ...mergeContract,
  ...deliverabilityContract,
  ...oauthContract,
  ...desktopContract,
  ...imapContract,
  ...contactsContract,
} as const

/** Events that main pushes to the renderer. */
export const events = {
  ...mailEvents,
  ...accountSetupEvents,
  ...outboxEvents,
  ...inboxEvents,
  ...templatesEvents,
  ...mergeEvents,
  ...desktopEvents,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const channels = Object.keys(contract) as Channel[]
export const eventNames = Object.keys(events) as EventName[]

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name)
}
