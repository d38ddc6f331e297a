/**
 * What counts as a secret, in one place: used for URLs in errors, and later for logged headers and bodies.
 *
 * @internal
 */
import { UrlParams } from "effect/http"

/** Names of fields, headers and query parameters whose values are secrets (passwords, tokens, keys, …). */
export const secretName: RegExp = /pass(word|code|phrase)?|secret|token|credential|api[-_]?key|signature|^sig$/i

/**
 * The URL with its user info and every secret-looking query parameter replaced by `REDACTED`.
 *
 * @example
 * redactUrl("https://u:p@host/v3?token=abc&limit=2") // "https://REDACTED:REDACTED@host/v3?token=REDACTED&limit=2"
 */
export const redactUrl = (url: string): string => UrlParams.redactUrl(url, [secretName])
