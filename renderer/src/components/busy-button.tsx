import { Button, Spinner, type ButtonProps } from '@fluentui/react-components'

/** A button whose work is under way: disabled, with a spinner in place of its icon, until `busy` ends. */
export function BusyButton({ busy, icon, disabled, ...props }: ButtonProps & { busy: boolean }) {
  return <Button {...props} disabled={busy || disabled} icon={busy ? <Spinner size="tiny" /> : icon} />
}
