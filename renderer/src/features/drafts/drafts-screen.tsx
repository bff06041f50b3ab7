import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { Attach16Regular, Delete20Regular, Open20Regular } from '@fluentui/react-icons'
import { useDrafts } from './use-drafts'
import { bareList, bordered, screenColumn } from '../../components/surface-styles'

const useStyles = makeStyles({
  screen: screenColumn,
  title: { margin: 0 },
  list: {
    ...bareList,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    ...bordered,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  subject: {
    fontWeight: tokens.fontWeightSemibold,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  muted: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
})

interface DraftsScreenProps {
  visible: boolean
  onOpen: (id: string) => void
}

/** Saved drafts, newest first: open one in a compose tab, or delete it. */
export function DraftsScreen({ visible, onOpen }: DraftsScreenProps) {
  const styles = useStyles()
  const { drafts, error, remove } = useDrafts(visible)
  return (
    <div className={styles.screen}>
      <Title2 as="h2" className={styles.title}>
        Drafts
      </Title2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      {drafts.length === 0 && !error && (
        <Text>No drafts. Messages you write are saved here a few seconds after you stop typing.</Text>
      )}
      <ul className={styles.list} aria-label="Drafts">
        {drafts.map((d) => {
          const name = d.subject || '(no subject)'
          return (
            <li key={d.id} className={styles.item} aria-label={name}>
              <div className={styles.text}>
                <Text className={styles.subject}>{name}</Text>
                <Caption1 className={styles.muted}>
                  {d.to ? `To ${d.to}` : 'No recipients yet'} · saved {new Date(d.updatedAt).toLocaleString()}
                  {d.attachments > 0 && (
                    <>
                      {' · '}
                      <Attach16Regular aria-label="attachments" /> {d.attachments}
                    </>
                  )}
                </Caption1>
              </div>
              <div className={styles.actions}>
                <Button icon={<Open20Regular />} onClick={() => onOpen(d.id)}>
                  Open
                </Button>
                <Button
                  appearance="subtle"
                  icon={<Delete20Regular />}
                  aria-label={`Delete draft ${name}`}
                  onClick={() => void remove(d.id)}
                />
              </div>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
