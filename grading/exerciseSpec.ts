/** How a result is compared with the reference's, in the grader's process. */
export type Rule =
  | { kind: "exact" }
  | { kind: "close"; rtol: number; atol: number }
  /** A design task: the exercise's `predicate` decides; `description` is shown to students. */
  | { kind: "predicate"; description: string };

/** One call of a student's function: its arguments (encodable by grading/codec). */
export interface Case {
  args: unknown[];
}

/** A graded exercise: the notebook function of this name, in the solution cell whose nbgrader grade_id is the name. */
export interface ExerciseSpec {
  name: string;
  points: number;
  rule: Rule;
  /** Released with the lab; `await check(name, fn)` runs them in the notebook. */
  public: Case[];
  /**
   * For predicate rules: why `got` (the student's result for `args`) misses the
   * design goal, or null when it meets it. It runs in the grader's process and
   * in released notebooks, so it must not call a lab's stripped reference.
   */
  predicate?: (got: unknown, args: unknown[]) => string | null | Promise<string | null>;
  /**
   * Other exercises of the lab that this one's solution calls. When this exercise is
   * graded, they answer with the reference's results (computed in the grader's process),
   * so a mistake in a helper costs the helper's points only. Each must come earlier in
   * the lab's list.
   */
  helpers?: string[];
}

/** What the grader knows about one lab. Hidden cases live apart, in grading/hidden/, and are never released. */
export interface LabSpec {
  /** Two digits, e.g. "00". */
  lab: string;
  /** The instructor's master notebook, relative to the project root. */
  master: string;
  exercises: ExerciseSpec[];
  /** The reference implementation of each exercise (instructor side; in lib, stripped from releases of this lab and earlier). */
  reference: Record<string, (...args: never[]) => unknown>;
  /** lib files holding this lab's reference solutions, relative to the project root. */
  libFiles: string[];
}

/** Hidden cases of a lab, by exercise name. */
export type HiddenCases = Record<string, Case[]>;

/**
 * The exercise's predicate run on one case's result (it may be asynchronous: a design
 * task can measure a model), as the synchronous function compareResult calls; a
 * predicate that throws or rejects throws there, so the result fails with its message.
 */
export async function predicateFor(ex: ExerciseSpec, args: unknown[], got: unknown): Promise<((got: unknown) => string | null) | undefined> {
  const p = ex.predicate;
  if (p === undefined) return undefined;
  try {
    const why = await p(got, args);
    return () => why;
  } catch (e) {
    return () => { throw e; };
  }
}
