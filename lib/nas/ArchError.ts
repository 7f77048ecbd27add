/** An architecture that is not in the search space: every bad field, with the values it may take. */
export class ArchError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid architecture: ${problems.join("; ")}`);
    this.name = "ArchError";
  }
}
