/** One entry of Gradescope's autograder results.json (tests[]). */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  /** Omitted for answers still to be graded by hand. */
  status?: "passed" | "failed";
  output: string;
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
}

/** Gradescope's results.json, https://gradescope-autograders.readthedocs.io/en/latest/specs/ */
export interface GradescopeResults {
  score: number;
  max_score: number;
  /** Wall time of the grading, seconds. */
  execution_time: number;
  output: string;
  visibility: "visible";
  tests: GradescopeTest[];
  /** Gradescope's leaderboard columns for this submission (the capstone's). */
  leaderboard?: LeaderboardEntry[];
}

/** One leaderboard column: Gradescope sorts by `value`, descending unless `order` is "asc" (lower is better). */
export interface LeaderboardEntry {
  name: string;
  value: number;
  order?: "asc" | "desc";
}
