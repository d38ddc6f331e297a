/**
 * A REST resource, declared once, turned into a typed client — python-keystoneclient's `CrudManager` and openstacksdk's
 * resource proxies, for any OpenStack service.
 *
 * A declaration names its service and its key (`"network"`: the name, the collection key `networks` and the path
 * `/networks` follow from it) and gives each field once, with the places it may appear in: the item as read, the
 * create body, the update body, the list filters. The Schemas and the TypeScript types of each place are derived from
 * that; wire names are the snake_case of the field names unless a field says otherwise. Fields the server sends that
 * the declaration does not know are kept, in `extra`. Extras are declarations too: tags, associations (members by id
 * under a sub-path), actions on one item, sub-collections, and filters that list under another collection.
 *
 * {@link make} gives the client: `list` (all pages), `stream` (lazily), `select` (some fields), `get`, `find(nameOrId)`
 * (`NoUniqueMatch` for several), `create`, `update` and `delete` (conditional on a revision where the server has
 * them), `findOrCreate` — only those the declaration allows, each a span (`Network.networks.create`) whose error type
 * says what it can fail with. {@link layer} gives a resource client as a service of its own, so that a test can
 * `Layer.mock` just one resource.
 *
 * @example
 * import { Schema } from "effect"
 * import { Resource } from "effect-openstack"
 *
 * const Region = Resource.define({
 *   service: { type: "identity", version: "3", name: "Identity" },
 *   key: "region",
 *   fields: {
 *     id: Resource.field(Schema.String).create,
 *     description: Resource.field(Schema.String).optional.create.update,
 *     parentRegionId: Resource.field(Schema.NullOr(Schema.String)).optional.create.update.filter
 *   },
 *   operations: ["list", "get", "create", "update", "delete"]
 * })
 * const regions = (identity: Adapter.AdapterShape) => Resource.make(Region, identity)
 * // regions(identity).find("RegionOne"): Effect<Resource.Item<typeof Region>, SessionError | NoUniqueMatch>
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Adapter from "./Adapter.ts"
import { InvalidResponse, type NoUniqueMatch, ValidationError } from "./Errors.ts"
import * as client from "./internal/resource/client.ts"
import type * as Declaration from "./internal/resource/declaration.ts"
import { compiledOf, defaultPath } from "./internal/resource/declaration.ts"
import * as extras from "./internal/resource/extras.ts"
import { type ItemOf, wireName as wireNameOf } from "./internal/resource/field.ts"
import { type Response, Session, type SessionError } from "./Session.ts"

export {
  /**
   * A list filter that is no field of the item (`effective`, `user.id`).
   *
   * @example
   * const includeNames = Resource.filterOnly(Schema.Boolean).wire("include_names")
   */
  filterOnly,
  /**
   * A field with this Schema, in the item; then say where else it goes: `.optional` (may be absent from the item),
   * `.writeOnly` (never in it), `.create` / `.required` (in the create body), `.update`, `.filter` / `.filterIn`
   * (one value, or any of several), `.createAs(schema)` / `.filterAs(schema)` (another Schema there), `.wire(name)`.
   *
   * @example
   * const name = Resource.field(Schema.String).create.update.filter
   */
  field,
  /**
   * The wire name of a field: its declared name, else its snake_case (`domainId` → `domain_id`).
   *
   * @example
   * Resource.wireName("passwordExpiresAt") // "password_expires_at"
   */
  wireName,
  /**
   * Tags as Keystone's and Neutron's filters take them: one comma-separated parameter.
   *
   * @example
   * Schema.encodeSync(Resource.CommaList)(["a", "b"]) // "a,b"
   */
  CommaList
} from "./internal/resource/field.ts"

/**
 * A declared field (see {@link field}).
 *
 * @example
 * const enabled: Resource.Field<boolean, Resource.Modes> = Resource.field(Schema.Boolean).create.update
 */
export type { Field, Modes } from "./internal/resource/field.ts"

/**
 * What a declaration is made of: {@link Definition}; its service ({@link ServiceInfo}), its actions ({@link Action})
 * and sub-collections ({@link SubCollection}); what a client may do ({@link Operation}).
 *
 * @example
 * const network: Resource.ServiceInfo = { type: "network", version: "2.0", name: "Network", pathSeparator: "-" }
 */
export type { Action, Definition, Operation, ServiceInfo, SubCollection, TagFilters } from "./internal/resource/declaration.ts"

