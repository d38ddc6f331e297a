import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  catalogRemoved,
  clip,
  isSecretName,
  isSensitiveHeader,
  maskKnown,
  maskText,
  maxBodyLength,
  redactBody,
  redactHeaders,
  secretValuesIn,
  redactJson,
  redactUrl,
  secretName,
  sensitiveHeaders
} from "../../src/internal/redact.ts"

const sha256 = (value: string) => `{SHA256}${createHash("sha256").update(value, "utf8").digest("hex")}`

const catalog = [
  {
    type: "identity",
    name: "keystone",
    id: "s1",
    endpoints: [{ id: "e1", interface: "public", region: "RegionOne", region_id: "RegionOne", url: "https://ks/v3" }]
  }
]

describe("redactJson: Keystone v3 authentication requests", () => {
  it("password method: the user's password is masked, everything else kept", () => {
    const body = {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "demo", domain: { name: "Default" }, password: "hunter2" } }
        },
        scope: { project: { name: "demo", domain: { id: "default" } } }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "demo", domain: { name: "Default" }, password: "***" } }
        },
        scope: { project: { name: "demo", domain: { id: "default" } } }
      }
    })
  })

  it("token method: the token's id is masked", () => {
    const body = { auth: { identity: { methods: ["token"], token: { id: "gAAAAAold-token" } }, scope: "unscoped" } }
    assert.deepStrictEqual(redactJson(body), {
      auth: { identity: { methods: ["token"], token: { id: "***" } }, scope: "unscoped" }
    })
  })

  it("totp method: the passcode is masked (a string or a number)", () => {
    const body = {
      auth: {
        identity: { methods: ["totp"], totp: { user: { id: "u1", passcode: "123456" } } }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      auth: { identity: { methods: ["totp"], totp: { user: { id: "u1", passcode: "***" } } } }
    })
    assert.deepStrictEqual(redactJson({ totp: { user: { id: "u1", passcode: 123456 } } }), {
      totp: { user: { id: "u1", passcode: "***" } }
    })
  })

  it("application credential method: the secret is masked, id and name kept", () => {
    const body = {
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { id: "ac1", name: "ci", secret: "s3cr3t", user: { id: "u1" } }
        }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { id: "ac1", name: "ci", secret: "***", user: { id: "u1" } }
        }
      }
    })
  })

  it("multi-factor (password + totp): both secrets are masked", () => {
    const body = {
      auth: {
        identity: {
          methods: ["password", "totp"],
          password: { user: { id: "u1", password: "hunter2" } },
          totp: { user: { id: "u1", passcode: "654321" } }
        }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      auth: {
        identity: {
          methods: ["password", "totp"],
          password: { user: { id: "u1", password: "***" } },
          totp: { user: { id: "u1", passcode: "***" } }
        }
      }
    })
  })
})

describe("redactJson: Keystone v2.0 bodies", () => {
  it("passwordCredentials: the password is masked", () => {
    const body = { auth: { passwordCredentials: { username: "demo", password: "hunter2" }, tenantName: "demo" } }
    assert.deepStrictEqual(redactJson(body), {
      auth: { passwordCredentials: { username: "demo", password: "***" }, tenantName: "demo" }
    })
  })

  it("token authentication: the token's id is masked", () => {
    assert.deepStrictEqual(redactJson({ auth: { token: { id: "old-token" }, tenantId: "t1" } }), {
      auth: { token: { id: "***" }, tenantId: "t1" }
    })
  })

  it("a token body: access.token.id is masked and the serviceCatalog removed", () => {
    const body = {
      access: {
        token: { id: "v2-token-id", expires: "2026-11-22T11:00:00Z", tenant: { id: "t1", name: "demo" } },
        serviceCatalog: [{ type: "compute", name: "nova", endpoints: [{ publicURL: "https://nova/v2/t1" }] }],
        user: { id: "u1", name: "demo", roles: [{ name: "member" }] },
        metadata: { is_admin: 0 }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      access: {
        token: { id: "***", expires: "2026-11-22T11:00:00Z", tenant: { id: "t1", name: "demo" } },
        serviceCatalog: catalogRemoved,
        user: { id: "u1", name: "demo", roles: [{ name: "member" }] },
        metadata: { is_admin: 0 }
      }
    })
  })
})

