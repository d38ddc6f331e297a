/** The token document the bench servers answer `POST /v3/auth/tokens` with. */

/**
 * A v3 token body for user "bench" on project p1, issued now and living `lifetimeMs`, with an identity service (no
 * endpoints) in its catalog.
 */
export const tokenBody = (lifetimeMs: number): string => {
  const now = Date.now()
  return JSON.stringify({
    token: {
      methods: ["password"],
      user: { id: "u1", name: "bench", domain: { id: "default", name: "Default" } },
      project: { id: "p1", name: "bench", domain: { id: "default", name: "Default" } },
      roles: [{ id: "r1", name: "member" }],
      audit_ids: ["a1"],
      issued_at: new Date(now).toISOString(),
      expires_at: new Date(now + lifetimeMs).toISOString(),
      catalog: [{ type: "identity", id: "s1", name: "keystone", endpoints: [] }]
    }
  })
}