/**
 * How a list is asked for besides its filters (page size, order), and a conditional write.
 *
 * @example
 * yield* networks.list({ shared: false }, { limit: 100, sort: [["name", "asc"]] })
 */
export type { ListOptions, WriteOptions } from "./internal/resource/client.ts"

/**
 * Declares a resource (the identity function, for inference: operations, associations and actions keep their literal
 * names).
 *
 * @example
 * const Domain = Resource.define({
 *   service: IdentityService, key: "domain",
 *   fields: { id: Resource.field(Schema.String), name: Resource.field(Schema.String).required.filter },
 *   operations: ["list", "get", "create"]
 * })
 */
export const define = <const D extends Declaration.Definition>(definition: D): D => definition

/**
 * A decoded item: the declared fields, and every other field the server sent, unchanged, in `extra`.
 *
 * @example
 * type Network = Resource.Item<typeof Networks.Network>
 */
export type Item<D extends Declaration.Definition> = Declaration.Item<D>

/**
 * The list filters of a resource (its filter fields, the tag filters, the `listUnder` filters).
 *
 * @example
 * const query: Resource.Query<typeof Networks.Network> = { shared: true, tagsAny: ["ci"] }
 */
export type Query<D extends Declaration.Definition> = Declaration.Query<D>

/**
 * A create body of a resource.
 *
 * @example
 * const attributes: Resource.Create<typeof Networks.Network> = { name: "jenkins", mtu: 1400 }
 */
export type Create<D extends Declaration.Definition> = Declaration.Create<D>

/**
 * An update body of a resource.
 *
 * @example
 * const changes: Resource.Update<typeof Networks.Network> = { description: "CI" }
 */
export type Update<D extends Declaration.Definition> = Declaration.Update<D>

/**
 * Everything a resource operation can fail with: what the Session can, and `NoUniqueMatch` from `find`.
 *
 * @example
 * const orNothing = (e: Resource.ResourceError) => e._tag === "NotFound" ? Effect.succeed(undefined) : Effect.fail(e)
 */
export type ResourceError = SessionError | NoUniqueMatch

type Fields<D extends Declaration.Definition> = ItemOf<D["fields"]>
type Extra = { readonly extra: Readonly<Record<string, unknown>> }
type FieldName<D extends Declaration.Definition> = keyof Fields<D> & string
type LookupKey<D extends Declaration.Definition> = D["findBy"] extends string ? D["findBy"] : "name" | "id"

/**
 * Every operation a declared resource may have.
 *
 * @example
 * const networks: Resource.Operations<typeof Networks.Network> = Resource.make(Networks.Network, network)
 */
export interface Operations<D extends Declaration.Definition> {
  /** Every item, all pages. */
  readonly list: (
    query?: Query<D>,
    options?: client.ListOptions<FieldName<D>>
  ) => Effect.Effect<ReadonlyArray<Item<D>>, SessionError>
  /** Every item, lazily: a page is fetched when the stream gets there. */
  readonly stream: (
    query?: Query<D>,
    options?: client.ListOptions<FieldName<D>>
  ) => Stream.Stream<Item<D>, SessionError>
  /** Only these fields of every item (Neutron's `fields`). */
  readonly select: <K extends FieldName<D>>(
    fields: ReadonlyArray<K>,
    query?: Query<D>,
    options?: client.ListOptions<FieldName<D>>
  ) => Effect.Effect<ReadonlyArray<Pick<Fields<D>, K> & Extra>, SessionError>
  /** The item with this id (`NotFound` when there is none). */
  readonly get: (id: string) => Effect.Effect<Item<D>, SessionError>
  /** The item with this id, else the one with this name: `NotFound` for none, `NoUniqueMatch` for several. */
  readonly find: (nameOrId: string, query?: Query<D>) => Effect.Effect<Item<D>, SessionError | NoUniqueMatch>
  readonly create: (attributes: Create<D>) => Effect.Effect<Item<D>, SessionError>
  /** Creates several in one request, all or none (declarations with `batchCreate`); answers them in order. */
  readonly createMany: (items: ReadonlyArray<Create<D>>) => Effect.Effect<ReadonlyArray<Item<D>>, SessionError>
  /** Changes an item; `{ ifRevision }` makes it conditional where the resource has revision numbers. */
  readonly update: (
    id: string,
    attributes: Update<D>,
    options?: client.WriteOptions
  ) => Effect.Effect<Item<D>, SessionError>
  readonly delete: (id: string, options?: client.WriteOptions) => Effect.Effect<void, SessionError>
  /** `find(name)`, else `create` with that name (the id, for resources without names) and the other attributes. */
  readonly findOrCreate: (
    name: string,
    attributes: Omit<Create<D>, LookupKey<D>>
  ) => Effect.Effect<Item<D>, SessionError | NoUniqueMatch>
  /** Decodes one item from its wire JSON (for operations a declaration does not cover). */
  readonly decode: (json: unknown) => Effect.Effect<Item<D>, InvalidResponse>
}

