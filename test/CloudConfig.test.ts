import { existsSync, readdirSync, readFileSync } from "node:fs"
import { resolve as resolvePath } from "node:path"
import { fileURLToPath } from "node:url"
import { inspect } from "node:util"
import { NodeFileSystem, NodePath } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, FileSystem, Layer, PlatformError, Redacted, Result } from "effect"
import { Auth, Errors, type Transport } from "effect-openstack"
import * as CloudConfig from "../src/CloudConfig.ts"
import { parsers } from "../src/internal/cloudConfig/parse.ts"
import { floatRepr, format, type Py } from "../src/internal/cloudConfig/py.ts"
import { authUrl, fakeKeystone } from "./support/fakeKeystone.ts"

const fixtures = fileURLToPath(new URL("./fixtures/clouds/", import.meta.url))
const HOME = "/home/tester" // what scripts/openstacksdk/resolve.py gives openstacksdk as HOME

interface Expected {
  readonly result?: unknown
  readonly error?: { readonly type: string, readonly message: string }
}
interface Args {
  readonly cloud?: string
  readonly region_name?: string
  readonly overrides?: Record<string, unknown>
  readonly load_envvars?: boolean
}

const readJson = <A>(file: string, fallback: A): A => existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) as A : fallback

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(resolvePath(fixtures, entry.name, "expected.json")))
  .map((entry) => entry.name)
  .sort()

/** The real file system, with relative paths resolved in the case's directory (openstacksdk ran there). */
const caseFileSystem = (dir: string) =>
  Layer.effect(
    FileSystem.FileSystem,
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      return FileSystem.makeNoop({
        exists: (file) => fs.exists(resolvePath(dir, file)),
        readFileString: (file, encoding) => fs.readFileString(resolvePath(dir, file), encoding)
      })
    })
  ).pipe(Layer.provide(NodeFileSystem.layer))

const env = (record: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env: record }))

/** Loads a fixture case with CloudConfig.load, as resolve.py loaded it with openstacksdk. */
const loadCase = (name: string) => {
  const dir = resolvePath(fixtures, name)
  const args = readJson<Args>(resolvePath(dir, "args.json"), {})
  const present = (...files: ReadonlyArray<string>) => files.filter((file) => existsSync(resolvePath(dir, file)))
  return CloudConfig.load({
    files: {
      config: present("clouds.yaml", "clouds.yml", "clouds.json"),
      secure: present("secure.yaml"),
      vendor: present("clouds-public.yaml")
    },
    ...(args.cloud === undefined ? {} : { cloud: args.cloud }),
    ...(args.region_name === undefined ? {} : { regionName: args.region_name }),
    ...(args.overrides === undefined ? {} : { overrides: args.overrides }),
    ...(args.load_envvars === undefined ? {} : { envvars: args.load_envvars })
  }).pipe(
    Effect.provide(Layer.mergeAll(caseFileSystem(dir), NodePath.layer, env({ HOME, ...readJson(resolvePath(dir, "env.json"), {}) })))
  )
}

/** Secrets unwrapped, for comparing with openstacksdk's plain values (only here, in the comparison). */
const reveal = (value: unknown): unknown =>
  Redacted.isRedacted(value)
    ? Redacted.value(value)
    : Array.isArray(value)
      ? value.map(reveal)
      : typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]))
        : value

/** Our CloudConfig in the shape resolve.py writes openstacksdk's CloudRegion in. */
const toOpenStackSdkShape = (cloud: CloudConfig.CloudConfig) => ({
  name: cloud.name,
  config: reveal(cloud.config),
  verify: cloud.verify,
  cert: cloud.cert === undefined ? null : typeof cloud.cert === "string" ? cloud.cert : [...cloud.cert],
  interface: cloud.interface,
  region_name: cloud.regionName ?? "",
  services: Object.fromEntries(Object.entries(cloud.services).map(([service, o]) => [service, {
    ...(o.endpointOverride === undefined ? {} : { endpoint_override: o.endpointOverride }),
    ...(o.interface === undefined ? {} : { interface: o.interface }),
    ...(o.apiVersion === undefined ? {} : { api_version: o.apiVersion }),
    ...(o.regionName === undefined ? {} : { region_name: o.regionName }),
    ...(o.serviceName === undefined ? {} : { service_name: o.serviceName })
  }]))
})

