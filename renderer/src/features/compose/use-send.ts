import { useCallback, useEffect, useRef, useState } from 'react'
import type { Result, SendRequest, SendResult, SendStage } from '../../../../shared/contract'
import { sendsmith } from '../../sendsmith'

export interface SendState {
  sending: boolean
  /** The latest stage main reported for the send under way. */
  stage: SendStage | null
  /** The outcome of the last send, kept until the next one starts. */
  result: Result<SendResult> | null
  send: (request: SendRequest) => Promise<Result<SendResult>>
}

/** Sends one message through `mail:send` and follows its `send:progress` events. */
export function useSend(): SendState {
  const [sending, setSending] = useState(false)
  const [stage, setStage] = useState<SendStage | null>(null)
  const [result, setResult] = useState<Result<SendResult> | null>(null)
  // Progress events for some other account's send (none today) are not ours to show.
  const activeAccount = useRef<string | null>(null)

  useEffect(() => {
    const unsubscribe = sendsmith().on('send:progress', (progress) => {
      if (progress.accountId === activeAccount.current) setStage(progress.stage)
    })
    return unsubscribe
  }, [])

  const send = useCallback(async (request: SendRequest) => {
    activeAccount.current = request.accountId
    setSending(true)
    setStage('connecting')
    setResult(null)
    try {
      const outcome: Result<SendResult> = await sendsmith()
        .mail.send(request)
        // A broken bridge rejects instead of answering; show it like any other failure.
        .catch((error: unknown) => ({ ok: false, error: { code: 'INTERNAL', message: `The app could not reach its back end: ${String(error)}` } }) as const)
      setResult(outcome)
      return outcome
    } finally {
      activeAccount.current = null
      setSending(false)
      setStage(null)
    }
  }, [])

  return { sending, stage, result, send }
}