/**
 * The client methods that declared operations give: `stream`, `select` and `find` come with `list` (`find` with `get`
 * too, for ids), `findOrCreate` with `create` and a way to find.
 *
 * @example
 * type ReadOnly = Resource.MethodsOf<"list" | "get"> // "list" | "stream" | "select" | "find" | "get" | "decode"
 */
export type MethodsOf<O extends Declaration.Operation> =
  | "decode"
  | ("list" extends O ? "list" | "stream" | "select" : never)
  | ("get" extends O ? "get" : never)
  | ("update" extends O ? "update" : never)
  | ("delete" extends O ? "delete" : never)
  | ([Extract<O, "list" | "get">] extends [never] ? never : "find" | ("create" extends O ? "findOrCreate" : never))
  | ("create" extends O ? "create" : never)

type TagMethods<D extends Declaration.Definition> = D["tags"] extends true ? ReturnType<typeof extras.tagOperations> : unknown

type MemberOperation<A> = (id: string, memberId: string) => Effect.Effect<A, SessionError>
type Members<D extends Declaration.Definition> = keyof D["associations"] & string

type AssociationMethods<D extends Declaration.Definition> = D["associations"] extends Readonly<Record<string, string>>
  ? & { readonly [K in Members<D> as `add${Capitalize<K>}`]: MemberOperation<void> }
  & { readonly [K in Members<D> as `has${Capitalize<K>}`]: MemberOperation<boolean> }
  & { readonly [K in Members<D> as `remove${Capitalize<K>}`]: MemberOperation<void> }
  : unknown

type ActionOutput<A, I> = A extends { readonly output: "item" } ? I
  : A extends { readonly output: infer S extends Schema.Top } ? S["Type"]
    : void

type ActionMethod<A, I> = A extends { readonly input: infer S extends Schema.Top }
  ? (id: string, input: S["Type"]) => Effect.Effect<ActionOutput<A, I>, SessionError>
  : (id: string) => Effect.Effect<ActionOutput<A, I>, SessionError>

type ActionMethods<D extends Declaration.Definition> = D["actions"] extends Readonly<Record<string, Declaration.Action>>
  ? { readonly [K in keyof D["actions"]]: ActionMethod<D["actions"][K], Item<D>> }
  : unknown

type SubList<S extends Declaration.SubCollection> = (id: string) => Effect.Effect<ReadonlyArray<Item<S["of"]>>, SessionError>

type ListMethods<D extends Declaration.Definition> = D["lists"] extends Readonly<Record<string, Declaration.SubCollection>>
  ? { readonly [K in keyof D["lists"]]: SubList<D["lists"][K]> }
  : unknown

/**
 * A resource's client: the operations its declaration allows, and its extras (tags, associations, actions,
 * sub-collections).
 *
 * @example
 * type Networks = Resource.Client<typeof Networks.Network>
 */
export type Client<D extends Declaration.Definition> =
  & Pick<Operations<D>, MethodsOf<Declaration.OperationsOf<D>> | (D["batchCreate"] extends true ? "createMany" : never)>
  & TagMethods<D>
  & AssociationMethods<D>
  & ActionMethods<D>
  & ListMethods<D>

/**
 * The path of a resource's collection under its service's endpoint (a nested one's from its parent's ids).
 *
 * @example
 * Resource.pathOf(Networks.Network) // "/networks"
 * Resource.pathOf(ApplicationCredentials.AccessRule, { userId: "u1" }) // "/users/u1/access_rules"
 */
export const pathOf = <D extends Declaration.Definition>(
  definition: D,
  ...parent: [Declaration.ParentOf<D>] extends [void] ? [] : [Declaration.ParentOf<D>]
): string =>
  definition.path === undefined ? defaultPath(definition) : (definition.path as (parent: unknown) => string)(parent[0])