describe("redactJson: Keystone v3 responses and resources", () => {
  it("a token body: the catalog is removed, the rest kept (password_expires_at is not a secret)", () => {
    const body = {
      token: {
        methods: ["password"],
        user: { id: "u1", name: "demo", domain: { id: "default", name: "Default" }, password_expires_at: null },
        audit_ids: ["a1"],
        expires_at: "2026-11-22T11:00:00.000000Z",
        issued_at: "2026-11-22T10:00:00.000000Z",
        project: { id: "p1", name: "demo", domain: { id: "default", name: "Default" } },
        roles: [{ id: "r1", name: "member" }],
        catalog,
        application_credential: { id: "ac1", name: "ci", restricted: true }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      token: {
        methods: ["password"],
        user: { id: "u1", name: "demo", domain: { id: "default", name: "Default" }, password_expires_at: null },
        audit_ids: ["a1"],
        expires_at: "2026-11-22T11:00:00.000000Z",
        issued_at: "2026-11-22T10:00:00.000000Z",
        project: { id: "p1", name: "demo", domain: { id: "default", name: "Default" } },
        roles: [{ id: "r1", name: "member" }],
        catalog: catalogRemoved,
        application_credential: { id: "ac1", name: "ci", restricted: true }
      }
    })
  })

  it("GET /v3/auth/catalog keeps its catalog: only a token body's catalog is dropped", () => {
    assert.deepStrictEqual(redactJson({ catalog }), { catalog })
  })

  it("user create and update: the password is masked, a timestamped expiry is kept", () => {
    const body = {
      user: {
        name: "alice",
        domain_id: "default",
        password: "hunter2",
        password_expires_at: "2027-01-01T00:00:00Z",
        options: { ignore_password_expiry: true }
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      user: {
        name: "alice",
        domain_id: "default",
        password: "***",
        password_expires_at: "2027-01-01T00:00:00Z",
        options: { ignore_password_expiry: true }
      }
    })
  })

  it("password change: both the new and the original password are masked", () => {
    assert.deepStrictEqual(redactJson({ user: { password: "new-one", original_password: "old-one" } }), {
      user: { password: "***", original_password: "***" }
    })
  })

  it("application credential create response: the secret is masked", () => {
    const body = {
      application_credential: {
        id: "ac1",
        name: "ci",
        secret: "generated-secret",
        expires_at: null,
        roles: [{ id: "r1", name: "member" }],
        unrestricted: false,
        project_id: "p1"
      }
    }
    assert.deepStrictEqual(redactJson(body), {
      application_credential: {
        id: "ac1",
        name: "ci",
        secret: "***",
        expires_at: null,
        roles: [{ id: "r1", name: "member" }],
        unrestricted: false,
        project_id: "p1"
      }
    })
  })

  it("a credential: the blob (a JSON string holding the EC2 secret, or a TOTP key) is masked whole", () => {
    const ec2 = { credential: { id: "c1", type: "ec2", user_id: "u1", project_id: "p1", blob: "{\"access\":\"AK\",\"secret\":\"SK\"}" } }
    assert.deepStrictEqual(redactJson(ec2), {
      credential: { id: "c1", type: "ec2", user_id: "u1", project_id: "p1", blob: "***" }
    })
    const list = { credentials: [{ id: "c2", type: "totp", user_id: "u1", blob: "GEZDGNBVGY3TQOJQ" }], links: {} }
    assert.deepStrictEqual(redactJson(list), {
      credentials: [{ id: "c2", type: "totp", user_id: "u1", blob: "***" }],
      links: {}
    })
  })

  it("OS-EC2 credentials and /v3/ec2tokens: secret and signature masked, access and the request kept", () => {
    const ec2List = { credentials: [{ access: "AK", secret: "SK", user_id: "u1", tenant_id: "p1", trust_id: null }] }
    assert.deepStrictEqual(redactJson(ec2List), {
      credentials: [{ access: "AK", secret: "***", user_id: "u1", tenant_id: "p1", trust_id: null }]
    })
    const ec2Token = {
      credentials: {
        access: "AK",
        signature: "c2lnbmF0dXJl",
        host: "ec2.example:8773",
        verb: "GET",
        path: "/",
        params: { Action: "DescribeInstances", SignatureMethod: "HmacSHA256", SignatureVersion: "2", Signature: "c2ln" }
      }
    }
    assert.deepStrictEqual(redactJson(ec2Token), {
      credentials: {
        access: "AK",
        signature: "***",
        host: "ec2.example:8773",
        verb: "GET",
        path: "/",
        params: { Action: "DescribeInstances", SignatureMethod: "HmacSHA256", SignatureVersion: "2", Signature: "***" }
      }
    })
  })

  it("a string under token / credential / credentials is masked; OAuth and OIDC tokens too", () => {
    assert.deepStrictEqual(
      redactJson({ token: "abc", credential: "def", credentials: "ghi", token_type: "Bearer", expires_in: 3600 }),
      { token: "***", credential: "***", credentials: "***", token_type: "Bearer", expires_in: 3600 }
    )
    assert.deepStrictEqual(
      redactJson({ access_token: "at", refresh_token: "rt", id_token: "it", client_secret: "cs", client_id: "cid" }),
      { access_token: "***", refresh_token: "***", id_token: "***", client_secret: "***", client_id: "cid" }
    )
  })

  it("Nova's adminPass and key pairs' private_key are masked; public_key is kept", () => {
    assert.deepStrictEqual(redactJson({ server: { id: "s1", adminPass: "pw" } }), { server: { id: "s1", adminPass: "***" } })
    assert.deepStrictEqual(redactJson({ keypair: { name: "k", private_key: "-----BEGIN", public_key: "ssh-ed25519 A" } }), {
      keypair: { name: "k", private_key: "***", public_key: "ssh-ed25519 A" }
    })
  })

  it("arrays of secrets are masked item by item; null, booleans and objects are kept or walked", () => {
    assert.deepStrictEqual(redactJson({ passwords: ["a", "b"], secret: null, password: false }), {
      passwords: ["***", "***"],
      secret: null,
      password: false
    })
    assert.deepStrictEqual(redactJson([{ token: { id: "t" } }, "plain", 3]), [{ token: { id: "***" } }, "plain", 3])
  })

  it("does not change its input", () => {
    const body = { user: { password: "hunter2" } }
    redactJson(body)
    assert.deepStrictEqual(body, { user: { password: "hunter2" } })
  })
})

