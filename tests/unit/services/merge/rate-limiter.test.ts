import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../../electron/services/merge/rate-limiter'

/** A limiter on a fake clock: sleeping moves the clock, so tests take no real time. */
function fakeLimiter(limits: ConstructorParameters<typeof RateLimiter>[0], start = 1_000_000) {
  let now = start
  const limiter = new RateLimiter(
    limits,
    () => now,
    async (ms) => {
      now += ms
    },
  )
  return { limiter, now: () => now }
}

describe('RateLimiter', () => {
  it('spaces messages evenly at the per-second pace, with no burst at the start', async () => {
    const { limiter, now } = fakeLimiter({ perSecond: 20 })
    const times: number[] = []
    for (let i = 0; i < 41; i++) {
      await limiter.take()
      times.push(now())
    }
    expect(times[1] - times[0]).toBe(50)
    expect(times[40] - times[0]).toBe(2000)
  })

  it('never lets a window hold more than its limit, counting sends made before a resume', async () => {
    const { limiter, now } = fakeLimiter({ perMinute: 3 })
    const start = now()
    limiter.setLimits({ perMinute: 3 }, [start - 50_000, start - 40_000, start - 30_000])
    await limiter.take()
    // The three earlier sends fill the minute until the first of them is a minute old.
    expect(now()).toBeGreaterThanOrEqual(start + 10_000)
  })

  it('serves callers in the order they asked', async () => {
    const { limiter } = fakeLimiter({ perSecond: 10 })
    const order: number[] = []
    await Promise.all([1, 2, 3, 4].map((n) => limiter.take().then(() => order.push(n))))
    expect(order).toEqual([1, 2, 3, 4])
  })

  it('lets everything through at once without limits', async () => {
    const { limiter, now } = fakeLimiter({})
    const start = now()
    for (let i = 0; i < 100; i++) await limiter.take()
    expect(now()).toBe(start)
    expect(limiter.limited).toBe(false)
  })
})