const operationsOf = (target: client.Target): Operations<Declaration.Definition> => ({
  list: (query, options) => client.list(target, query, options),
  stream: (query, options) => client.stream(target, query, options),
  select: (fields, query, options) => client.select(target, fields, query, options),
  get: (id) => client.get(target, id),
  find: (nameOrId, query) => client.find(target, nameOrId, query),
  create: (attributes) => client.create(target, attributes),
  createMany: (items) => client.createMany(target, items),
  update: (id, attributes, options) => client.update(target, id, attributes, options),
  delete: (id, options) => client.remove(target, id, options),
  findOrCreate: (name, attributes) => client.findOrCreate(target, name, attributes),
  decode: (json) => client.decodeItem(target, json)
})

/** The operations a declaration allows, and what follows from them (`find` from `list` or `get`, …). */
const allowedMethods = (definition: Declaration.Definition): ReadonlySet<string> => {
  const allows = (operation: Declaration.Operation) => definition.operations.includes(operation)
  const finds = allows("list") || allows("get")
  return new Set([
    "decode",
    ...(allows("list") ? ["list", "stream", "select"] : []),
    ...(allows("get") ? ["get"] : []),
    ...(allows("create") ? ["create"] : []),
    ...(allows("create") && definition.batchCreate === true ? ["createMany"] : []),
    ...(allows("update") ? ["update"] : []),
    ...(allows("delete") ? ["delete"] : []),
    ...(finds ? ["find"] : []),
    ...(finds && allows("create") ? ["findOrCreate"] : [])
  ])
}

/**
 * The operations of a target. Those the declaration does not allow are absent from the client's type; an untyped
 * caller still reaches them, and they fail with `ValidationError` before any request.
 */
const guardedOperations = (target: client.Target): Operations<Declaration.Definition> => {
  const operations = operationsOf(target)
  const allowed = allowedMethods(target.definition)
  const refuse = (name: string) => () => {
    const refusal = new ValidationError({ message: `the ${target.compiled.name} resource does not support ${name}` })
    return name === "stream" ? Stream.fail(refusal) : Effect.fail(refusal)
  }
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) =>
      [name, typeof operation !== "function" || allowed.has(name) ? operation : refuse(name)]
    )
  ) as unknown as Operations<Declaration.Definition>
}

/**
 * The client of a resource, on a service adapter (the adapter gives the service type, interface, region, …); a
 * nested resource takes its parent's ids.
 *
 * @example
 * const networks = Resource.make(Networks.Network, network)
 * const credentials = Resource.make(ApplicationCredentials.ApplicationCredential, identity, { userId })
 */
export const make = <const D extends Declaration.Definition>(
  definition: D,
  adapter: Adapter.AdapterShape,
  ...parent: [Declaration.ParentOf<D>] extends [void] ? [] : [Declaration.ParentOf<D>]
): Client<D> => {
  const target = client.targetOf(definition, adapter, pathOf(definition, ...parent))
  return {
    ...guardedOperations(target),
    ...(definition.tags === true ? extras.tagOperations(target) : {}),
    ...extras.associationOperations(target),
    ...extras.actionOperations(target),
    ...extras.listOperations(target)
  } as unknown as Client<D>
}

/**
 * The Schema of a resource's items as they are read (without `extra`), for items nested in another resource's
 * answer (the rules of a security group).
 *
 * @example
 * const rules = Resource.field(Schema.Array(Resource.schemaOf(SecurityGroupRules.SecurityGroupRule)))
 */
export const schemaOf = <D extends Declaration.Definition>(definition: D): Schema.Codec<ItemOf<D["fields"]>, unknown> =>
  compiledOf(definition).item as unknown as Schema.Codec<ItemOf<D["fields"]>, unknown>

/**
 * An item as the server wrote it (openstacksdk's `to_dict(original_names=True)`): its declared fields under their wire
 * names, and the fields the declaration does not know (`extra`), unchanged. For printing an item as the server's own
 * clients do (the CLI's `show`), or for handing it to code that expects the API's JSON.
 *
 * @example
 * Resource.toWire(Projects.Project, project) // { id: "…", name: "demo", domain_id: "default", … }
 */
export const toWire = <D extends Declaration.Definition>(
  definition: D,
  item: Item<D>
): Effect.Effect<Readonly<Record<string, unknown>>, InvalidResponse> =>
  Effect.map(
    Effect.mapError(
      Schema.encodeUnknownEffect(compiledOf(definition).item)(item),
      (issue) => new InvalidResponse({ message: `a ${definition.key} item cannot be written back: ${issue.message}` })
    ),
    (wire) => ({ ...item.extra, ...(wire as Readonly<Record<string, unknown>>) })
  )

