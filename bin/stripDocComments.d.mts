import type * as ts from "typescript";

/** Removes doc comments from declaration text, keeping every newline (see stripDocComments.mjs). */
export function stripDocComments(typescript: typeof ts, text: string): string;
