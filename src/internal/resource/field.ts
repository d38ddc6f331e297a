/**
 * A resource's field, declared once with the places it may appear in: the item as read (required, optional or not at
 * all), the create body (required or optional), the update body, the list filters (one value, or any of several). The
 * Schemas of each place are derived from the fields ({@link codecOf}), and so are their TypeScript types
 * ({@link ItemOf}, {@link CreateOf}, {@link UpdateOf}, {@link FilterOf}).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

/**
 * Whether a field is in a place: always, sometimes, never.
 *
 * @example
 * const presence: Presence = "optional"
 */
export type Presence = "required" | "optional" | "none"

/**
 * Where a field may appear.
 *
 * @example
 * const modes: Modes = { read: "required", create: "optional", update: true, filter: "in" }
 */
export interface Modes {
  readonly read: Presence
  readonly create: Presence
  readonly update: boolean
  /** "in": one value or several (`?id=a&id=b`, any of them matches). */
  readonly filter: "none" | "one" | "in"
}

type With<M extends Modes, K extends keyof Modes, V extends Modes[K]> = {
  readonly [P in keyof Modes]: P extends K ? V : M[P]
}

/**
 * A codec whose decoded type is `T`, from any wire value, with no services.
 *
 * @example
 * const codec: Codec<string> = Schema.String
 */
export type Codec<T> = Schema.Codec<T, unknown>

/**
 * A declared field: its value's Schema (read and update), the Schemas of its create value and its filter value (the
 * same unless declared otherwise), where it appears, and its wire name when it is not the snake_case of its own.
 *
 * @example
 * const name: Field<string, Modes> = field(Schema.String).create.update.filter
 */
export interface Field<out T, out M extends Modes, out C = T, out Q = T> {
  readonly schema: Codec<T>
  readonly createSchema: Codec<C>
  readonly filterSchema: Codec<Q>
  readonly modes: M
  readonly wireName: string | undefined
  /** May be absent from the item (a server that leaves it out, an extension that may not be loaded). */
  readonly optional: Field<T, With<M, "read", "optional">, C, Q>
  /** Never in the item (a password). */
  readonly writeOnly: Field<T, With<M, "read", "none">, C, Q>
  /** In the create body, optionally. */
  readonly create: Field<T, With<M, "create", "optional">, C, Q>
  /** In the create body, always. */
  readonly required: Field<T, With<M, "create", "required">, C, Q>
  /** In the update body, optionally. */
  readonly update: Field<T, With<M, "update", true>, C, Q>
  /** A list filter of one value. */
  readonly filter: Field<T, With<M, "filter", "one">, C, Q>
  /** A list filter of one value or several (any of them matches: Neutron's repeated parameters). */
  readonly filterIn: Field<T, With<M, "filter", "in">, C, Q>
  /** In the create body (optionally, unless `.required`), with another Schema (e.g. roles by id or by name). */
  readonly createAs: <C2>(schema: Codec<C2>) => Field<T, With<M, "create", M["create"] extends "required" ? "required" : "optional">, C2, Q>
  /** The filter value has another Schema (e.g. a comma-separated list). */
  readonly filterAs: <Q2>(schema: Codec<Q2>) => Field<T, With<M, "filter", "one">, C, Q2>
  /** The wire name, where it is not the snake_case of the field's name (`"provider:network_type"`). */
  readonly wire: (name: string) => Field<T, M, C, Q>
}

/**
 * Any field.
 *
 * @example
 * const fields: ReadonlyArray<AnyField> = [field(Schema.String)]
 */
export type AnyField = Field<unknown, Modes, unknown, unknown>

/**
 * A resource's fields, by their camelCase names.
 *
 * @example
 * const fields: Fields = { id: field(Schema.String), name: field(Schema.String).create }
 */
export type Fields = { readonly [name: string]: AnyField }

interface Parts {
  readonly schema: Codec<unknown>
  readonly createSchema: Codec<unknown>
  readonly filterSchema: Codec<unknown>
  readonly modes: Modes
  readonly wireName: string | undefined
}

const build = (parts: Parts): AnyField => {
  const next = (changes: Partial<Parts>) => build({ ...parts, ...changes })
  const mode = (changes: Partial<Modes>) => next({ modes: { ...parts.modes, ...changes } })
  return {
    ...parts,
    get optional() { return mode({ read: "optional" }) },
    get writeOnly() { return mode({ read: "none" }) },
    get create() { return mode({ create: parts.modes.create === "required" ? "required" : "optional" }) },
    get required() { return mode({ create: "required" }) },
    get update() { return mode({ update: true }) },
    get filter() { return mode({ filter: "one" }) },
    get filterIn() { return mode({ filter: "in" }) },
    createAs: (createSchema: Codec<unknown>) =>
      next({ createSchema, modes: { ...parts.modes, create: parts.modes.create === "required" ? "required" : "optional" } }),
    filterAs: (filterSchema: Codec<unknown>) =>
      next({ filterSchema, modes: { ...parts.modes, filter: "one" } }),
    wire: (wireName: string) => next({ wireName })
  } as AnyField
}

// A declared field's Schema needs no services; its generic type hides that from the compiler.
const asCodec = (schema: Schema.Top): Codec<unknown> => schema as unknown as Codec<unknown>

const readOnly: Modes = { read: "required", create: "none", update: false, filter: "none" }

/**
 * A field with this Schema: in the item (always), nowhere else until said.
 *
 * @example
 * const mtu = field(Schema.Int).optional.create.update.filterIn
 */
export const field = <S extends Schema.Top>(
  schema: S
): Field<S["Type"], { readonly read: "required", readonly create: "none", readonly update: false, readonly filter: "none" }> =>
  build({
    schema: asCodec(schema),
    createSchema: asCodec(schema),
    filterSchema: asCodec(schema),
    modes: readOnly,
    wireName: undefined
  }) as never