/** The failing cases: what openstacksdk raised, and what our CloudConfigError must say. */
interface Failure {
  readonly python: string
  readonly key: string
  readonly cloud?: string
  readonly file?: string
  readonly says: ReadonlyArray<string>
}
const failures: Record<string, Failure> = {
  "application-credential-no-auth-type": { python: "TypeError", key: "auth.application_credential_id", cloud: "ac", file: "clouds.yaml", says: ["v3applicationcredential"] },
  "auth-missing-parts": { python: "MissingRequiredOptions", key: "auth.auth_url", cloud: "partial", says: ["auth_url"] },
  "defaults-only": { python: "MissingRequiredOptions", key: "auth.auth_url", cloud: "defaults", says: ["auth_url"] },
  "envvars-named-conflict": { python: "ConfigException", key: "OS_CLOUD_NAME", cloud: "envvars", file: "clouds.yaml", says: ["envvars"] },
  "envvars-win-without-os-cloud": { python: "MissingRequiredOptions", key: "auth.auth_url", cloud: "envvars", says: ["auth_url"] },
  "no-cloud-selected": { python: "MissingRequiredOptions", key: "auth.auth_url", says: ["OS_CLOUD", "alpha, beta"] },
  "region-invalid-entry": { python: "ConfigException", key: "regions", cloud: "bad", file: "clouds.yaml", says: ["valeus"] },
  "region-not-in-list": { python: "ConfigException", key: "region_name", cloud: "multi", says: ["RegionThree", "RegionOne, RegionTwo"] },
  "token-no-auth-type": { python: "TypeError", key: "auth.token", cloud: "tok", says: ["auth.token", "v3token or token or admin_token"] },
  "unknown-auth-type": { python: "NoMatchingPlugin", key: "auth_type", cloud: "odd", says: ["kerberos-magic"] },
  "unknown-cloud": { python: "ConfigException", key: "cloud", cloud: "gamma", file: "clouds.yaml", says: ["gamma", "alpha, beta"] },
  "v3password-missing-user-domain": { python: "OptionError", key: "auth.user_domain_name", cloud: "v3", says: ["user_domain_id or user_domain_name"] },
  "yaml-syntax-error": { python: "ParserError", key: "", file: "clouds.yaml", says: ["clouds.yaml, line 6"] },
  "format-unknown-key": { python: "KeyError", key: "compute_endpoint_override", cloud: "fmt", says: ["{project_id}"] },
  "os-cloud-unknown": { python: "ConfigException", key: "cloud", cloud: "staging", says: ["staging", "dev"] },
  "noauth-missing-user": { python: "MissingRequiredOptions", key: "auth.user_id", cloud: "cinder-standalone", says: ["user_id"] },
  "v3token-project-name-no-domain": { python: "OptionError", key: "auth.project_domain_name", cloud: "tok", says: ["project_domain_id or project_domain_name"] },
  "envvars-region-not-in-list": { python: "ConfigException", key: "region_name", cloud: "mine", says: ["R2", "R1"] },
  "envvars-v3password-no-user-domain": { python: "OptionError", key: "auth.user_domain_name", cloud: "envvars", says: ["user_domain_id or user_domain_name"] },
  "region-name-null": { python: "AttributeError", key: "region_name", cloud: "empty-region", says: ["region_name must be a string"] }
}

describe("CloudConfig resolves each fixture as openstacksdk 0.101 does", () => {
  it("has the fixtures", () => {
    assert.isAtLeast(cases.length, 20)
  })

  it.effect.each(cases)("%s", (name) =>
    Effect.gen(function* () {
      const expected = readJson<Expected>(resolvePath(fixtures, name, "expected.json"), {})
      if (expected.result !== undefined) {
        const cloud = yield* loadCase(name)
        assert.deepStrictEqual(toOpenStackSdkShape(cloud), expected.result)
        return
      }
      const failure = failures[name]
      assert.isDefined(failure, `${name}: openstacksdk failed with ${expected.error?.type}: ${expected.error?.message}`)
      if (failure === undefined) return
      assert.strictEqual(expected.error?.type, failure.python)
      const error = yield* Effect.flip(loadCase(name))
      assert.instanceOf(error, Errors.CloudConfigError)
      assert.strictEqual(error.key ?? "", failure.key)
      assert.strictEqual(error.cloud, failure.cloud)
      if (failure.file !== undefined) assert.strictEqual(error.file, failure.file)
      for (const text of failure.says) assert.include(error.message, text)
    }))
})

