/**
 * `token issue | revoke`. `token issue`: the Connection's token (from the token cache when it is still fresh, as every
 * command's), printed as python-openstackclient prints it — `expires`, `id`, and the scope's `project_id` /
 * `domain_id` / `system`, `user_id`. The token is printed because that is what the command is for; it is nowhere else.
 * `token revoke <token>`: Keystone revokes it (the token argument is `Redacted` from the moment it is parsed).
 *
 * @example
 * // effect-openstack token issue -f value -c id
 * const command = Token.command
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import type { AccessInfo } from "../AccessInfo.ts"
import * as Display from "./display.ts"
import { withConnection } from "./resource.ts"

/** openstackclient's `%Y-%m-%dT%H:%M:%S%z` of a UTC time: `2026-12-06T21:00:00+0000`. */
const expiresText = (date: Date) => `${date.toISOString().slice(0, 19)}+0000`

/**
 * The fields `token issue` prints for a token.
 *
 * @example
 * Token.fieldsOf(access) // [["expires", "…"], ["id", "gAAAA…"], ["project_id", "…"], ["user_id", "…"]]
 */
export const fieldsOf = (access: AccessInfo): ReadonlyArray<readonly [string, unknown]> => [
  ["expires", expiresText(access.expires)],
  ["id", Redacted.value(access.authToken)],
  ...(access.projectId === undefined ? [] : [["project_id", access.projectId] as const]),
  ...(access.domainId === undefined || access.projectId !== undefined ? [] : [["domain_id", access.domainId] as const]),
  ...(access.systemScoped ? [["system", "all"] as const] : []),
  ["user_id", access.userId]
]

const issue = Command.make("issue", { ...Display.showFlags }, (flags) =>
  withConnection((conn) =>
    Effect.flatMap(conn.session.getAccess(), (access) => Display.printShow(flags, fieldsOf(access))))
).pipe(
  Command.withDescription("Issue new token"),
  Command.withExamples([{ command: "effect-openstack token issue -f value -c id", description: "print the token alone" }])
)

const revoke = Command.make(
  "revoke",
  { token: Argument.Redacted("token").pipe(Argument.withDescription("token to be deleted")) },
  (input) => withConnection((conn) => conn.identity.tokens.revoke(input.token))
).pipe(
  Command.withDescription("Revoke existing token"),
  Command.withExamples([{ command: "effect-openstack token revoke gAAAA…", description: "Revoke existing token" }])
)

/**
 * The `token` command family.
 *
 * @example
 * Command.withSubcommands(root, [Token.command])
 */
export const command = Command.make("token").pipe(
  Command.withDescription("Tokens (Identity v3)"),
  Command.withSubcommands([issue, revoke])
)
