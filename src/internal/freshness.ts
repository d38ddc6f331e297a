/**
 * When a token stops being fresh: the moment from which the SDK gets a new one. Shared by the token state (which
 * refreshes then) and the shared token stores (whose entries live until then).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import type { AccessInfo } from "../AccessInfo.ts"

/** keystoneauth1 refreshes a token this long before it expires; so do we, unless told otherwise. */
export const defaultStaleDuration: Duration.Duration = Duration.seconds(120)

/**
 * When a token stops being fresh (epoch milliseconds): its expiry minus the stale window — `staleDuration`, or half
 * the token's lifetime for short-lived tokens, so that a 60-second token is not refreshed on every call.
 */
export const freshUntil = (access: AccessInfo, staleDuration: Duration.Duration): number => {
  const issued = access.issued?.getTime() ?? Number.NEGATIVE_INFINITY
  const lifetime = access.expiresAtMillis - issued
  return access.expiresAtMillis - Math.min(Duration.toMillis(staleDuration), lifetime / 2)
}