describe("secrets", () => {
  it.effect("are Redacted in auth and config, and never in String, JSON or inspection", () =>
    Effect.gen(function* () {
      for (const name of ["password-basic", "envvars", "application-credential", "secure-merge", "multifactor", "overrides"]) {
        const cloud = yield* loadCase(name)
        const secrets = Object.entries(cloud.auth).filter(([key]) => /password|secret|token|passcode/.test(key))
        assert.isAbove(secrets.length, 0, name)
        for (const [key, value] of secrets) {
          assert.isTrue(Redacted.isRedacted(value), `${name}: auth.${key}`)
          const revealed = Redacted.isRedacted(value) ? String(Redacted.value(value)) : ""
          for (const shown of [String(cloud), JSON.stringify(cloud), inspect(cloud, { depth: 10 }), String(cloud.auth[key])]) {
            assert.notInclude(shown, revealed, `${name}: auth.${key}`)
          }
        }
      }
    }))

  it.effect("stay out of error messages", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(CloudConfig.fromObject({
        clouds: { clouds: { c: { auth: { auth_url: "https://k/v3", token: "tok-SECRET" }, regions: [{ name: "r", values: { password: "pw-SECRET" }, x: 1 }] } } }
      }))
      assert.strictEqual(error.key, "regions")
      assert.notInclude(error.message, "SECRET")
      const tokenError = yield* Effect.flip(CloudConfig.fromObject({ clouds: { clouds: { c: { auth: { auth_url: "https://k/v3", token: "tok-SECRET" } } } } }))
      assert.strictEqual(tokenError.key, "auth.token")
      assert.notInclude(tokenError.message, "SECRET")
      assert.notInclude(JSON.stringify(tokenError), "SECRET")
    }))

  it.effect("a value nested thousands of levels deep is a CloudConfigError, not a stack overflow", () =>
    Effect.gen(function* () {
      let nested: unknown = "leaf"
      for (let i = 0; i < 50_000; i++) nested = { k: nested }
      const error = yield* Effect.flip(CloudConfig.fromObject({ clouds: { clouds: { c: { auth: { auth_url: "https://k/v3" }, extra: nested } } } }))
      assert.strictEqual(error._tag, "CloudConfigError")
      assert.include(error.message, "a value nested more than 100 levels deep at clouds.c.extra.k.k")
    }))
})

describe("Auth.fromOptions takes a CloudConfig's auth", () => {
  it.effect("builds the plugin of each auth type, Redacted secrets included", () =>
    Effect.gen(function* () {
      for (const name of ["password-basic", "v3password-explicit", "token-explicit", "application-credential", "envvars-auth-type", "token-endpoint", "multifactor", "auth-type-none"]) {
        const cloud = yield* loadCase(name)
        const plugin = yield* Auth.fromOptions(cloud.authType, cloud.auth)
        assert.isDefined(plugin, name)
      }
    }))

  it.effect("authenticates with the secret itself (unwrapped where the request is made)", () =>
    Effect.gen(function* () {
      const cloud = yield* CloudConfig.fromObject({
        clouds: { clouds: { fake: { auth_type: "v3password", auth: { auth_url: authUrl, username: "demo", user_domain_id: "default", password: "pw-1", project_id: "p1" } } } }
      })
      assert.isTrue(Redacted.isRedacted(cloud.auth.password))
      const keystone = fakeKeystone()
      const plugin = yield* Auth.fromOptions(cloud.authType, cloud.auth)
      yield* plugin.getAccess.pipe(Effect.provide(keystone.layer))
      const body = keystone.seen[0]?.body as { auth: { identity: { password: { user: { name: string, password: string } } } } }
      assert.strictEqual(body.auth.identity.password.user.password, "pw-1")
      assert.strictEqual(body.auth.identity.password.user.name, "demo")
    }))

  it.effect("reads a Redacted value where it expects text", () =>
    Effect.gen(function* () {
      const keystone = fakeKeystone()
      const plugin = yield* Auth.fromOptions("v3password", {
        auth_url: authUrl, user_id: Redacted.make("u-9"), password: Redacted.make("pw-9")
      })
      yield* plugin.getAccess.pipe(Effect.provide(keystone.layer))
      const body = keystone.seen[0]?.body as { auth: { identity: { password: { user: { id: string, password: string } } } } }
      assert.deepStrictEqual(body.auth.identity.password.user, { id: "u-9", password: "pw-9" })
    }))

  it("gives Transport its TLS options", () => {
    const tls = (cloud: CloudConfig.CloudConfig): Transport.TlsOptions => cloud
    assert.isFunction(tls)
  })
})

