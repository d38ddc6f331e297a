/**
 * A service made of resource clients (openstacksdk's `conn.network`): each client a `Resource.Service` class, the
 * aggregate their clients on one adapter, and a context with the aggregate and every client, for a layer.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { AdapterShape } from "../Adapter.ts"
import { adapterOf, type ServiceOptions } from "../Resource.ts"
import { Session } from "../Session.ts"
import type { ServiceInfo } from "./resource/declaration.ts"

/**
 * The clients of a service, by their names in the aggregate: each a key that also makes its client.
 *
 * @example
 * const clients = { networks: Networks.Networks, ports: Ports.Ports } satisfies Clients
 */
export type Clients = Readonly<Record<string, Client>>

/** What the aggregate needs of a client's class (`Resource.Service`): its key's types, and how to make it. */
interface Client {
  readonly key: string
  readonly Service: unknown
  readonly Identifier: unknown
  readonly make: (adapter: AdapterShape) => unknown
}

/**
 * The aggregate's shape: its adapter, and each client.
 *
 * @example
 * type NetworkShape = ShapeOf<typeof clients>
 */
export type ShapeOf<C extends Clients> =
  & { readonly adapter: AdapterShape }
  & { readonly [K in keyof C]: C[K]["Service"] }

/**
 * Every client's service.
 *
 * @example
 * type Provided = IdentifierOf<typeof clients> // Networks | Ports
 */
export type IdentifierOf<C extends Clients> = C[keyof C]["Identifier"]

/** A client's class is its key (a `Context.Service` class). */
const keyOf = (client: Client) => client as unknown as Context.Key<unknown, unknown>

/**
 * The clients on one adapter.
 *
 * @example
 * const network = make(clients, adapter)
 */
export const make = <C extends Clients>(clients: C, adapter: AdapterShape): ShapeOf<C> =>
  ({
    adapter,
    ...Object.fromEntries(Object.entries(clients).map(([name, client]) => [name, client.make(adapter)]))
  }) as ShapeOf<C>

/**
 * The aggregate and each of its clients, as services.
 *
 * @example
 * Layer.succeedContext(context(Network, clients, network))
 */
export const context = <I, S extends ShapeOf<C>, C extends Clients>(
  tag: Context.Key<I, S>,
  clients: C,
  shape: S
): Context.Context<I | IdentifierOf<C>> =>
  Object.entries(clients).reduce(
    (services, [name, client]) =>
      Context.add(services, keyOf(client), (shape as Readonly<Record<string, unknown>>)[name]),
    Context.make(tag, shape) as Context.Context<unknown>
  ) as Context.Context<I | IdentifierOf<C>>

/**
 * The layer of the aggregate and its clients on the Session of the context, on the service's adapter.
 *
 * @example
 * Network.layer = (options) => layer(Network, clients, services.network, options)
 */
export const layer = <I, S extends ShapeOf<C>, C extends Clients>(
  tag: Context.Key<I, S>,
  clients: C,
  service: ServiceInfo,
  options: ServiceOptions
): Layer.Layer<I | IdentifierOf<C>, never, Session> =>
  Layer.effectContext(
    Effect.map(Session, (session) => context(tag, clients, make(clients, adapterOf(session, service, options)) as S))
  )
