/** Named limits of the XDR runtime. Each is a default a caller may lower (or raise) per reader. */

/**
 * Largest element count or byte length accepted for a variable-length array, opaque or string
 * declared without a maximum (`<>`), and the largest number of items in an optional-data list
 * (RFC 4506 section 4.19 linked lists such as `entry3 *nextentry`). Unit: elements or bytes.
 * Default: 4 MiB. The bytes actually present bound every length too, so this only matters for
 * lengths that fit in the input.
 */
export const DEFAULT_MAX_UNBOUNDED = 4 * 1024 * 1024;

/**
 * Deepest nesting accepted for recursive types that are not flattened into arrays (a type that
 * contains itself through an optional, array or union arm). Unit: levels. Default: 64.
 */
export const DEFAULT_MAX_DEPTH = 64;

/** Per-reader limits; see the constants above for meanings and defaults. */
export interface XdrLimits {
  readonly maxUnbounded: number;
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: XdrLimits = Object.freeze({
  maxUnbounded: DEFAULT_MAX_UNBOUNDED,
  maxDepth: DEFAULT_MAX_DEPTH,
});
