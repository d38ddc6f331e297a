/**
 * The failures of resolving a cloud, and the checks the resolution steps share: where a failure is (the file, the
 * cloud, the key), the `CloudConfigError` naming it, Python's `get_boolean`, "this must be a mapping", and
 * openstacksdk's `_auth_update`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { CloudConfigError } from "../../Errors.ts"
import { copyDict, isDict, type Py, type PyDict, repr } from "./py.ts"

/**
 * Where a failure is: the file, the cloud, the key.
 *
 * @example
 * const where: Where = { file: "/etc/openstack/clouds.yaml", cloud: "prod", key: "auth_type" }
 */
export interface Where {
  readonly file?: string | undefined
  readonly cloud?: string | undefined
  readonly key?: string | undefined
}

/**
 * A `CloudConfigError` with the message, naming what `where` names (and nothing else).
 *
 * @example
 * const error = problem("networks must be a list, not 1", { cloud: "prod", key: "networks" })
 */
export const problem = (message: string, where: Where): CloudConfigError =>
  new CloudConfigError({
    message,
    ...(where.file === undefined ? {} : { file: where.file }),
    ...(where.cloud === undefined ? {} : { cloud: where.cloud }),
    ...(where.key === undefined ? {} : { key: where.key })
  })

/**
 * Python's `get_boolean`: None is False, a bool itself, a str true when it is "true" in any case.
 *
 * @example
 * const insecure = yield* getBoolean("True", "insecure", { cloud: "prod" }) // true
 */
export const getBoolean = (
  value: Py | undefined,
  key: string,
  where: Where
): Effect.Effect<boolean, CloudConfigError> => {
  if (value === undefined || value === null) return Effect.succeed(false)
  if (typeof value === "boolean") return Effect.succeed(value)
  if (typeof value === "string") return Effect.succeed(value.toLowerCase() === "true")
  return Effect.fail(problem(`${key} must be a boolean or a string, not ${repr(value)}`, { ...where, key }))
}

/**
 * The dict at `key`, or a failure naming it.
 *
 * @example
 * const auth = yield* dictAt(config.get("auth"), "auth", { cloud: "prod" })
 */
export const dictAt = (value: Py | undefined, key: string, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  isDict(value)
    ? Effect.succeed(value)
    : Effect.fail(problem(`${key} must be a mapping, not ${value === undefined ? "missing" : repr(value)}`, { ...where, key }))

/**
 * openstacksdk's `_auth_update`: `dict.update`, except that `auth` is updated, not replaced.
 *
 * @example
 * yield* authUpdate(config, cloud, { file: "clouds.yaml", cloud: "prod" })
 */
export const authUpdate = (target: PyDict, source: PyDict, where: Where): Effect.Effect<PyDict, CloudConfigError> =>
  Effect.gen(function* () {
    for (const [k, v] of copyDict(source)) {
      if (k === "auth") {
        const update = yield* dictAt(v, "auth", where)
        const current = target.get("auth")
        if (current === undefined) target.set("auth", new Map(update))
        else for (const [ak, av] of update) (yield* dictAt(current, "auth", where)).set(ak, av)
      } else {
        target.set(k, v)
      }
    }
    return target
  })