/**
 * A list filter that is no field of the item (`effective`, `user.id`).
 *
 * @example
 * const effective = filterOnly(Schema.Boolean)
 */
export const filterOnly = <S extends Schema.Top>(
  schema: S
): Field<S["Type"], { readonly read: "none", readonly create: "none", readonly update: false, readonly filter: "one" }> =>
  field(schema).writeOnly.filter

/**
 * Tags as filters take them: one comma-separated parameter.
 *
 * @example
 * Schema.encodeSync(CommaList)(["a", "b"]) // "a,b"
 */
export const CommaList: Codec<ReadonlyArray<string>> = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Array(Schema.String),
    SchemaTransformation.transform({
      decode: (text: string): ReadonlyArray<string> => (text === "" ? [] : text.split(",")),
      encode: (tags: ReadonlyArray<string>) => tags.join(",")
    })
  )
)

// ---------------------------------------------------------------------------------------------------------------------
// Types of each place
// ---------------------------------------------------------------------------------------------------------------------

type Simplify<A> = { readonly [K in keyof A]: A[K] } & {}

type ModesOf<X> = X extends Field<unknown, infer M, unknown, unknown> ? M : never
type TypeOf<X> = X extends Field<infer T, Modes, unknown, unknown> ? T : never
type CreateTypeOf<X> = X extends Field<unknown, Modes, infer C, unknown> ? C : never
type FilterTypeOf<X> = X extends Field<unknown, Modes, unknown, infer Q> ? Q : never

type KeysWhere<F, P extends keyof Modes, V> = {
  [K in keyof F]: ModesOf<F[K]>[P] extends V ? K : never
}[keyof F]

/**
 * The item's type: the fields that are read, required or optional.
 *
 * @example
 * type Network = ItemOf<typeof Networks.Network.fields>
 */
export type ItemOf<F extends Fields> = Simplify<
  & { readonly [K in KeysWhere<F, "read", "required">]: TypeOf<F[K]> }
  & { readonly [K in KeysWhere<F, "read", "optional">]?: TypeOf<F[K]> }
>

/**
 * The create body's type.
 *
 * @example
 * type Attributes = CreateOf<typeof Networks.Network.fields>
 */
export type CreateOf<F extends Fields> = Simplify<
  & { readonly [K in KeysWhere<F, "create", "required">]: CreateTypeOf<F[K]> }
  & { readonly [K in KeysWhere<F, "create", "optional">]?: CreateTypeOf<F[K]> }
>

/**
 * The update body's type.
 *
 * @example
 * type Changes = UpdateOf<typeof Networks.Network.fields>
 */
export type UpdateOf<F extends Fields> = Simplify<{ readonly [K in KeysWhere<F, "update", true>]?: TypeOf<F[K]> }>

/**
 * The list filters' type.
 *
 * @example
 * type Filters = FilterOf<typeof Networks.Network.fields>
 */
export type FilterOf<F extends Fields> = Simplify<
  & { readonly [K in KeysWhere<F, "filter", "one">]?: FilterTypeOf<F[K]> }
  & { readonly [K in KeysWhere<F, "filter", "in">]?: FilterTypeOf<F[K]> | ReadonlyArray<FilterTypeOf<F[K]>> }
>

// ---------------------------------------------------------------------------------------------------------------------
// Schemas of each place
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A codec of records, camelCase inside, wire names outside.
 *
 * @example
 * const { codec }: { codec: RecordCodec } = codecOf(fields, "create")
 */
export type RecordCodec = Schema.Codec<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>>

/**
 * The places a body or a query is made of.
 *
 * @example
 * const place: Place = "filter"
 */
export type Place = "read" | "create" | "update" | "filter"

/**
 * The wire name of a field: its declared name, else its snake_case (`domainId` → `domain_id`).
 *
 * @example
 * wireName("domainId") // "domain_id"
 */
export const wireName = (name: string, declared?: string): string =>
  declared ?? name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/** A field's Schema in a place, or `undefined` where it does not appear. */
const schemaIn = (spec: AnyField, place: Place): Schema.Top | undefined => {
  const { modes } = spec
  switch (place) {
    case "read":
      return modes.read === "none" ? undefined : modes.read === "optional" ? Schema.optionalKey(spec.schema) : spec.schema
    case "create":
      return modes.create === "none"
        ? undefined
        : modes.create === "optional" ? Schema.optionalKey(spec.createSchema) : spec.createSchema
    case "update":
      return modes.update ? Schema.optionalKey(spec.schema) : undefined
    case "filter":
      return modes.filter === "none"
        ? undefined
        : Schema.optionalKey(
            modes.filter === "one" ? spec.filterSchema : Schema.Union([spec.filterSchema, Schema.Array(spec.filterSchema)])
          )
  }
}

/**
 * The codec of a place: camelCase values to and from their wire names; the wire names of its fields.
 *
 * @example
 * const { codec, wire } = codecOf(Networks.Network.fields, "update")
 */
export const codecOf = (
  fields: Fields,
  place: Place
): { readonly codec: RecordCodec, readonly wire: ReadonlyArray<string> } => {
  const schemas: Record<string, Schema.Top> = {}
  const mapping: Record<string, string> = {}
  for (const [name, spec] of Object.entries(fields)) {
    const schema = schemaIn(spec, place)
    if (schema === undefined) continue
    schemas[name] = schema
    mapping[name] = wireName(name, spec.wireName)
  }
  // The declared fields need no services to decode or encode; the record of Schemas hides that from the compiler.
  const codec = Schema.Struct(schemas).pipe(Schema.encodeKeys(mapping)) as unknown as RecordCodec
  return { codec, wire: Object.values(mapping) }
}
