import { Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components'
import { Add16Regular, Delete16Regular } from '@fluentui/react-icons'
import { customHeaderSchema } from '../../../../shared/contract'

const useStyles = makeStyles({
  rows: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'grid', gridTemplateColumns: '200px 1fr 32px', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  hint: { color: tokens.colorNeutralForeground3 },
  add: { alignSelf: 'flex-start' },
})

export type Header = { name: string; value: string }

/** Why a header row cannot be sent (reserved name, bad characters, a line break), or null. */
export function headerProblem(header: Header): { field: 'name' | 'value'; message: string } | null {
  if (header.name.trim() === '' && header.value.trim() === '') return null
  if (/[\r\n]/.test(header.name + header.value))
    return {
      field: /[\r\n]/.test(header.name) ? 'name' : 'value',
      message: 'A header may not contain a line break (it would start another header)',
    }
  const parsed = customHeaderSchema.safeParse(header)
  if (parsed.success) return null
  const issue = parsed.error.issues[0]
  return { field: issue.path[0] === 'value' ? 'value' : 'name', message: issue.message }
}

interface CustomHeadersProps {
  headers: Header[]
  onChange: (headers: Header[]) => void
}

/** Extra header lines (X-Campaign, List-Unsubscribe ...), checked as they are typed. */
export function CustomHeaders({ headers, onChange }: CustomHeadersProps) {
  const styles = useStyles()
  const update = (index: number, patch: Partial<Header>) =>
    onChange(headers.map((h, i) => (i === index ? { ...h, ...patch } : h)))
  return (
    <div className={styles.rows}>
      {headers.length === 0 && (
        <Caption1 className={styles.hint}>
          No custom headers. From, To, Subject, Reply-To and priority have fields of their own.
        </Caption1>
      )}
      {headers.map((header, index) => {
        const problem = headerProblem(header)
        const state = (field: 'name' | 'value') =>
          problem?.field === field ? { validationState: 'error' as const, validationMessage: problem.message } : {}
        return (
          <div key={index} className={styles.row}>
            <Field {...state('name')}>
              <Input
                placeholder="X-Campaign"
                aria-label={`Header ${index + 1} name`}
                value={header.name}
                onChange={(_, d) => update(index, { name: d.value })}
                spellCheck={false}
              />
            </Field>
            <Field {...state('value')}>
              <Input
                placeholder="Value"
                aria-label={`Header ${index + 1} value`}
                value={header.value}
                onChange={(_, d) => update(index, { value: d.value })}
                spellCheck={false}
              />
            </Field>
            <Button
              appearance="subtle"
              icon={<Delete16Regular />}
              aria-label={`Remove header ${index + 1}`}
              onClick={() => onChange(headers.filter((_, i) => i !== index))}
            />
          </div>
        )
      })}
      <Button
        className={styles.add}
        size="small"
        icon={<Add16Regular />}
        onClick={() => onChange([...headers, { name: '', value: '' }])}
        disabled={headers.length >= 50}
      >
        Add header
      </Button>
    </div>
  )
}
