import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components'
import { Dismiss16Regular, Document20Regular, Image20Regular } from '@fluentui/react-icons'
import type { Attachment } from '../../../../shared/contract'
import { attachmentBytes, maxTotalBytes, totalBytes } from './attachment-files'
import { formatSize } from '../../components/format-size'

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS} ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    maxWidth: '280px',
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200 },
  size: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  total: { color: tokens.colorNeutralForeground3 },
})

interface AttachmentListProps {
  attachments: Attachment[]
  onRemove: (attachment: Attachment) => void
}

/** Attached files (inline images live in the body, and count in the total) with sizes and remove buttons. */
export function AttachmentList({ attachments, onRemove }: AttachmentListProps) {
  const styles = useStyles()
  const files = attachments.filter((a) => a.contentId === undefined)
  const inline = attachments.length - files.length
  if (attachments.length === 0) return null
  return (
    <div className={styles.wrap}>
      {files.length > 0 && (
        <ul className={styles.list} aria-label="Attachments">
          {files.map((a, index) => (
            <li key={`${index}:${a.filename}`} className={styles.item} aria-label={a.filename}>
              {a.contentType.startsWith('image/') ? <Image20Regular aria-hidden /> : <Document20Regular aria-hidden />}
              <span className={styles.name} title={a.filename}>
                {a.filename}
              </span>
              <Caption1 className={styles.size}>{formatSize(attachmentBytes(a))}</Caption1>
              <Button
                size="small"
                appearance="subtle"
                icon={<Dismiss16Regular />}
                aria-label={`Remove ${a.filename}`}
                onClick={() => onRemove(a)}
              />
            </li>
          ))}
        </ul>
      )}
      <Caption1 className={styles.total} data-testid="attachments-total">
        {files.length} file{files.length === 1 ? '' : 's'}
        {inline > 0 ? ` and ${inline} inline image${inline === 1 ? '' : 's'}` : ''},{' '}
        {formatSize(totalBytes(attachments))} of {formatSize(maxTotalBytes)}
      </Caption1>
    </div>
  )
}