/**
 * A body or an answer whose keys are camelCase inside and snake_case on the wire (for actions' inputs and outputs).
 *
 * @example
 * const Interface = Resource.body({ subnetId: Schema.optionalKey(Schema.String) })
 * Schema.encodeSync(Interface)({ subnetId: "s1" }) // { subnet_id: "s1" }
 */
export const body = <const F extends Schema.Struct.Fields>(fields: F) =>
  Schema.Struct(fields).pipe(
    Schema.encodeKeys(
      Object.fromEntries(Object.keys(fields).map((name) => [name, wireNameOf(name)])) as {
        readonly [K in keyof F]: string
      }
    )
  )

/**
 * A response's JSON body; one that does not parse is an `InvalidResponse`.
 *
 * @example
 * const body = yield* Effect.flatMap(adapter.get("/projects/p1/tags"), Resource.readJson)
 */
export const readJson: (response: Response) => Effect.Effect<unknown, SessionError> =
  client.readJson

/**
 * Whether something exists, by a `HEAD`: 2xx is `true`, 404 is `false` (the answer to a check that does not hold),
 * any other status its typed error.
 *
 * @example
 * const member = yield* Resource.exists(identity, `/groups/${groupId}/users/${userId}`)
 */
export const exists = (
  adapter: Adapter.AdapterShape,
  path: string,
  options: { readonly headers?: Readonly<Record<string, string>> } = {}
): Effect.Effect<boolean, SessionError> => extras.exists({ adapter }, path, options.headers)

/**
 * What a service's adapter is made with, besides its type: interface, region, an endpoint override, …
 *
 * @example
 * const options: Resource.ServiceOptions = { interface: "internal", regionName: "RegionOne" }
 */
export type ServiceOptions = Omit<Adapter.AdapterOptions, "serviceType">

/**
 * The adapter of a service on a session: the service's type and API version, under the options given.
 *
 * @example
 * const network = Resource.adapterOf(session, NetworkService, { regionName: "RegionOne" })
 */
export const adapterOf = (
  session: Session["Service"],
  service: Declaration.ServiceInfo,
  options: ServiceOptions = {}
): Adapter.AdapterShape =>
  Adapter.make(session, {
    ...(service.version === undefined ? {} : { version: service.version }),
    ...options,
    serviceType: service.type
  })

/**
 * A client's layer over the Session of the context, on its service's adapter ({@link Service} gives it to a client's
 * class as `layer`).
 *
 * @example
 * const networksLayer = Resource.layer(Networks, (adapter) => Resource.make(Network, adapter), NetworkService)
 */
export const layer = <I, S>(
  tag: Context.Key<I, S>,
  makeClient: (adapter: Adapter.AdapterShape) => S,
  service: Declaration.ServiceInfo
) =>
  (options: ServiceOptions = {}): Layer.Layer<I, never, Session> =>
    Layer.effect(tag, Effect.map(Session, (session) => makeClient(adapterOf(session, service, options))))

/**
 * A resource client as a service class: the client's key, its `make` (on an adapter) and its `layer` (on the Session
 * of the context, with the service's adapter). The aggregate services (`Network`, `Identity`) are made of these.
 *
 * @example
 * export class Networks extends Resource.Service<Networks>()("effect-openstack/network/Networks", NetworkService,
 *   (adapter) => Resource.make(Network, adapter)) {}
 * // yield* Networks; Networks.layer(); Layer.mock(Networks, { … })
 */
export const Service = <Self>() =>
  <const Id extends string, S>(
    id: Id,
    service: Declaration.ServiceInfo,
    makeClient: (adapter: Adapter.AdapterShape) => S
  ): ServiceClass<Self, Id, S> => {
    const Tag = Context.Service<Self, S>()(id)
    const clientLayer = layer(Tag, makeClient, service)
    return class extends Tag {
      static readonly make = makeClient
      static readonly layer = clientLayer
    }
  }

/**
 * What {@link Service} makes: a `Context.Service` class with the client's `make` and `layer`.
 *
 * @example
 * const networks: Resource.ServiceClass<Networks, "effect-openstack/network/Networks", NetworksClient> = Networks
 */
export interface ServiceClass<Self, Id extends string, S> extends Context.ServiceClass<Self, Id, S> {
  /** The client on an adapter of its service. */
  readonly make: (adapter: Adapter.AdapterShape) => S
  /** The client on the Session of the context. */
  readonly layer: (options?: ServiceOptions) => Layer.Layer<Self, never, Session>
}
