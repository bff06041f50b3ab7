import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type {
  AppError,
  CheckReport,
  DataFile,
  RecentTemplate,
  RenderResult,
  Result,
  SendRequest,
  TemplateKind,
  TemplateRequest,
} from '../../../../shared/contract'
import { sendsmith, settle } from '../../sendsmith'
import { latestOnly } from './latest-only'

/** The template being worked on: a file opened through main (watched), or a new one in the editor. */
export interface OpenTemplate {
  /** Null for a new template that exists only in the editor. */
  handle: string | null
  name: string
  kind: TemplateKind
}

// Checks read the whole document and take longer than a render: run them once typing pauses.
const checkDelayMs = 400
// A render still running this long while newer text waits is given up (a huge or hostile template).
const staleRenderMs = 1000

export const starterTemplates: Record<TemplateKind, string> = {
  html: '<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>Hello</title>\n</head>\n<body>\n  <h1>Hello</h1>\n  <p>Write your message here.</p>\n</body>\n</html>\n',
  hbs: '<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>Hello {{name}}</title>\n</head>\n<body>\n  <h1>Hello {{name}}</h1>\n  <p>Your plan: {{plan}}</p>\n</body>\n</html>\n',
  mjml: '<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text font-size="20px">Hello {{name}}</mj-text>\n        <mj-button href="https://example.com">Open</mj-button>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n',
}

/**
 * The workbench's data access over window.sendsmith: open and watch files, merge data, live
 * render (latest only, no debounce) and checks (in main, after a short pause).
 */