describe("files", () => {
  /** An in-memory file system: the files, and the paths that cannot be read. */
  const memory = (files: Record<string, string>, denied: ReadonlyArray<string> = []) =>
    FileSystem.layerNoop({
      exists: (file) => Effect.succeed(file in files || denied.includes(file)),
      readFileString: (file) =>
        denied.includes(file)
          ? Effect.fail(PlatformError.systemError({ _tag: "PermissionDenied", module: "FileSystem", method: "readFileString", pathOrDescriptor: file }))
          : file in files
            ? Effect.succeed(files[file] ?? "")
            : Effect.fail(PlatformError.systemError({ _tag: "NotFound", module: "FileSystem", method: "readFileString", pathOrDescriptor: file }))
    })
  const cloudNamed = (name: string) => `clouds:\n  ${name}:\n    auth_type: token\n    auth: {auth_url: "https://${name}/v3", token: t}\n`
  const loadWith = (
    files: Record<string, string>,
    variables: Record<string, string>,
    options: CloudConfig.LoadOptions = {},
    denied: ReadonlyArray<string> = []
  ) =>
    CloudConfig.load(options).pipe(Effect.provide(Layer.mergeAll(memory(files, denied), NodePath.layer, env(variables))))
  const cwd = process.cwd()

  it.effect("are searched where openstacksdk searches: cwd, XDG_CONFIG_HOME, ~/.config, XDG_CONFIG_DIRS, /etc/openstack", () =>
    Effect.gen(function* () {
      const all = {
        [`${cwd}/clouds.yaml`]: cloudNamed("cwd"),
        "/xdg/openstack/clouds.yml": cloudNamed("xdg"),
        "/home/me/.config/openstack/clouds.yaml": cloudNamed("home"),
        "/site/openstack/clouds.json": JSON.stringify({ clouds: { site: { auth_type: "token", auth: { auth_url: "https://site/v3", token: "t" } } } }),
        "/etc/openstack/clouds.yaml": cloudNamed("etc")
      }
      const vars = { HOME: "/home/me", XDG_CONFIG_HOME: "/xdg", XDG_CONFIG_DIRS: "/site/" }
      const order = [`${cwd}/clouds.yaml`, "/xdg/openstack/clouds.yml", "/home/me/.config/openstack/clouds.yaml", "/site/openstack/clouds.json", "/etc/openstack/clouds.yaml"]
      for (const [i, expected] of ["cwd", "xdg", "home", "site", "etc"].entries()) {
        const files = Object.fromEntries(Object.entries(all).filter(([file]) => order.indexOf(file) >= i))
        assert.strictEqual((yield* loadWith(files, vars)).name, expected)
      }
      assert.strictEqual((yield* loadWith({ "/etc/openstack/clouds.yaml": cloudNamed("etc"), "/home/me/.config/openstack/clouds.yaml": cloudNamed("home") }, { HOME: "/home/me" })).name, "home")
    }))

  it.effect("OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE come first; secure.yaml is merged over clouds.yaml", () =>
    Effect.gen(function* () {
      const files = {
        "/etc/openstack/clouds.yaml": cloudNamed("etc"),
        "/tmp/mine.yaml": "clouds:\n  mine:\n    auth_type: v3token\n    auth: {auth_url: \"https://mine/v3\"}\n",
        "/etc/openstack/secure.yaml": "clouds:\n  mine:\n    auth: {token: from-etc}\n",
        "/tmp/secure.yaml": "clouds:\n  mine:\n    auth: {token: from-tmp}\n"
      }
      const cloud = yield* loadWith(files, { OS_CLIENT_CONFIG_FILE: "/tmp/mine.yaml", OS_CLIENT_SECURE_FILE: "/tmp/secure.yaml" })
      assert.strictEqual(cloud.name, "mine")
      assert.strictEqual(Redacted.value(cloud.auth.token as Redacted.Redacted<string>), "from-tmp")
      const etc = yield* loadWith(files, { OS_CLIENT_CONFIG_FILE: "/tmp/mine.yaml" })
      assert.strictEqual(Redacted.value(etc.auth.token as Redacted.Redacted<string>), "from-etc")
      // without OS_* variables: /etc/openstack/clouds.yaml, with /etc/openstack/secure.yaml (which adds "mine") over it
      const ignored = yield* loadWith(files, { OS_CLIENT_CONFIG_FILE: "/tmp/mine.yaml" }, { envvars: false, cloud: "etc" })
      assert.strictEqual(ignored.auth.auth_url, "https://etc/v3")
    }))

  it.effect("a file that cannot be opened is skipped, as openstacksdk skips it", () =>
    Effect.gen(function* () {
      const cloud = yield* loadWith({ "/etc/openstack/clouds.yaml": cloudNamed("etc") }, { HOME: "/home/me" }, {}, ["/home/me/.config/openstack/clouds.yaml"])
      assert.strictEqual(cloud.name, "etc")
    }))

  it.effect("a file that fails to read otherwise is a CloudConfigError naming it", () =>
    Effect.gen(function* () {
      const broken = FileSystem.layerNoop({
        exists: (file) => Effect.succeed(file === "/etc/openstack/clouds.yaml"),
        readFileString: (file) => Effect.fail(PlatformError.systemError({ _tag: "Unknown", module: "FileSystem", method: "readFileString", pathOrDescriptor: file, description: "EISDIR" }))
      })
      const error = yield* Effect.flip(CloudConfig.load().pipe(Effect.provide(Layer.mergeAll(broken, NodePath.layer, env({})))))
      assert.strictEqual(error.file, "/etc/openstack/clouds.yaml")
      assert.include(error.message, "cannot read /etc/openstack/clouds.yaml")
    }))

  it.effect("YAML and JSON syntax errors name the file and the line", () =>
    Effect.gen(function* () {
      const yaml = yield* Effect.flip(loadWith({ "/c/clouds.yaml": "clouds:\n  a:\n    auth: {auth_url: x\n  b: 1\n" }, {}, { files: { config: "/c/clouds.yaml" } }))
      assert.strictEqual(yaml.file, "/c/clouds.yaml")
      assert.match(yaml.message, /^\/c\/clouds\.yaml, line \d+, column \d+: /)
      const json = yield* Effect.flip(loadWith({ "/c/clouds.json": "{\n  \"clouds\": {\n    \"a\": {\"password\": \"pw-SECRET\",}\n  }\n}\n" }, {}, { files: { config: "/c/clouds.json" } }))
      assert.strictEqual(json.file, "/c/clouds.json")
      assert.include(json.message, "/c/clouds.json, line 3")
      assert.notInclude(json.message, "SECRET")
    }))

  it.effect("a wrong type is a CloudConfigError naming the key", () =>
    Effect.gen(function* () {
      const clouds = yield* Effect.flip(loadWith({ "/c/clouds.yaml": "clouds: [a, b]\n" }, {}, { files: { config: "/c/clouds.yaml" } }))
      assert.strictEqual(clouds.key, "clouds")
      assert.strictEqual(clouds.file, "/c/clouds.yaml")
      const regions = yield* Effect.flip(CloudConfig.fromObject({ clouds: { clouds: { c: { auth_type: "token", auth: { auth_url: "u", token: "t" }, regions: "RegionOne" } } } }))
      assert.strictEqual(regions.key, "regions")
      const insecure = yield* Effect.flip(CloudConfig.fromObject({ clouds: { clouds: { c: { auth_type: "token", auth: { auth_url: "u", token: "t" }, insecure: 1 } } } }))
      assert.strictEqual(insecure.key, "insecure")
      const fn = yield* Effect.flip(CloudConfig.fromObject({ clouds: { clouds: { c: { f: () => 1 } } } }))
      assert.include(fn.message, "clouds.c.f")
      const onKey = yield* Effect.flip(loadWith({ "/c/clouds.yaml": "clouds:\n  c:\n    on: off\n" }, {}, { files: { config: "/c/clouds.yaml" } }))
      assert.include(onKey.message, "the key true")
      assert.strictEqual(onKey.file, "/c/clouds.yaml")
    }))
})

