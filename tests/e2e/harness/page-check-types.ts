/** One serious or critical axe finding, in words a failing test can print (page-checks.ts makes them). */
export interface AccessibilityProblem {
  rule: string
  impact: string
  help: string
  targets: string[]
}

/** The in-page side of the checks (page-checks.ts), as globalThis.__sendsmithChecks. */
export interface PageChecks {
  accessibilityProblems(ignored: { rule: string; selector: string }[]): Promise<AccessibilityProblem[]>
  layoutProblems(): string[]
}
