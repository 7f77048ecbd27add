/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/**
 * The known names nearest to `name`, best first: those within a third of the longer
 * name's length in edit distance, or containing it, at most three.
 */
export function closestNames(name: string, known: readonly string[]): string[] {
  return known
    .map((k) => ({ k, d: k.toLowerCase().includes(name.toLowerCase()) && name.length >= 3 ? 0 : distance(name, k) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.ceil(Math.max(k.length, name.length) / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => k);
}
