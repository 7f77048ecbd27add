/** How a result is compared with the reference's, in the grader's process. */
export type Rule =
  | { kind: "exact" }
  | { kind: "close"; rtol: number; atol: number }
  /** A design task: `predicate(got, args)` decides; `description` is shown to students. */
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
  /** For predicate rules. */
  predicate?: (got: unknown, args: unknown[]) => boolean;
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
