/** A tracer for tests that keeps every span it makes. */
import { Tracer } from "effect"

/**
 * A tracer, and the spans it made (in the order they were started).
 *
 * @example
 * const { tracer, spans } = recordingTracer()
 * yield* program.pipe(Effect.provideService(Tracer.Tracer, tracer))
 */
export const recordingTracer = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { tracer, spans }
}
