/**
 * What a declaration may have besides its operations, each made from the declaration alone: tags (`/tags` under an
 * item), associations (members by id under a sub-path: PUT, HEAD, DELETE), actions (a request to a sub-path of an
 * item) and sub-collections (a list of another resource under an item).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ValidationError } from "../../Errors.ts"
import type { SessionError } from "../../Session.ts"
import { decodeOrInvalid } from "../decode.ts"
import {
  collect,
  decodeItem,
  encodeWith,
  itemPath,
  memberOf,
  readJson,
  type Target,
  targetOf,
  traced,
  wireItems
} from "./client.ts"
import type { Action, SubCollection } from "./declaration.ts"

/**
 * Whether a `HEAD` finds something: 2xx is `true`, 404 is `false`, any other status its typed error.
 *
 * @example
 * const member = yield* exists({ adapter }, "/groups/g1/users/u1")
 */
export const exists = (
  target: Pick<Target, "adapter">,
  path: string,
  headers: Readonly<Record<string, string>> = {}
): Effect.Effect<boolean, SessionError> =>
  target.adapter.head(path, { headers }).pipe(
    Effect.as(true),
    Effect.catchTag("NotFound", () => Effect.succeed(false))
  )

// ---------------------------------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------------------------------

const Tags = Schema.Struct({ tags: Schema.Array(Schema.String) })

const tagsOf = (target: Target, id: string) => (response: Parameters<typeof readJson>[0]) =>
  Effect.flatMap(readJson(response), (body) =>
    Effect.map(
      decodeOrInvalid(Tags, body, `the tags of ${target.compiled.name} ${id}`, {
        method: response.request.method,
        url: response.request.url
      }),
      (decoded) => decoded.tags
    ))

const checkTag = (target: Target, tag: string): Effect.Effect<string, ValidationError> =>
  /[/,]/.test(tag) || tag === ""
    ? Effect.fail(new ValidationError({ message: `the ${target.compiled.name} tag "${tag}" is empty or contains "/" or ",", which tags cannot` }))
    : Effect.succeed(tag)

/**
 * The tag operations of a resource declared with `tags: true`.
 *
 * @example
 * const { addTag, hasTag } = tagOperations(target)
 */
