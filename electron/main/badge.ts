import { app, type BrowserWindow } from 'electron'
import type { MergeProgress } from '../../shared/contract'

/** The outbox count on the dock (macOS) or the launcher (Linux, where the desktop supports it). */
export function showOutboxBadge(waiting: number): void {
  app.setBadgeCount(waiting)
}

/** A running merge's progress on the taskbar or dock icon; cleared when it ends. */
export function showMergeProgress(window: BrowserWindow | undefined, progress: MergeProgress): void {
  if (!window || window.isDestroyed()) return
  const toSend = progress.total - progress.skipped
  const done = toSend - progress.remaining
  const showing = progress.state === 'sending' || progress.state === 'paused'
  window.setProgressBar(showing && toSend > 0 ? Math.min(1, Math.max(0, done / toSend)) : -1, {
    mode: progress.state === 'paused' ? 'paused' : 'normal',
  })
}