describe("names", () => {
  it("isSecretName: every spelling of a secret name", () => {
    for (const name of [
      "password", "original_password", "new_password", "Password", "passcode", "passphrase", "secret", "token",
      "credential", "credentials", "blob", "signature", "sig", "temp_url_sig", "adminPass", "access_token",
      "X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-Credential", "apiKey", "api_key", "private_key",
      "client_secret", "auth_token", "x-auth-token", "authorization", "cookie", "receipt", "os_password"
    ]) {
      assert.isTrue(isSecretName(name), name)
    }
  })

  it("isSecretName: names that only describe a secret, or are not secrets", () => {
    for (const name of [
      "password_expires_at", "token_type", "SignatureVersion", "SignatureMethod", "minimum_password_age",
      "unique_last_password_count", "credential_id", "AWSAccessKeyId", "public_key", "id", "name", "expires_at",
      "methods", "bypass", "key", "passenger"
    ]) {
      assert.isFalse(isSecretName(name), name)
    }
  })

  it("secretName: the same words, as the last word of a snake- or kebab-case name", () => {
    assert.isTrue(secretName.test("new_password"))
    assert.isTrue(secretName.test("X-Amz-Security-Token"))
    assert.isTrue(secretName.test("temp_url_sig"))
    assert.isFalse(secretName.test("password_expires_at"))
    assert.isFalse(secretName.test("design"))
  })
})

