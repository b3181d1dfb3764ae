import type { InlineResponse } from '../taskrouter/to-inline-response.js';

/** The JSON answering the callback: an instruction, or `{}` (nothing now; REST later or never). */
export type AssignmentAnswer = InlineResponse | Record<string, never>;

/** `{}`: one frozen object for every such answer. */
export const EMPTY_ANSWER: Record<string, never> = Object.freeze({});
