/** Turns offsets in a text into 1-based line and column numbers (binary search over line starts). */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  /** The 1-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.starts[mid] <= offset) low = mid
      else high = mid - 1
    }
    return low + 1
  }

  /** The 1-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset)
    return { line, column: offset - this.starts[line - 1] + 1 }
  }
}
