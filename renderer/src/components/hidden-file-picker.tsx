import type { Ref } from 'react'

/**
 * A hidden file input that a button opens (`ref.current.click()`): it hands over the chosen files
 * and clears itself, so that choosing the same file again still counts.
 */
export function HiddenFilePicker({
  ref,
  label,
  accept,
  multiple,
  testId,
  onFiles,
}: {
  ref: Ref<HTMLInputElement>
  label: string
  accept?: string
  multiple?: boolean
  testId?: string
  onFiles: (files: File[]) => void
}) {
  return (
    <input
      ref={ref}
      type="file"
      hidden
      accept={accept}
      multiple={multiple}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => {
        const files = [...(e.target.files ?? [])]
        e.target.value = ''
        if (files.length > 0) onFiles(files)
      }}
    />
  )
}
