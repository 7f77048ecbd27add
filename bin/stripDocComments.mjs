// Removes /** ... */ doc comments from declaration text, keeping every newline so line
// numbers stay put. The batch runner's kernels use it: TypeScript 5.0 parses every doc
// comment of @types/node and lib.*.d.ts at start-up (a fifth of tslab's start), and a
// kernel that only runs cells never shows hover documentation.
// TypeScript's own scanner finds the comments, so "/**" inside strings and template
// literal types is left alone.

/**
 * @param {typeof import("typescript")} ts the TypeScript that will parse the text
 * @param {string} text a .d.ts file's contents
 * @returns {string} the text without doc comments; other comments and code unchanged
 */
export function stripDocComments(ts, text) {
  const K = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const cuts = [];
  // Brace depth at each open template substitution `${`, so its `}` rescans as template text.
  const templates = [];
  let depth = 0;
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    if (token === K.MultiLineCommentTrivia && text.startsWith("/**", scanner.getTokenPos()) && scanner.getTextPos() - scanner.getTokenPos() > 4) {
      cuts.push([scanner.getTokenPos(), scanner.getTextPos()]);
    } else if (token === K.TemplateHead) {
      templates.push(depth);
    } else if (token === K.OpenBraceToken) {
      depth++;
    } else if (token === K.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        if (scanner.reScanTemplateToken(false) === K.TemplateTail) templates.pop();
      } else {
        depth--;
      }
    }
  }
  if (cuts.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of cuts) {
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\n]/g, "");
    from = end;
  }
  return out + text.slice(from);
}
