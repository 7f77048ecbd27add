// tinyml-lab: 02
/** One point of a bit-width scan: the model's accuracy with one layer's weights at `bits`, the others float. */
export interface BitScanRow {
  layer: string;
  bits: number;
  /** In [0, 1]. */
  accuracy: number;
  /** The layer's weight count. */
  params: number;
}

/** What a per-layer bit-width plan must achieve. */
export interface BitGoal {
  /** The float model's accuracy, in [0, 1]. */
  dense: number;
  /** Largest total weight storage, bytes: the sum over layers of ceil(params * bits / 8). */
  maxBytes: number;
  /** Largest accuracy drop allowed, estimated as the sum of each layer's own drop in the scan. */
  maxDrop: number;
}

/**
 * A bit width for every layer in `scan`, each one of that layer's scanned
 * widths, such that the weights fit `goal.maxBytes` and the summed per-layer
 * accuracy drops (max(0, dense - accuracy)) stay within `goal.maxDrop`.
 * Throws when no plan meets the goal.
 */
export function chooseBitWidths(scan: BitScanRow[], goal: BitGoal): Record<string, number> {
  // BEGIN SOLUTION
  const layers = [...new Set(scan.map((r) => r.layer))];
  const options = layers.map((l) => scan.filter((r) => r.layer === l).map((r) => ({
    bits: r.bits, bytes: Math.ceil((r.params * r.bits) / 8), drop: Math.max(0, goal.dense - r.accuracy),
  })));
  // Exhaustive search: a few layers with a few widths each, and any plan that fits must be found.
  const search = (i: number, bytes: number, drop: number): { plan: number[]; drop: number } | null => {
    if (bytes > goal.maxBytes || drop > goal.maxDrop + 1e-12) return null;
    if (i === layers.length) return { plan: [], drop };
    let best: { plan: number[]; drop: number } | null = null;
    for (const o of options[i]) {
      const rest = search(i + 1, bytes + o.bytes, drop + o.drop);
      if (rest !== null && (best === null || rest.drop < best.drop)) best = { plan: [o.bits, ...rest.plan], drop: rest.drop };
    }
    return best;
  };
  const found = search(0, 0, 0);
  if (found === null) throw new Error(`no plan fits ${goal.maxBytes} bytes within an accuracy drop of ${goal.maxDrop}`);
  return Object.fromEntries(layers.map((l, i) => [l, found.plan[i]]));
  // END SOLUTION
}