export function useTemplateWorkbench() {
  const [template, setTemplate] = useState<OpenTemplate | null>(null)
  const [source, setSource] = useState('')
  const [data, setData] = useState<DataFile | null>(null)
  const [row, setRow] = useState(1)
  const [rendered, setRendered] = useState<RenderResult | null>(null)
  const [renderError, setRenderError] = useState<AppError | null>(null)
  const [report, setReport] = useState<CheckReport | null>(null)
  const [checkError, setCheckError] = useState<AppError | null>(null)
  const [checking, setChecking] = useState(false)
  const [fileError, setFileError] = useState<AppError | null>(null)
  const [recent, setRecent] = useState<RecentTemplate[]>([])
  const handleRef = useRef<string | null>(null)

  const request = useMemo((): TemplateRequest | null => {
    if (!template) return null
    return { source, kind: template.kind, ...(data && { dataHandle: data.handle, row }) }
  }, [template, source, data, row])

  // One id for this preview: main cancels its unfinished render when a newer one replaces it.
  const previewId = useMemo(() => crypto.randomUUID(), [])
  const renderer = useMemo(
    () =>
      latestOnly(
        (input: TemplateRequest) => settle(sendsmith().templates.render({ ...input, previewId })),
        (result: Result<RenderResult>) => {
          if (result.ok) {
            setRendered(result.value)
            setRenderError(null)
          } else if (result.error.code !== 'CANCELLED') setRenderError(result.error)
        },
        { supersedeAfterMs: staleRenderMs },
      ),
    [previewId],
  )
  const checker = useMemo(
    () =>
      latestOnly(
        (input: TemplateRequest) => settle(sendsmith().templates.check({ ...input, previewId })),
        (result: Result<CheckReport>) => {
          if (!result.ok && result.error.code === 'CANCELLED') return
          setChecking(false)
          if (result.ok) {
            setReport(result.value)
            setCheckError(null)
          } else setCheckError(result.error)
        },
        { supersedeAfterMs: staleRenderMs },
      ),
    [previewId],
  )

  // Each distinct request is rendered once, whether it came from a keystroke or from state.
  const lastRender = useRef<TemplateRequest | null>(null)
  const renderNow = useCallback(
    (next: TemplateRequest) => {
      const last = lastRender.current
      if (
        last &&
        last.source === next.source &&
        last.kind === next.kind &&
        last.dataHandle === next.dataHandle &&
        last.row === next.row
      )
        return
      lastRender.current = next
      renderer.run(next)
    },
    [renderer],
  )
  useEffect(() => {
    if (request) renderNow(request)
  }, [request, renderNow])

  // A keystroke starts its render at once, not after React's next commit and paint (up to a frame later).
  const current = useRef({ template, data, row })
  current.current = { template, data, row }
  const editSource = useCallback(
    (text: string) => {
      setSource(text)
      const { template: open, data: merge, row: at } = current.current
      if (open) renderNow({ source: text, kind: open.kind, ...(merge && { dataHandle: merge.handle, row: at }) })
    },
    [renderNow],
  )

  // A file just opened is checked at once; edits after it wait for a pause.
  const checkedTemplate = useRef<OpenTemplate | null>(null)
  useEffect(() => {
    if (!request) return
    setChecking(true)
    const fresh = checkedTemplate.current !== template
    checkedTemplate.current = template
    const timer = setTimeout(() => checker.run(request), fresh ? 0 : checkDelayMs)
    return () => clearTimeout(timer)
  }, [request, checker, template])

  const loadRecent = useCallback(async () => {
    const result = await settle(sendsmith().templates.recent({}))
    if (result.ok) setRecent(result.value)
  }, [])

  useEffect(() => {
    void loadRecent()
    const offChanged = sendsmith().on('templates:changed', (event) => {
      if (event.handle === handleRef.current) setSource(event.source)
    })
    const offData = sendsmith().on('templates:dataChanged', (file) =>
      setData((current) => (current?.handle === file.handle ? file : current)),
    )
    return () => {
      offChanged()
      offData()
    }
  }, [loadRecent])

  const replaceTemplate = useCallback(
    (next: OpenTemplate, text: string) => {
      const previous = handleRef.current
      if (previous && previous !== next.handle) void settle(sendsmith().templates.close({ handle: previous }))
      handleRef.current = next.handle
      renderer.cancel()
      checker.cancel()
      lastRender.current = null
      setRendered(null)
      setReport(null)
      setRenderError(null)
      setCheckError(null)
      setFileError(null)
      setTemplate(next)
      setSource(text)
    },
    [renderer, checker],
  )

  const opened = useCallback(
    (result: Result<{ handle: string; name: string; kind: TemplateKind; source: string } | null>) => {
      if (!result.ok) return setFileError(result.error)
      if (result.value)
        replaceTemplate(
          { handle: result.value.handle, name: result.value.name, kind: result.value.kind },
          result.value.source,
        )
      void loadRecent()
    },
    [replaceTemplate, loadRecent],
  )

  return {
    template,
    request,
    source,
    setSource: editSource,
    data,
    row,
    setRow,
    rendered,
    renderError,
    report,
    checking,
    checkError,
    fileError,
    recent,
    openTemplate: async () => opened(await settle(sendsmith().templates.open({}))),
    reopen: async (recentId: string) => opened(await settle(sendsmith().templates.reopen({ recentId }))),
    newTemplate: (kind: TemplateKind) =>
      replaceTemplate({ handle: null, name: `Untitled.${kind}`, kind }, starterTemplates[kind]),
    openData: async () => {
      const result = await settle(sendsmith().templates.openData({}))
      if (!result.ok) return setFileError(result.error)
      if (!result.value) return
      if (data) void settle(sendsmith().templates.close({ handle: data.handle }))
      setFileError(null)
      setData(result.value)
      setRow(1)
    },
    clearData: () => {
      if (data) void settle(sendsmith().templates.close({ handle: data.handle }))
      setData(null)
    },
    dismissFileError: () => setFileError(null),
  }
}

export type TemplateWorkbench = ReturnType<typeof useTemplateWorkbench>

/** "Send test": one message through the outbox, as compose sends. */
export const sendTest = (request: SendRequest) => settle(sendsmith().mail.send(request))
