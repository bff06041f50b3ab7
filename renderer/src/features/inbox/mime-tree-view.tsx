import { Badge, Caption1, Tree, TreeItem, TreeItemLayout, makeStyles, tokens } from '@fluentui/react-components'
import { Document16Regular, Folder16Regular } from '@fluentui/react-icons'
import type { InboxMimeNode } from '../../../../shared/contract'
import { formatSize } from '../../components/format-size'

const useStyles = makeStyles({
  type: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  details: {
    display: 'inline-flex',
    gap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    marginInlineStart: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  muted: { color: tokens.colorNeutralForeground3 },
})

function valueOf(node: InboxMimeNode): string {
  return node.part === '' ? 'root' : node.part
}

function allBranches(node: InboxMimeNode): string[] {
  return node.children.length === 0 ? [] : [valueOf(node), ...node.children.flatMap(allBranches)]
}

function MimeNode({ node }: { node: InboxMimeNode }) {
  const styles = useStyles()
  const branch = node.children.length > 0
  const details = [node.part && `part ${node.part}`, !branch && formatSize(node.size), node.charset, node.encoding]
    .filter(Boolean)
    .join(' · ')
  const layout = (
    <TreeItemLayout iconBefore={branch ? <Folder16Regular /> : <Document16Regular />}>
      <span className={styles.type}>{node.contentType}</span>
      <span className={styles.details}>
        {details && <Caption1 className={styles.muted}>{details}</Caption1>}
        {node.disposition && (
          <Badge size="small" appearance="tint" color={node.disposition === 'attachment' ? 'brand' : 'informative'}>
            {node.disposition}
          </Badge>
        )}
        {node.filename && <Caption1>{node.filename}</Caption1>}
      </span>
    </TreeItemLayout>
  )
  return branch ? (
    <TreeItem itemType="branch" value={valueOf(node)}>
      {layout}
      <Tree>
        {node.children.map((child) => (
          <MimeNode key={valueOf(child)} node={child} />
        ))}
      </Tree>
    </TreeItem>
  ) : (
    <TreeItem itemType="leaf" value={valueOf(node)}>
      {layout}
    </TreeItem>
  )
}

/** The message's MIME structure as sent: multipart containers with their parts, every branch open. */
export function MimeTreeView({ root }: { root: InboxMimeNode }) {
  return (
    <Tree aria-label="MIME structure" defaultOpenItems={allBranches(root)} size="small">
      <MimeNode node={root} />
    </Tree>
  )
}
