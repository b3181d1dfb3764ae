import { z } from 'zod';

const sid = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}[0-9a-fA-F]{32}$`),
      `must be a ${prefix} sid (${prefix} + 32 hex digits)`,
    );
const seconds = z.number().nonnegative();
const url = z.url({ protocol: /^https?$/ });

/** A number of seconds, or a range drawn uniformly per task. */
const duration = z
  .union([seconds, z.strictObject({ min: seconds, max: seconds })])
  .refine((d) => typeof d === 'number' || d.min <= d.max, 'min must not exceed max');

/**
 * The scenario file (YAML or JSON) of `taskrouter-assigner simulate`: who works, what arrives how
 * often, and where the callbacks go. Attribute generators (`$pick`, `$random`, `$sid`) are checked
 * by `compile-attributes.ts`.
 */
export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  /** Seeds arrivals, attributes and handling times. */
  seed: z.number().int().default(1),
  /** Simulated seconds during which tasks arrive. */
  durationSeconds: z.number().positive(),
  /** Simulated seconds to let the work in hand finish after the last arrival. */
  drainSeconds: seconds.optional(),
  /** Simulated seconds per real second. */
  speed: z.number().positive().default(1),
  workspace: z
    .strictObject({ sid: sid('WS').optional(), name: z.string().default('Rehearsal Workspace') })
    .default({
      name: 'Rehearsal Workspace',
    }),
  callbacks: z
    .strictObject({
      assignmentUrl: url.optional(),
      fallbackUrl: url.optional(),
      eventsUrl: url.optional(),
    })
    .default({}),
  multiReservation: z
    .strictObject({
      enabled: z.boolean(),
      maxReservedWorkers: z.number().int().min(1).max(50).default(2),
    })
    .default({ enabled: false, maxReservedWorkers: 2 }),
  /** A worker who rejected is unavailable this long (as if moved to an unavailable activity). */
  rejectCooldownSeconds: seconds.default(5),
  /** A worker whose reservation timed out is unavailable this long (TaskRouter's timeout activity). */
  timeoutCooldownSeconds: seconds.default(30),
  workflows: z
    .record(
      z.string().min(1),
      z.strictObject({
        sid: sid('WW').optional(),
        taskReservationTimeout: z.number().int().min(1).max(86_400).default(120),
        assignmentUrl: url.optional(),
        fallbackUrl: url.optional(),
      }),
    )
    .refine((w) => Object.keys(w).length > 0, 'at least one workflow'),
  workers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        sid: sid('WK').optional(),
        /** Copies named `name-1` … `name-N` (each gets its own sid). */
        count: z.number().int().min(1).default(1),
        attributes: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1),
  taskTypes: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        workflow: z.string().min(1),
        taskQueueSid: sid('WQ').optional(),
        /** Mean arrivals per simulated second. */
        arrivalsPerSecond: z.number().nonnegative(),
        /** `poisson`: random gaps around the mean; `uniform`: one arrival every 1/rate seconds. */
        arrivalPattern: z.enum(['poisson', 'uniform']).default('poisson'),
        priority: z.number().int().default(0),
        handlingSeconds: duration.default(30),
        wrapupSeconds: duration.default(0),
        /** The task is canceled if no reservation was accepted this long after it arrived. */
        cancelAfterSeconds: z.number().positive().optional(),
        /** Names of the workers (as in `workers[].name`) that may get it; all when absent. */
        workers: z.array(z.string().min(1)).min(1).optional(),
        attributes: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type Duration = z.output<typeof duration>;