export const tagOperations = (target: Target) => {
  const tagsPath = (id: string) => `${itemPath(target, id)}/tags`
  const tagPath = (id: string, tag: string) => Effect.map(checkTag(target, tag), (valid) => `${tagsPath(id)}/${encodeURIComponent(valid)}`)
  return {
    /** The item's tags (`GET …/{id}/tags`). */
    listTags: (id: string): Effect.Effect<ReadonlyArray<string>, SessionError> =>
      traced(target, "listTags", Effect.flatMap(target.adapter.get(tagsPath(id)), tagsOf(target, id)), id),
    /** Replaces all of the item's tags (`PUT …/{id}/tags`, the server validates them); answers the tags it now has. */
    replaceTags: (id: string, tags: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>, SessionError> =>
      traced(target, "replaceTags", Effect.flatMap(target.adapter.put(tagsPath(id), { json: { tags } }), tagsOf(target, id)), id),
    /** Adds one tag (`PUT …/{id}/tags/{tag}`); a tag is not empty and has no `/` or `,` (else `ValidationError`). */
    addTag: (id: string, tag: string): Effect.Effect<void, SessionError> =>
      traced(target, "addTag", Effect.flatMap(tagPath(id, tag), (path) => Effect.asVoid(target.adapter.put(path))), id),
    /** Whether the item has the tag (`HEAD …/{id}/tags/{tag}`): `false` on 404 (also for no such item). */
    hasTag: (id: string, tag: string): Effect.Effect<boolean, SessionError> =>
      traced(target, "hasTag", Effect.flatMap(tagPath(id, tag), (path) => exists(target, path)), id),
    /** Removes one tag (`DELETE …/{id}/tags/{tag}`): `NotFound` when the item does not have it. */
    removeTag: (id: string, tag: string): Effect.Effect<void, SessionError> =>
      traced(target, "removeTag", Effect.flatMap(tagPath(id, tag), (path) => Effect.asVoid(target.adapter.delete(path))), id),
    /** Removes every tag (`DELETE …/{id}/tags`). */
    removeAllTags: (id: string): Effect.Effect<void, SessionError> =>
      traced(target, "removeAllTags", Effect.asVoid(target.adapter.delete(tagsPath(id))), id)
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Associations
// ---------------------------------------------------------------------------------------------------------------------

const capitalize = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`

/**
 * The operations of associations `{ member: "sub-path" }`: `addMember(id, memberId)` (PUT), `hasMember` (HEAD: `false`
 * on 404), `removeMember` (DELETE).
 *
 * @example
 * const { addUser } = associationOperations(target) // { user: "users" }
 */
export const associationOperations = (target: Target) => {
  const operations: Record<string, (id: string, memberId: string) => Effect.Effect<unknown, SessionError>> = {}
  for (const [member, subPath] of Object.entries(target.definition.associations ?? {})) {
    const path = (id: string, memberId: string) => `${itemPath(target, id)}/${subPath}/${encodeURIComponent(memberId)}`
    const name = capitalize(member)
    operations[`add${name}`] = (id, memberId) =>
      traced(target, `add${name}`, Effect.asVoid(target.adapter.put(path(id, memberId))), id)
    operations[`has${name}`] = (id, memberId) => traced(target, `has${name}`, exists(target, path(id, memberId)), id)
    operations[`remove${name}`] = (id, memberId) =>
      traced(target, `remove${name}`, Effect.asVoid(target.adapter.delete(path(id, memberId))), id)
  }
  return operations
}

// ---------------------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------------------

const actionBody = (target: Target, action: Action, input: unknown) =>
  action.input === undefined
    ? Effect.succeed(undefined)
    : Effect.map(
        encodeWith(target, action.input as Schema.Codec<unknown, unknown>, input, "the input"),
        (body) => (action.wrap === undefined ? body : { [action.wrap]: body })
      )

const actionAnswer = (target: Target, action: Action, name: string) => (response: Parameters<typeof readJson>[0]) => {
  const output = action.output
  if (output === undefined) return Effect.void
  if (output === "item") return Effect.flatMap(memberOf(response, target.compiled.key), (json) => decodeItem(target, json))
  const body = action.outputKey === undefined ? readJson(response) : memberOf(response, action.outputKey)
  return Effect.flatMap(body, (json) =>
    decodeOrInvalid(output as Schema.Decoder<unknown>, json, `the answer to ${name} of a ${target.compiled.name}`, {
      method: response.request.method,
      url: response.request.url
    }))
}

/**
 * The operations of the declared actions: `name(id, input?)`.
 *
 * @example
 * const { addInterface } = actionOperations(target)
 */
export const actionOperations = (target: Target) => {
  const operations: Record<string, (id: string, input?: unknown) => Effect.Effect<unknown, SessionError>> = {}
  for (const [name, action] of Object.entries(target.definition.actions ?? {})) {
    operations[name] = (id, input) =>
      traced(
        target,
        name,
        Effect.gen(function* () {
          const json = yield* actionBody(target, action, input)
          const url = `${itemPath(target, id)}/${action.path}`
          const body = json === undefined ? {} : { json }
          const response = yield* target.adapter.request(url, { method: action.method, ...body })
          return yield* actionAnswer(target, action, name)(response)
        }),
        id
      )
  }
  return operations
}

// ---------------------------------------------------------------------------------------------------------------------
// Sub-collections
// ---------------------------------------------------------------------------------------------------------------------

const subList = (target: Target, sub: SubCollection, id: string) => {
  const inner = targetOf(sub.of, target.adapter, `${itemPath(target, id)}/${sub.path}`)
  return collect(Stream.mapEffect(wireItems(inner, {}), (json) => decodeItem(inner, json)))
}

/**
 * The operations of the declared sub-collections: `name(id)`, every item.
 *
 * @example
 * const { roles } = listOperations(target) // { roles: { path: "roles", of: Roles.Role } }
 */
export const listOperations = (target: Target) => {
  const operations: Record<string, (id: string) => Effect.Effect<ReadonlyArray<unknown>, SessionError>> = {}
  for (const [name, sub] of Object.entries(target.definition.lists ?? {})) {
    operations[name] = (id) => traced(target, name, subList(target, sub, id), id)
  }
  return operations
}
