/** Puts a step reported by an event in its place: a known id is replaced, a new one goes last. */
export function upsertStep<S extends { id: string }>(steps: S[], step: S): S[] {
  const index = steps.findIndex((s) => s.id === step.id)
  if (index === -1) return [...steps, step]
  const next = steps.slice()
  next[index] = step
  return next
}
