import { useState } from 'react'
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { ImportAccept, ImportCandidate } from '../../../../../shared/contract'

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalM },
  account: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  detail: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere', marginLeft: '32px' },
})

type Choice = Required<Omit<ImportAccept, 'index'>>

/** Whether an account of the file brings in anything that widens whom it trusts. */
export function needsReview(candidate: ImportCandidate): boolean {
  const { trust } = candidate
  return trust.ca !== undefined || trust.trustedCertificate !== undefined || trust.allowInsecureAuth
}

interface ImportReviewDialogProps {
  candidates: ImportCandidate[]
  onImport: (accept: ImportAccept[]) => void
  onCancel: () => void
}

/**
 * Before an import: each account that would bring in an extra CA, a pinned certificate or the
 * consent to send its password unencrypted is listed with what it brings; nothing is ticked, and
 * only what the user ticks comes in (an account file can come from anyone).
 */
export function ImportReviewDialog({ candidates, onImport, onCancel }: ImportReviewDialogProps) {
  const styles = useStyles()
  const [choices, setChoices] = useState<Record<number, Choice>>({})
  const choice = (index: number): Choice =>
    choices[index] ?? { ca: false, trustedCertificate: false, allowInsecureAuth: false }
  const set = (index: number, key: keyof Choice, value: boolean) =>
    setChoices((all) => ({ ...all, [index]: { ...choice(index), [key]: value } }))
  const reviewed = candidates.filter(needsReview)
  const others = candidates.length - reviewed.length

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-label="Review the import">
        <DialogBody>
          <DialogTitle>Review what this file would trust</DialogTitle>
          <DialogContent>
            <MessageBar intent="warning">
              <MessageBarBody>
                Only trust what you expected from the person who gave you this file: a certificate authority or a pinned
                certificate lets that server (or whoever holds its key) read the mail and the password. Nothing below is
                ticked; what stays unticked is not imported.
              </MessageBarBody>
            </MessageBar>
            <div className={styles.list}>
              {reviewed.map((c) => (
                <section key={c.index} className={styles.account} aria-label={`Account ${c.name}`}>
                  <Text weight="semibold">{c.name}</Text>
                  <Caption1>{`${c.email} · ${c.host}:${c.port}`}</Caption1>
                  {c.trust.ca && (
                    <>
                      <Checkbox
                        checked={choice(c.index).ca}
                        onChange={(_, d) => set(c.index, 'ca', d.checked === true)}
                        label="Trust the certificate authority in this file for this account"
                      />
                      <Caption1 className={styles.detail}>
                        {`${c.trust.ca.subject} · ${c.trust.ca.fingerprint} · valid to ${c.trust.ca.validTo}`}
                      </Caption1>
                    </>
                  )}
                  {c.trust.trustedCertificate && (
                    <>
                      <Checkbox
                        checked={choice(c.index).trustedCertificate}
                        onChange={(_, d) => set(c.index, 'trustedCertificate', d.checked === true)}
                        label="Trust the pinned server certificate in this file"
                      />
                      <Caption1 className={styles.detail}>
                        {`${c.trust.trustedCertificate.subject} · ${c.trust.trustedCertificate.fingerprint} · valid to ${c.trust.trustedCertificate.validTo}`}
                      </Caption1>
                    </>
                  )}
                  {c.trust.allowInsecureAuth && (
                    <Checkbox
                      checked={choice(c.index).allowInsecureAuth}
                      onChange={(_, d) => set(c.index, 'allowInsecureAuth', d.checked === true)}
                      label="Allow sending my password over an unencrypted connection"
                    />
                  )}
                </section>
              ))}
            </div>
            {others > 0 && (
              <Caption1>{`${others} other account${others === 1 ? '' : 's'} in the file bring${others === 1 ? 's' : ''} in no trust and will be imported as they are.`}</Caption1>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              onClick={() => onImport(Object.entries(choices).map(([index, c]) => ({ index: Number(index), ...c })))}
            >
              Import
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
