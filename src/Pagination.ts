/**
 * How a collection comes in pages: by links (`links.next`, Keystone and Glance; `<collection>_links` with
 * `rel: "next"`, Neutron and Nova), by marker (`?marker=<last id>&limit=<n>`), or all at once. {@link pages} turns a
 * page fetcher into a lazy `Stream` of items that follows them — absolute next links as they are (never prefixed
 * again), relative ones resolved against the page's URL — and fails with `InvalidResponse` instead of looping when a
 * server hands back a next page it already gave.
 *
 * @example
 * import { Stream } from "effect"
 * import { Pagination } from "effect-openstack"
 *
 * const servers = Pagination.pages({ kind: "links", collectionKey: "servers", first: url, fetch: getJson })
 * // Stream<unknown, E>: every item of every page, fetched as the stream is read
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { InvalidResponse } from "./Errors.ts"
import { redactUrl } from "./internal/redact.ts"

/**
 * How a collection is paged.
 *
 * @example
 * const kind: Pagination.Kind = "marker"
 */
export type Kind = "links" | "marker" | "none"

/**
 * A page as fetched: its URL and its decoded JSON body.
 *
 * @example
 * const page: Pagination.Page = { url: "https://neutron/v2.0/networks?limit=2", body: { networks: [] } }
 */
export interface Page {
  readonly url: string
  readonly body: unknown
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The next page's link in a body, if any: `links.next` (a string), or the `href` of the `rel: "next"` entry of
 * `links` or `<collectionKey>_links`.
 *
 * @example
 * Pagination.nextLink({ networks_links: [{ rel: "next", href: "https://n/v2.0/networks?marker=x" }] }, "networks")
 * // "https://n/v2.0/networks?marker=x"
 */
export const nextLink = (body: unknown, collectionKey: string): string | undefined => {
  if (!isRecord(body)) return undefined
  for (const links of [body.links, body[`${collectionKey}_links`]]) {
    if (isRecord(links) && typeof links.next === "string" && links.next !== "") return links.next
    if (Array.isArray(links)) {
      const next = links.find((l): l is { rel: string, href: string } =>
        isRecord(l) && l.rel === "next" && typeof l.href === "string")
      if (next !== undefined) return next.href
    }
  }
  return undefined
}

/**
 * The items of a page: the array under `collectionKey` (an `InvalidResponse` when there is none).
 *
 * @example
 * const items = yield* Pagination.itemsOf({ url, body: { projects: [] } }, "projects") // []
 */
export const itemsOf = (page: Page, collectionKey: string): Effect.Effect<ReadonlyArray<unknown>, InvalidResponse> => {
  const items = isRecord(page.body) ? page.body[collectionKey] : undefined
  return Array.isArray(items)
    ? Effect.succeed(items)
    : Effect.fail(
        new InvalidResponse({
          message: `GET ${redactUrl(page.url)} answered without a "${collectionKey}" list`,
          method: "GET",
          url: redactUrl(page.url)
        })
      )
}

/** A URL with `marker` (and `limit`) set. */
const withMarker = (url: string, marker: string, limit: number | undefined): string => {
  const next = new URL(url)
  next.searchParams.set("marker", marker)
  if (limit !== undefined) next.searchParams.set("limit", String(limit))
  return next.href
}

/**
 * What {@link pages} needs: how the collection is paged, where it starts, and how to fetch one page.
 *
 * @example
 * const options: Pagination.Options<E> = { kind: "links", collectionKey: "projects", first, fetch }
 */
export interface Options<E> {
  readonly kind: Kind
  readonly collectionKey: string
  /** The absolute URL of the first page (with the query). */
  readonly first: string
  /** GETs one page (an absolute URL) and decodes its JSON. */
  readonly fetch: (url: string) => Effect.Effect<Page, E>
  /** For marker paging: the page size asked for; a shorter page is the last. */
  readonly limit?: number | undefined
  /** For marker paging: the marker of an item (default: its `id`). */
  readonly markerOf?: ((item: unknown) => string | undefined) | undefined
}

const defaultMarker = (item: unknown): string | undefined =>
  isRecord(item) && typeof item.id === "string" ? item.id : undefined

/** The URL of the page after `page`, if there is one. */
const nextUrl = <E>(options: Options<E>, page: Page, items: ReadonlyArray<unknown>): string | undefined => {
  switch (options.kind) {
    case "none":
      return undefined
    case "links": {
      const link = nextLink(page.body, options.collectionKey)
      return link === undefined ? undefined : new URL(link, page.url).href
    }
    case "marker": {
      if (items.length === 0 || (options.limit !== undefined && items.length < options.limit)) return undefined
      const marker = (options.markerOf ?? defaultMarker)(items.at(-1))
      return marker === undefined ? undefined : withMarker(page.url, marker, options.limit)
    }
  }
}

/**
 * Every item of every page, as a lazy `Stream`: the next page is fetched only when the stream is read that far.
 * A next page already visited fails with `InvalidResponse` (a server repeating a marker would loop forever).
 *
 * @example
 * const ports = Pagination.pages({ kind: "marker", collectionKey: "ports", first, fetch, limit: 100 })
 * const all = yield* Stream.runCollect(ports)
 */
export const pages = <E>(options: Options<E>): Stream.Stream<unknown, E | InvalidResponse> =>
  Stream.suspend(() => {
    const visited = new Set<string>() // per run of the stream
    return Stream.paginate(options.first, (url: string) =>
      Effect.gen(function* () {
        visited.add(url)
        const page = yield* options.fetch(url)
        const items = yield* itemsOf(page, options.collectionKey)
        const next = nextUrl(options, page, items)
        if (next !== undefined && visited.has(next)) {
          return yield* new InvalidResponse({
            message: `GET ${redactUrl(page.url)} points to a next page already fetched (${redactUrl(next)}): stopping`,
            method: "GET",
            url: redactUrl(page.url)
          })
        }
        return [items, Option.fromUndefinedOr(next)] as const
      }))
  })
