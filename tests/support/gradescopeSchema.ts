/**
 * results.json as Gradescope documents it (gradescope-autograders.readthedocs.io, "Autograder
 * Specifications"): written from the documentation, not from the project's own type.
 */
export const RESULTS_SCHEMA = {
  type: "object",
  required: ["tests"],
  properties: {
    score: { type: "number" },
    max_score: { type: "number" },
    execution_time: { type: "number" },
    output: { type: "string" },
    visibility: { enum: ["hidden", "after_due_date", "after_published", "visible"] },
    stdout_visibility: { enum: ["hidden", "after_due_date", "after_published", "visible"] },
    tests: {
      type: "array",
      items: {
        type: "object",
        required: ["max_score", "name", "output", "visibility"],
        properties: {
          score: { type: "number" },
          max_score: { type: "number" },
          status: { enum: ["passed", "failed"] },
          name: { type: "string" },
          number: { type: "string" },
          output: { type: "string" },
          visibility: { enum: ["hidden", "after_due_date", "after_published", "visible"] },
        },
      },
    },
    leaderboard: { type: "array", items: { type: "object", required: ["name", "value"], properties: { name: { type: "string" }, value: {}, order: { enum: ["asc", "desc"] } } } },
  },
};
