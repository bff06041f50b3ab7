import { useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react'
import {
  InteractionTag,
  InteractionTagPrimary,
  InteractionTagSecondary,
  Tooltip,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
  type FieldControlProps,
} from '@fluentui/react-components'
import { ErrorCircle12Filled, Warning12Filled } from '@fluentui/react-icons'
import type { RecipientText } from './compose-fields'
import { splitTyped } from './recipient-text'
import { suggestionText, useAddressSuggestions } from './use-address-suggestions'

const useStyles = makeStyles({
  box: {
    position: 'relative',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    minHeight: '32px',
    paddingInline: tokens.spacingHorizontalS,
    paddingBlock: '2px',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderBottomColor: tokens.colorNeutralStrokeAccessible,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'text',
    ':focus-within': {
      borderBottomColor: tokens.colorCompoundBrandStroke,
      boxShadow: `inset 0 -1px 0 ${tokens.colorCompoundBrandStroke}`,
    },
  },
  invalidBox: { ...shorthands.borderColor(tokens.colorPaletteRedBorder2) },
  input: {
    flexGrow: 1,
    minWidth: '160px',
    border: 'none',
    outlineStyle: 'none',
    backgroundColor: 'transparent',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    color: tokens.colorNeutralForeground1,
    paddingBlock: '4px',
  },
  invalid: {
    backgroundColor: tokens.colorPaletteRedBackground1,
    color: tokens.colorPaletteRedForeground1,
    border: `1px solid ${tokens.colorPaletteRedBorder1}`,
  },
  duplicate: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    border: `1px solid ${tokens.colorPaletteYellowBorder1}`,
  },
  icon: { marginRight: '4px', verticalAlign: 'middle' },
  listbox: {
    position: 'absolute',
    top: '100%',
    left: 0,
    zIndex: 10,
    minWidth: '280px',
    maxWidth: '100%',
    marginTop: '2px',
    padding: tokens.spacingVerticalXS,
    listStyleType: 'none',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
  },
  option: {
    display: 'flex',
    flexDirection: 'column',
    paddingInline: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
    borderRadius: tokens.borderRadiusSmall,
    cursor: 'pointer',
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  activeOption: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    outline: `2px solid ${tokens.colorStrokeFocus2}`,
    outlineOffset: '-2px',
  },
  optionName: { fontWeight: tokens.fontWeightSemibold },
  optionAddress: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
})

export interface ChipNote {
  kind: 'invalid' | 'duplicate'
  text: string
}

interface AddressChipsProps {
  value: RecipientText
  onChange: (value: RecipientText) => void
  /** Why a chip is marked (invalid, or also in another field), by chip text. */
  notes: (chip: string) => ChipNote | null
  control: FieldControlProps
}

/**
 * An address line as chips: Enter, comma, semicolon or leaving the field turns what was typed into
 * chips (a paste of a whole list too). A chip that does not parse is red; coming back to the field
 * reopens the red ones as text, selected, so the fix is one keystroke away.
 */
