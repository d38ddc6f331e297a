/**
 * Decoding server answers with a Schema, failing with `InvalidResponse` that says what did not decode and where.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
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

/**
 * The member `key` of an answer's JSON body, decoded with `schema`; a body without it, or one that does not decode,
 * fails with `InvalidResponse` naming `what`.
 *
 * @example
 * memberOf(adapter.legacyJson.get("/limits/model"), "model", Model, "the limit model")
 */
export const memberOf = <S extends Schema.Top, E>(
  answer: Effect.Effect<{ readonly body: unknown }, E>,
  key: string,
  schema: S,
  what: string
): Effect.Effect<S["Type"], E | InvalidResponse> =>
  Effect.flatMap(answer, ({ body }) => {
    const wrapper = Schema.Struct({ [key]: schema }) as unknown as Schema.Decoder<Readonly<Record<string, S["Type"]>>>
    return Effect.map(decodeOrInvalid(wrapper, body, what), (decoded) => decoded[key] as S["Type"])
  })
