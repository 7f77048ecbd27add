/** One measured layer: its loop-iteration counts and the instructions QEMU counted for it. */
export interface Observation {
  features: Record<string, number>;
  instructions: number;
}

/**
 * Instructions per loop body, by least squares on relative error (each layer
 * weighs the same whatever its size): minimises the sum over observations of
 * ((features . x - instructions) / instructions)^2. Features that never vary
 * from zero get no coefficient. Solved by Gaussian elimination with partial
 * pivoting on the normal equations, columns scaled to unit norm first; a
 * rank-deficient column (one the others already explain) gets 0.
 */
export function fitCostModel(observations: readonly Observation[]): Record<string, number> {
  const names = [...new Set(observations.flatMap((o) => Object.keys(o.features)))]
    .filter((n) => observations.some((o) => (o.features[n] ?? 0) !== 0));
  const m = names.length;
  const rows = observations.map((o) => names.map((n) => (o.features[n] ?? 0) / o.instructions));
  const norms = names.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + r[j] * r[j], 0)) || 1);
  const a = rows.map((r) => r.map((v, j) => v / norms[j]));
  // Normal equations: (A^T A) x = A^T 1, since each scaled target is 1.
  const ata = names.map((_, i) => names.map((_, j) => a.reduce((s, r) => s + r[i] * r[j], 0)));
  const atb = names.map((_, i) => a.reduce((s, r) => s + r[i], 0));
  const x = new Array<number>(m).fill(0);
  const used = new Array<boolean>(m).fill(true);
  const mat = ata.map((r, i) => [...r, atb[i]]);
  const pivotRow: number[] = [];
  for (let col = 0, row = 0; col < m && row < m; col++) {
    let best = row;
    for (let r = row + 1; r < m; r++) if (Math.abs(mat[r][col]) > Math.abs(mat[best][col])) best = r;
    if (Math.abs(mat[best][col]) < 1e-10) { used[col] = false; continue; }
    [mat[row], mat[best]] = [mat[best], mat[row]];
    for (let r = 0; r < m; r++) {
      if (r === row) continue;
      const f = mat[r][col] / mat[row][col];
      if (f !== 0) for (let c = col; c <= m; c++) mat[r][c] -= f * mat[row][c];
    }
    pivotRow[col] = row;
    row++;
  }
  for (let col = 0; col < m; col++) if (used[col] && pivotRow[col] !== undefined) x[col] = mat[pivotRow[col]][m] / mat[pivotRow[col]][col];
  const out: Record<string, number> = {};
  names.forEach((n, j) => { out[n] = used[j] ? x[j] / norms[j] : 0; });
  return out;
}

/** Predicted instructions for one layer: features . coefficients (features without a coefficient count 0). */
export function applyCostModel(coefficients: Readonly<Record<string, number>>, features: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const [name, n] of Object.entries(features)) sum += n * (coefficients[name] ?? 0);
  return sum;
}