describe("profiles", () => {
  it.effect("a profile missing from clouds-public.yaml is an error (built-in vendor profiles are not shipped)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(CloudConfig.fromObject({
        clouds: { clouds: { mine: { profile: "vexxhost", auth: { auth_url: "u", username: "x", password: "y" } } } },
        vendor: { "public-clouds": { other: {} } },
        files: { config: "clouds.yaml", vendor: "clouds-public.yaml" }
      }))
      assert.strictEqual(error.key, "profile")
      assert.strictEqual(error.cloud, "mine")
      assert.strictEqual(error.file, "clouds-public.yaml")
      assert.include(error.message, "vexxhost")
      assert.include(error.message, "other")
    }))
})

describe("fromObject", () => {
  it.effect("resolves documents given as objects, with an env record", () =>
    Effect.gen(function* () {
      const cloud = yield* CloudConfig.fromObject({
        clouds: { clouds: { a: { auth_type: "token", auth: { auth_url: "https://a/v3", token: "t" } }, b: { auth_type: "token", auth: { auth_url: "https://b/v3", token: "t" }, identity_api_version: 3, api_timeout: 30 } } },
        env: { OS_CLOUD: "b", HOME: "/h" }
      })
      assert.strictEqual(cloud.name, "b")
      assert.strictEqual(cloud.identityApiVersion, "3")
      assert.strictEqual(cloud.config.api_timeout, 30)
      assert.deepStrictEqual(cloud.regions, [])
      assert.strictEqual(cloud.regionName, undefined)
      const env = yield* CloudConfig.fromObject({ env: { OS_AUTH_URL: "https://e/v3", OS_AUTH_TYPE: "v3token", OS_TOKEN: "tok", OS_PROJECT_ID: "p" } })
      assert.strictEqual(env.name, "envvars")
      assert.strictEqual(env.authType, "v3token")
      assert.deepStrictEqual(Object.keys(env.auth).sort(), ["auth_url", "project_id", "token"])
    }))
})