describe("redactUrl", () => {
  it("masks secret query parameters and user info, keeping the rest as written", () => {
    assert.strictEqual(
      redactUrl("https://user:pw@h/v3/x?token=abc&password=p&limit=1"),
      "https://REDACTED:REDACTED@h/v3/x?token=REDACTED&password=REDACTED&limit=1"
    )
    assert.strictEqual(
      redactUrl("https://swift/v1/AUTH_p/c/o?temp_url_sig=abc&temp_url_expires=1700000000&X-Amz-Signature=x#frag"),
      "https://swift/v1/AUTH_p/c/o?temp_url_sig=REDACTED&temp_url_expires=1700000000&X-Amz-Signature=REDACTED#frag"
    )
  })

  it("keeps Keystone's password_expires_at filter, and URLs with no query or a query only after the fragment", () => {
    const filter = "https://ks/v3/users?password_expires_at=lt:2026-12-08T22:02:00Z&name=demo"
    assert.strictEqual(redactUrl(filter), filter)
    assert.strictEqual(redactUrl("https://ks/v3/auth/tokens"), "https://ks/v3/auth/tokens")
    assert.strictEqual(redactUrl("https://ks/v3#x?token=a"), "https://ks/v3#x?token=a")
  })

  it("decodes parameter names before matching them", () => {
    assert.strictEqual(redactUrl("https://h/?pass%77ord=x&a=1"), "https://h/?pass%77ord=REDACTED&a=1")
  })
})

describe("redactHeaders", () => {
  it.effect("each sensitive header becomes {SHA256} + the hex SHA-256 of its value; the others are unchanged", () =>
    Effect.gen(function* () {
      const headers: Record<string, string> = {
        "x-auth-token": "gAAAAA-auth",
        "x-subject-token": "gAAAAA-subject",
        "x-service-token": "gAAAAA-service",
        authorization: "Bearer abc",
        "proxy-authorization": "Basic dTpw",
        "openstack-auth-receipt": "receipt-1",
        cookie: "session=1",
        "set-cookie": "session=2; HttpOnly",
        accept: "application/json",
        "content-type": "application/json",
        "x-openstack-request-id": "req-1"
      }
      const redacted = yield* redactHeaders(headers)
      assert.deepStrictEqual(redacted, {
        "x-auth-token": sha256("gAAAAA-auth"),
        "x-subject-token": sha256("gAAAAA-subject"),
        "x-service-token": sha256("gAAAAA-service"),
        authorization: sha256("Bearer abc"),
        "proxy-authorization": sha256("Basic dTpw"),
        "openstack-auth-receipt": sha256("receipt-1"),
        cookie: sha256("session=1"),
        "set-cookie": sha256("session=2; HttpOnly"),
        accept: "application/json",
        "content-type": "application/json",
        "x-openstack-request-id": "req-1"
      })
      assert.strictEqual(sha256("gAAAAA-auth").length, "{SHA256}".length + 64)
    }))

  it.effect("names are matched whatever their case, and kept as given", () =>
    Effect.gen(function* () {
      const redacted = yield* redactHeaders({ "X-Auth-Token": "t", "X-SUBJECT-TOKEN": "s", Accept: "*/*" })
      assert.deepStrictEqual(redacted, { "X-Auth-Token": sha256("t"), "X-SUBJECT-TOKEN": sha256("s"), Accept: "*/*" })
    }))

  it("sensitiveHeaders lists keystoneauth1's secret headers; other secret-named headers count too", () => {
    assert.deepStrictEqual([...sensitiveHeaders].sort(), [
      "authorization", "cookie", "openstack-auth-receipt", "proxy-authorization", "set-cookie", "x-auth-token",
      "x-service-token", "x-subject-token"
    ])
    assert.isTrue(isSensitiveHeader("X-Amz-Security-Token"))
    assert.isFalse(isSensitiveHeader("X-OpenStack-Request-ID"))
    assert.isFalse(isSensitiveHeader("OpenStack-API-Version"))
  })
})

