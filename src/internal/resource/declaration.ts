/**
 * What a resource declaration is made of, and what follows from it: the names derived from its key, the codecs of
 * each place, the filters its extras add, and the TypeScript types of its items, bodies and filters.
 *
 * @internal
 */
import type * as Schema from "effect/Schema"
import type * as Pagination from "../../Pagination.ts"
import {
  type AnyField,
  codecOf,
  CommaList,
  type CreateOf,
  type Fields,
  field,
  type FilterOf,
  filterOnly,
  type ItemOf,
  type RecordCodec,
  type UpdateOf,
  wireName
} from "./field.ts"

/**
 * What a client may do with a resource.
 *
 * @example
 * const operations: ReadonlyArray<Operation> = ["list", "get"]
 */
export type Operation = "list" | "get" | "create" | "update" | "delete"

/**
 * The service a resource belongs to: its official type, the API version discovered at the catalog's endpoint, the
 * name its spans start with, and how the words of a collection's path are joined (Neutron's `security-groups`,
 * Keystone's `role_assignments`).
 *
 * @example
 * const network: ServiceInfo = { type: "network", version: "2.0", name: "Network", pathSeparator: "-" }
 */
export interface ServiceInfo {
  readonly type: string
  readonly version?: string | undefined
  readonly name: string
  readonly pathSeparator?: "-" | "_" | undefined
}

/**
 * An action on one item: a request to a sub-path of the item (`PUT /routers/{id}/add_router_interface`), with a body
 * made from `input` (under the key `wrap`, if any) and an answer decoded with `output` (under `outputKey`, if any):
 * `"item"` for the resource itself under its key, none for no answer.
 *
 * @example
 * const open: Action = { method: "PUT", path: "open", input: Resource.body({ angle: Schema.Int }), output: "item" }
 */
export interface Action {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  readonly path: string
  readonly input?: Schema.Top | undefined
  readonly wrap?: string | undefined
  readonly output?: "item" | Schema.Top | undefined
  readonly outputKey?: string | undefined
}

/**
 * A collection under one item, of another declared resource (`GET /OS-TRUST/trusts/{id}/roles` → roles).
 *
 * @example
 * const roles: SubCollection = { path: "roles", of: Roles.Role }
 */
export interface SubCollection {
  readonly path: string
  readonly of: Definition
}

/**
 * A resource, declared once.
 *
 * @example
 * const Region = Resource.define({ service, key: "region", fields: { id: field(Schema.String) }, operations: [] })
 */
