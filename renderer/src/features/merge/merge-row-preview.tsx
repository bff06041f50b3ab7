import { useEffect, useMemo, useState } from 'react'
import { Button, Caption1, SpinButton, Text, makeStyles, tokens } from '@fluentui/react-components'
import { ChevronLeft20Regular, ChevronRight20Regular } from '@fluentui/react-icons'
import type { AppError, MergeInput, MergePreview, MergeValidation, Result } from '../../../../shared/contract'
import { AppErrorBar } from '../../components/app-error-bar'
import { MailPreview } from '../../components/mail-preview'
import { formatSize } from '../../components/format-size'

const useStyles = makeStyles({
  preview: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalM,
  },
  picker: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  spin: { width: '96px' },
  headers: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
  },
  label: { color: tokens.colorNeutralForeground3 },
})

interface MergeRowPreviewProps {
  input: MergeInput
  validation: MergeValidation
  preview: (input: MergeInput, row: number) => Promise<Result<MergePreview>>
}

/** One row merged as it would be sent (merge:preview), with a row picker. */
export function MergeRowPreview({ input, validation, preview }: MergeRowPreviewProps) {
  const styles = useStyles()
  const invalid = useMemo(() => new Set(validation.invalidRows.map((r) => r.row)), [validation])
  const firstValid = useMemo(() => {
    for (let row = 1; row <= validation.total; row++) if (!invalid.has(row)) return row
    return 1
  }, [invalid, validation.total])
  const [row, setRow] = useState(firstValid)
  const [shown, setShown] = useState<MergePreview | null>(null)
  const [error, setError] = useState<AppError | null>(null)

  useEffect(() => {
    let stale = false
    void preview(input, row).then((result) => {
      if (stale) return
      if (result.ok) {
        setShown(result.value)
        setError(null)
      } else {
        setShown(null)
        setError(result.error)
      }
    })
    return () => {
      stale = true
    }
  }, [input, row, preview])

  const go = (next: number) => setRow(Math.min(validation.total, Math.max(1, next)))
  return (
    <div className={styles.preview} data-testid="merge-preview">
      <div className={styles.picker}>
        <Text weight="semibold">Preview</Text>
        <Button
          appearance="subtle"
          icon={<ChevronLeft20Regular />}
          aria-label="Previous row"
          disabled={row <= 1}
          onClick={() => go(row - 1)}
        />
        <SpinButton
          className={styles.spin}
          aria-label="Row"
          min={1}
          max={validation.total}
          value={row}
          onChange={(_, data) => {
            const next = data.value ?? Number(data.displayValue)
            if (Number.isInteger(next)) go(next as number)
          }}
        />
        <Button
          appearance="subtle"
          icon={<ChevronRight20Regular />}
          aria-label="Next row"
          disabled={row >= validation.total}
          onClick={() => go(row + 1)}
        />
        <Caption1 className={styles.label}>of {validation.total.toLocaleString()}</Caption1>
      </div>
      {error && <AppErrorBar title={`Row ${row} cannot be previewed`} error={error} />}
      {shown && (
        <>
          <div className={styles.headers} data-testid="merge-preview-headers">
            <Caption1 className={styles.label}>To</Caption1>
            <Text>{shown.to}</Text>
            <Caption1 className={styles.label}>Subject</Caption1>
            <Text>{shown.subject}</Text>
            <Caption1 className={styles.label}>Size</Caption1>
            <Text>{formatSize(shown.size)}</Text>
          </div>
          <MailPreview html={shown.html} width="desktop" height={360} title={`Preview of row ${shown.row}`} />
        </>
      )}
    </div>
  )
}
