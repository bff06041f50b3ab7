import { useState } from 'react'
import { Button, Caption1 } from '@fluentui/react-components'
import { PersonProhibited20Regular } from '@fluentui/react-icons'
import { sendsmith, settle } from '../../sendsmith'

/**
 * The user's word after a run: the recipients its server refused for good (5xx) join the
 * suppression list as "bounced", so no later merge writes to them again.
 */
export function SuppressBouncesButton({ runId }: { runId: string }) {
  const [outcome, setOutcome] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const suppress = async () => {
    setBusy(true)
    const result = await settle(sendsmith().suppression.addHardBounces({ runId }))
    setBusy(false)
    if (!result.ok) return setOutcome(result.error.message)
    const n = result.value.addresses.length
    setOutcome(
      n === 0
        ? 'No recipient was refused for good (5xx): nothing to suppress.'
        : `${n} address${n === 1 ? '' : 'es'} added to the suppression list.`,
    )
  }
  return (
    <>
      <Button
        icon={<PersonProhibited20Regular />}
        disabled={busy}
        title="Add the recipients the server refused for good (5xx) to the suppression list"
        onClick={() => void suppress()}
      >
        Suppress hard bounces
      </Button>
      {outcome && <Caption1 role="status">{outcome}</Caption1>}
    </>
  )
}
