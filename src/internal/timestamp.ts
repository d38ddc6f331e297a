/**
 * The ISO 8601 timestamps OpenStack sends ("2026-11-22T11:56:16.000000Z", "2015-03-05T10:00:00", "…+01:00").
 *
 * @internal
 */
import * as Schema from "effect/Schema"

const iso8601 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Milliseconds since the epoch, or NaN if the text is not such a timestamp. A timestamp without a zone is UTC, as
 * keystoneauth1 reads it (JavaScript alone would take local time).
 *
 * @example
 * parseTimestamp("2015-03-05T10:00:00") === Date.UTC(2015, 2, 5, 10) // true
 */
export const parseTimestamp = (text: string): number => {
  const parts = iso8601.exec(text)
  if (parts === null) return Number.NaN
  const [, date, time, zone] = parts
  return Date.parse(`${date}T${time}${zone === undefined ? "Z" : zone.toUpperCase()}`)
}

/** A string that is an ISO 8601 timestamp (kept as text, so that a token encodes back exactly as it came). */
export const Timestamp = Schema.String.check(
  Schema.makeFilter((text: string) => (Number.isNaN(parseTimestamp(text)) ? "Expected an ISO 8601 timestamp" : true))
)
