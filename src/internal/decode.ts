/**
 * Decoding server answers with a Schema, failing with `InvalidResponse` that says what did not decode and where.
 *
 * @internal
 */
import { Effect, Schema } from "effect"
import { InvalidResponse } from "../Errors.ts"

/** Where a response came from, for the error message. */
export interface Origin {
  readonly method?: string
  readonly url?: string
  readonly status?: number
  readonly requestId?: string
}

/**
 * Decodes `json` with `schema`; a mismatch fails with `InvalidResponse` naming `what` and the path that failed.
 *
 * @example
 * decodeOrInvalid(V3Catalog, json, "the v3 service catalog")
 * // fails with InvalidResponse: "the v3 service catalog does not decode: Expected string at [0]["type"]"
 */
export const decodeOrInvalid = <S extends Schema.Decoder<unknown>>(
  schema: S,
  json: unknown,
  what: string,
  origin: Origin = {}
): Effect.Effect<S["Type"], InvalidResponse> =>
  Effect.mapError(
    Schema.decodeUnknownEffect(schema)(json),
    (error) =>
      new InvalidResponse({
        message: `${what}${origin.url === undefined ? "" : ` from ${origin.method ?? "GET"} ${origin.url}`} does not `
          + `decode: ${error.message.replace(/\s*\n\s*/g, " ")}`,
        ...origin
      })
  )