describe("Python semantics", () => {
  it("floats print as Python's repr prints them", () => {
    // values printed by /usr/bin/python3: repr(x)
    const cases: ReadonlyArray<readonly [number, string]> = [
      [3.0, "3.0"], [2.1, "2.1"], [1e16, "1e+16"], [1.5e16, "1.5e+16"], [123456789012345.6, "123456789012345.6"], [1e-4, "0.0001"],
      [1.5e-5, "1.5e-05"], [0.1, "0.1"], [-2.5, "-2.5"], [1e22, "1e+22"], [100.0, "100.0"], [1800.0, "1800.0"], [0.0001234, "0.0001234"]
    ]
    for (const [x, python] of cases) assert.strictEqual(floatRepr(x), python)
  })

  it("str.format: {name}, {{ and }}; unknown names, lone braces and secrets fail", () => {
    const values = new Map<string, Py>([["region_name", "east"], ["api_timeout", null], ["token", Redacted.make("t")]])
    assert.deepStrictEqual(format("https://{region_name}/{{v3}}/{api_timeout}", values), Result.succeed("https://east/{v3}/None"))
    for (const bad of ["{project_id}", "a } b", "{", "{}", "{0}", "{region_name!r}", "{token}"]) {
      assert.isTrue(Result.isFailure(format(bad, values)), bad)
    }
  })

  it("YAML is read as PyYAML reads it, JSON as json.load", async () => {
    const parse = await Effect.runPromise(parsers)
    const yaml = parse.yaml("a: yes\nb: y\nc: 010\nd: 1e3\ne: 1.5e+3\nf: 09\ng: 3.\nh: 0x1F\ni: 1_000\nj: 1:30\nk: 2001-12-14\nl:\n")
    assert.deepStrictEqual(yaml, Result.succeed(new Map<string, Py>([
      ["a", true], ["b", "y"], ["c", 8n], ["d", "1e3"], ["e", 1500], ["f", "09"], ["g", 3], ["h", 31n], ["i", 1000n], ["j", 90n], ["k", "2001-12-14"], ["l", null]
    ])))
    const json = parse.json("{\"i\": 3, \"f\": 3.0, \"s\": \"x\"}")
    assert.deepStrictEqual(json, Result.succeed(new Map<string, Py>([["i", 3n], ["f", 3], ["s", "x"]])))
  })
})