export interface Definition {
  readonly service: ServiceInfo
  /** The body key of one item (`"network"`); the name, the collection key and the path follow from it. */
  readonly key: string
  /** For messages; default: the key with spaces (`"security group"`). */
  readonly name?: string | undefined
  /** The body key of a list; default: the key's plural (`policy` → `policies`). */
  readonly collectionKey?: string | undefined
  /** The client's name in its service, for spans; default: the collection key in camelCase. */
  readonly attribute?: string | undefined
  /** The collection's path, from its parent's ids for a nested one; default: `/` and the collection key. */
  readonly path?: ((parent: never) => string) | undefined
  readonly fields: Fields
  /** What the server allows; the client offers only these (and what follows from them). */
  readonly operations: ReadonlyArray<Operation>
  /** Default PATCH (Keystone); PUT for services that take updates so (Neutron). */
  readonly updateMethod?: "PATCH" | "PUT" | undefined
  /** How the list is paged (default "links"). */
  readonly pagination?: Pagination.Kind | undefined
  /** The field `find` lists by when no id matches; default `name` where there is one; `false`: ids only. */
  readonly findBy?: string | false | undefined
  /** Tags under each item (`/tags`), and the filters `tags`, `tagsAny`, `notTags`, `notTagsAny`. */
  readonly tags?: boolean | undefined
  /** Keystone's limits: created in batches (`POST {"limits": [...]}`): `create` sends a batch of one. */
  readonly batchCreate?: boolean | undefined
  /** Neutron's `revision_number`: updates and deletes may be conditional (`If-Match`). */
  readonly revision?: boolean | undefined
  /** Filters that move the list under another collection (`groupId` → `/groups/{groupId}/users`). */
  readonly listUnder?: Readonly<Record<string, (id: string) => string>> | undefined
  /** Members by id under a sub-path: `{ user: "users" }` → `addUser`, `hasUser`, `removeUser`. */
  readonly associations?: Readonly<Record<string, string>> | undefined
  /** Actions on one item, by their method names. */
  readonly actions?: Readonly<Record<string, Action>> | undefined
  /** Collections under one item, by their method names. */
  readonly lists?: Readonly<Record<string, SubCollection>> | undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------------

/** Unknown fields the server sent, unchanged. */
interface Extra {
  readonly extra: Readonly<Record<string, unknown>>
}

/**
 * A decoded item of a declaration.
 *
 * @example
 * type Network = Item<typeof Networks.Network>
 */
export type Item<D extends Definition> = ItemOf<D["fields"]> & Extra

/**
 * A create body of a declaration.
 *
 * @example
 * const attributes: Create<typeof Networks.Network> = { name: "jenkins" }
 */
export type Create<D extends Definition> = CreateOf<D["fields"]>

/**
 * An update body of a declaration.
 *
 * @example
 * const changes: Update<typeof Networks.Network> = { mtu: 1400 }
 */
export type Update<D extends Definition> = UpdateOf<D["fields"]>

/**
 * The tag filters: all of (`tags`), any of, not all of, none of.
 *
 * @example
 * const filters: TagFilters = { tagsAny: ["ci", "nightly"] }
 */
export interface TagFilters {
  readonly tags?: ReadonlyArray<string>
  readonly tagsAny?: ReadonlyArray<string>
  readonly notTags?: ReadonlyArray<string>
  readonly notTagsAny?: ReadonlyArray<string>
}

type UnderFilters<D extends Definition> = D["listUnder"] extends Readonly<Record<string, unknown>>
  ? { readonly [K in keyof D["listUnder"]]?: string }
  : unknown

/**
 * The list filters of a declaration.
 *
 * @example
 * const query: Query<typeof Networks.Network> = { name: ["a", "b"], shared: false }
 */
export type Query<D extends Definition> =
  & (D["tags"] extends true ? Omit<FilterOf<D["fields"]>, "tags"> & TagFilters : FilterOf<D["fields"]>)
  & UnderFilters<D>

/**
 * The parent ids a nested declaration's path takes (`void` for a top-level one).
 *
 * @example
 * type Parent = ParentOf<typeof ApplicationCredentials.AccessRule> // { readonly userId: string }
 */
export type ParentOf<D extends Definition> = D["path"] extends (...args: infer A) => string
  ? A extends readonly [infer P] ? P : void
  : void

/**
 * The operations a declaration allows.
 *
 * @example
 * type Allowed = OperationsOf<typeof Extensions.Extension> // "list" | "get"
 */
export type OperationsOf<D extends Definition> = D["operations"][number]

// ---------------------------------------------------------------------------------------------------------------------
// Derived names and codecs
// ---------------------------------------------------------------------------------------------------------------------

export type { RecordCodec }

/**
 * What follows from a declaration, computed once.
 *
 * @example
 * const { name, collectionKey } = compiledOf(Networks.Network) // "network", "networks"
 */
export interface Compiled {
  readonly name: string
  readonly key: string
  readonly collectionKey: string
  readonly spanPrefix: string
  readonly findBy: string | undefined
  readonly item: RecordCodec
  readonly knownWire: ReadonlySet<string>
  readonly create: RecordCodec
  readonly update: RecordCodec
  readonly filter: RecordCodec
  readonly fields: Fields
}

/**
 * The plural of a key: `policy` → `policies`, `box` → `boxes`, `network` → `networks`.
 *
 * @example
 * plural("policy") // "policies"
 */
export const plural = (key: string): string =>
  /[^aeiou]y$/.test(key) ? `${key.slice(0, -1)}ies` : /(s|x|z|ch|sh)$/.test(key) ? `${key}es` : `${key}s`

const camel = (words: string) => words.replace(/[_-]([a-z])/g, (_, letter: string) => letter.toUpperCase())

/**
 * The collection key of a declaration.
 *
 * @example
 * collectionKeyOf(Networks.Network) // "networks"
 */
export const collectionKeyOf = (definition: Definition): string => definition.collectionKey ?? plural(definition.key)

/**
 * The collection's path of a top-level declaration by the usual rule.
 *
 * @example
 * defaultPath(SecurityGroups.SecurityGroup) // "/security-groups"
 */
export const defaultPath = (definition: Definition): string =>
  `/${collectionKeyOf(definition).replaceAll("_", definition.service.pathSeparator ?? "_")}`

const tagFields = (fields: Fields): Fields => ({
  ...fields,
  tags: (fields.tags ?? (field(CommaList).writeOnly as AnyField)).filterAs(CommaList) as AnyField,
  tagsAny: filterOnly(CommaList).wire("tags-any") as AnyField,
  notTags: filterOnly(CommaList).wire("not-tags") as AnyField,
  notTagsAny: filterOnly(CommaList).wire("not-tags-any") as AnyField
})

const compile = (definition: Definition): Compiled => {
  const fields = definition.tags !== true ? definition.fields : tagFields(definition.fields)
  const item = codecOf(fields, "read")
  const collectionKey = collectionKeyOf(definition)
  const findBy = definition.findBy === false ? undefined : definition.findBy ?? ("name" in fields ? "name" : undefined)
  return {
    name: definition.name ?? definition.key.replaceAll("_", " "),
    key: definition.key,
    collectionKey,
    spanPrefix: `${definition.service.name}.${definition.attribute ?? camel(collectionKey)}`,
    findBy,
    item: item.codec,
    knownWire: new Set(item.wire),
    create: codecOf(fields, "create").codec,
    update: codecOf(fields, "update").codec,
    filter: codecOf(fields, "filter").codec,
    fields
  }
}

const compiled = new WeakMap<Definition, Compiled>()

/**
 * What follows from a declaration (computed on first use, then kept).
 *
 * @example
 * const compiled = compiledOf(Networks.Network)
 */
export const compiledOf = (definition: Definition): Compiled => {
  const known = compiled.get(definition)
  if (known !== undefined) return known
  const fresh = compile(definition)
  compiled.set(definition, fresh)
  return fresh
}

export { wireName }
