const t0 = performance.now()
const Effect = await import("effect/Effect")
const t1 = performance.now()
const { Connection } = await import("effect-openstack/node")
const t2 = performance.now()
const program = Effect.gen(function* () {
  const conn = yield* Connection.Connection
  const t3 = performance.now()
  const projects = yield* conn.identity.projects.list()
  const t4 = performance.now()
  console.log(projects.length, { start: t0.toFixed(0), effect: (t1 - t0).toFixed(0), sdk: (t2 - t1).toFixed(0), layer: (t3 - t2).toFixed(0), list: (t4 - t3).toFixed(0) })
})
await Effect.runPromise(program.pipe(Effect.provide(Connection.fromConfig({ tokenStore: "file" }))))
console.log("end", performance.now().toFixed(0))
