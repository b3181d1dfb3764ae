/**
 * Bounds on what a rules file may ask of the parser, so a hostile or broken file costs little
 * at load and nothing unbounded per callback.
 */
export const EXPRESSION_LIMITS = Object.freeze({
  /** Characters in one `when` expression or template. */
  maxLength: 4096,
  /** Nesting of parentheses. */
  maxDepth: 64,
  /** Items in one array literal. */
  maxArrayItems: 1000,
  /** Arguments of one function call. */
  maxArguments: 4,
});