describe("redactBody", () => {
  it("JSON by content type: parsed, redacted, written back compactly", () => {
    const text = "{\n  \"user\": {\"name\": \"demo\", \"password\": \"hunter2\"}\n}"
    assert.strictEqual(redactBody(text, "application/json"), "{\"user\":{\"name\":\"demo\",\"password\":\"***\"}}")
  })

  it("JSON by shape, whatever the content type says", () => {
    assert.strictEqual(redactBody("{\"auth\":{\"token\":{\"id\":\"t\"}}}", "text/plain"), "{\"auth\":{\"token\":{\"id\":\"***\"}}}")
    assert.strictEqual(redactBody("[{\"secret\":\"s\"}]"), "[{\"secret\":\"***\"}]")
  })

  it("a v3 token body loses its catalog", () => {
    const text = JSON.stringify({ token: { methods: ["token"], catalog, expires_at: "x" } })
    assert.strictEqual(redactBody(text, "application/json"), "{\"token\":{\"methods\":[\"token\"],\"catalog\":\"<catalog removed>\",\"expires_at\":\"x\"}}")
  })

  it("text that is not JSON: key=value, \"key\": \"value\", key: value and XML are masked", () => {
    assert.strictEqual(redactBody("username=demo&password=hunter2&scope=openid"), "username=demo&password=***&scope=openid")
    assert.strictEqual(
      redactBody("{\"password\": \"hunter2\", \"user\": \"demo\"", "application/json"),
      "{\"password\": \"***\", \"user\": \"demo\""
    )
    assert.strictEqual(redactBody("password: hunter2\nuser: demo", "text/plain"), "password: ***\nuser: demo")
    assert.strictEqual(redactBody("<auth><password>hunter2</password></auth>", "text/xml"), "<auth><password>***</password></auth>")
    assert.strictEqual(
      redactBody("grant_type=password&client_secret=cs&refresh_token=rt", "application/x-www-form-urlencoded"),
      "grant_type=password&client_secret=***&refresh_token=***"
    )
    assert.strictEqual(
      maskText("Authorization: Bearer abc.def\nX-Auth-Token: gAAAA\nAccept: */*"),
      "Authorization: ***\nX-Auth-Token: ***\nAccept: */*"
    )
    assert.strictEqual(maskText("os_password='hunter 2' other=1"), "os_password='***' other=1")
  })

  it("long bodies are clipped, saying how much was left out", () => {
    const text = "x".repeat(maxBodyLength + 904)
    const clipped = redactBody(text, "text/plain")
    assert.strictEqual(clipped, `${"x".repeat(maxBodyLength)}…(904 more)`)
    assert.strictEqual(redactBody("a".repeat(20), "text/plain", 10), "aaaaaaaaaa…(10 more)")
    assert.strictEqual(clip("short"), "short")
  })

  it("a long JSON body is redacted before it is clipped", () => {
    const users = Array.from({ length: 300 }, (_, i) => ({ id: `u${i}`, password: `pw-${i}` }))
    const out = redactBody(JSON.stringify({ users }), "application/json")
    assert.isTrue(out.startsWith("{\"users\":[{\"id\":\"u0\",\"password\":\"***\"}"))
    assert.match(out, /…\(\d+ more\)$/)
    assert.notInclude(out, "pw-")
  })
})

describe("known secrets", () => {
  it("secretValuesIn: the values redactJson masks, wherever they are", () => {
    const body = {
      auth: { identity: { methods: ["password", "totp"], password: { user: { name: "demo", password: "pw-one" } }, totp: { user: { passcode: 123456 } } } },
      credential: { blob: "blob-two" },
      tokens: [{ id: "token-three" }]
    }
    assert.deepStrictEqual([...secretValuesIn(body)].sort(), ["123456", "blob-two", "pw-one"].sort())
    assert.deepStrictEqual(secretValuesIn({ token: { id: "gAAAA-id" } }), ["gAAAA-id"])
    assert.deepStrictEqual(secretValuesIn("plain"), [])
  })

  it("maskKnown: every occurrence, the longest secret first, short ones left alone", () => {
    assert.strictEqual(maskKnown("pw-one and pw-one-longer, pw", ["pw-one", "pw-one-longer", "pw"]), "*** and ***, pw")
    assert.strictEqual(maskKnown("nothing here", ["secret"]), "nothing here")
  })
})