export function AddressChips({ value, onChange, notes, control }: AddressChipsProps) {
  const styles = useStyles()
  const input = useRef<HTMLInputElement>(null)
  const [selectAll, setSelectAll] = useState(false)
  // Set while a chip's × hands focus back to the input: removing a red chip must not reopen it as text.
  const removing = useRef(false)
  // Autocomplete: open while the field has focus and what is typed matches someone; Escape closes it until the next keystroke.
  const [focused, setFocused] = useState(false)
  const [dismissed, setDismissed] = useState(false)
  const [activeIndex, setActiveIndex] = useState(0)
  const suggestions = useAddressSuggestions(value.pending, focused && !dismissed)
  const open = focused && !dismissed && suggestions.length > 0
  const active = Math.min(activeIndex, suggestions.length - 1)
  const listId = useId()
  const optionId = (index: number) => `${listId}-option-${index}`

  /** Replaces what is being typed with the chosen address as a chip. */
  const take = (index: number) => {
    const chosen = suggestions[index]
    if (!chosen) return
    onChange({ chips: [...value.chips, suggestionText(chosen)], pending: '' })
    setActiveIndex(0)
  }

  useLayoutEffect(() => {
    if (!selectAll) return
    input.current?.select()
    setSelectAll(false)
  }, [selectAll])

  const commit = (typed = value.pending) => {
    const { complete, rest } = splitTyped(typed)
    const more = [...complete, rest.trim()].filter((c) => c !== '')
    onChange({ chips: [...value.chips, ...more], pending: '' })
  }

  const onType = (typed: string) => {
    setDismissed(false)
    setActiveIndex(0)
    const { complete, rest } = splitTyped(typed)
    onChange(
      complete.length > 0 ? { chips: [...value.chips, ...complete], pending: rest } : { ...value, pending: typed },
    )
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActiveIndex((active + step + suggestions.length) % suggestions.length)
    } else if (open && (event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault()
      take(active)
    } else if (open && event.key === 'Escape') {
      // Closes the list only; the Escape must not also reach the compose window's own shortcuts.
      event.preventDefault()
      event.stopPropagation()
      setDismissed(true)
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey && value.pending.trim() !== '') {
      event.preventDefault()
      commit()
    } else if (event.key === 'Backspace' && value.pending === '' && value.chips.length > 0) {
      // Backspace into the last chip opens it for editing instead of losing it.
      event.preventDefault()
      onChange({ chips: value.chips.slice(0, -1), pending: value.chips[value.chips.length - 1] })
    }
  }

  const onFocus = () => {
    setFocused(true)
    if (removing.current) {
      removing.current = false
      return
    }
    const invalid = value.chips.filter((chip) => notes(chip)?.kind === 'invalid')
    if (value.pending !== '' || invalid.length === 0) return
    onChange({ chips: value.chips.filter((chip) => !invalid.includes(chip)), pending: invalid.join(', ') })
    setSelectAll(true)
  }

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    // A pasted list with line breaks (from a spreadsheet column) is a list, not one long address.
    const text = event.clipboardData.getData('text/plain')
    if (!/[\r\n]/.test(text)) return
    event.preventDefault()
    onType(value.pending + text.replace(/\r?\n/g, ', '))
  }

  /** Drops a chip for good, red ones too, and leaves the caret in the field (the × itself disappears). */
  const remove = (index: number) => {
    onChange({ ...value, chips: value.chips.filter((_, i) => i !== index) })
    if (document.activeElement !== input.current) {
      removing.current = true
      input.current?.focus()
    }
  }
  const anyInvalid = value.chips.some((chip) => notes(chip)?.kind === 'invalid')

  return (
    <div className={mergeClasses(styles.box, anyInvalid && styles.invalidBox)} onClick={() => input.current?.focus()}>
      {value.chips.map((chip, index) => {
        const note = notes(chip)
        const tag = (
          <InteractionTag
            key={`${index}:${chip}`}
            size="small"
            appearance={note ? 'outline' : 'brand'}
            className={mergeClasses(
              note?.kind === 'invalid' && styles.invalid,
              note?.kind === 'duplicate' && styles.duplicate,
            )}
          >
            <InteractionTagPrimary hasSecondaryAction data-chip-state={note?.kind ?? 'ok'}>
              {note?.kind === 'invalid' && <ErrorCircle12Filled className={styles.icon} aria-hidden />}
              {note?.kind === 'duplicate' && <Warning12Filled className={styles.icon} aria-hidden />}
              {chip}
            </InteractionTagPrimary>
            <InteractionTagSecondary
              aria-label={`Remove ${chip}`}
              onClick={(event) => {
                event.stopPropagation() // the box's click would focus the input before the removal lands
                remove(index)
              }}
            />
          </InteractionTag>
        )
        return note ? (
          <Tooltip key={`${index}:${chip}`} content={note.text} relationship="description" withArrow>
            {tag}
          </Tooltip>
        ) : (
          tag
        )
      })}
      <input
        ref={input}
        {...control}
        className={styles.input}
        value={value.pending}
        onChange={(e) => onType(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={() => {
          setFocused(false)
          setDismissed(false)
          if (value.pending.trim() !== '') commit()
        }}
        onPaste={onPaste}
        spellCheck={false}
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(active) : undefined}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Suggested addresses" className={styles.listbox}>
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.address}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={mergeClasses(styles.option, index === active && styles.activeOption)}
              // Keeps focus in the input: its blur would turn the half-typed text into a chip first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={(event) => {
                event.stopPropagation()
                take(index)
              }}
            >
              {suggestion.name !== '' && <span className={styles.optionName}>{suggestion.name}</span>}
              <span className={suggestion.name !== '' ? styles.optionAddress : undefined}>{suggestion.address}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
