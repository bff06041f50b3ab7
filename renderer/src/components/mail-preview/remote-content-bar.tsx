import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tooltip,
} from '@fluentui/react-components'

export interface RemoteContentBarProps {
  /** Hosts the message would contact. */
  hosts: string[]
  allowed: boolean
  loading?: boolean
  onAllow: () => void
  onBlock: () => void
}

/** "Remote images are blocked", with the hosts the message would contact and a button to allow them. */
export function RemoteContentBar({ hosts, allowed, loading, onAllow, onBlock }: RemoteContentBarProps) {
  if (hosts.length === 0) return null
  const list = hosts.join(', ')
  return (
    <MessageBar intent={allowed ? 'info' : 'warning'} layout="multiline" aria-label="Remote content">
      <MessageBarBody>
        <MessageBarTitle>{allowed ? 'Remote images shown' : 'Remote images blocked'}</MessageBarTitle>
        <Tooltip content={list} relationship="description">
          <span data-testid="remote-hosts">
            {hosts.length === 1 ? 'This message would contact ' : `This message would contact ${hosts.length} hosts: `}
            {hosts.slice(0, 4).join(', ')}
            {hosts.length > 4 && ` and ${hosts.length - 4} more`}
          </span>
        </Tooltip>
      </MessageBarBody>
      <MessageBarActions>
        {allowed ? (
          <Button size="small" onClick={onBlock}>
            Block again
          </Button>
        ) : (
          <Button size="small" onClick={onAllow} disabled={loading}>
            {loading ? 'Loading…' : 'Show remote images'}
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  )
}
