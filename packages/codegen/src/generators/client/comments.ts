/** JSDoc rendering that no spec text can break out of. */

/** Neutralizes `*\/` so a description cannot close the comment and inject code. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\r\n?/g, "\n");
}

/** A JSDoc block from paragraphs (empty ones dropped), indented by `indent`. */
export function jsdoc(paragraphs: (string | undefined)[], indent = ""): string {
  const blocks = paragraphs.filter((p): p is string => typeof p === "string" && p.trim() !== "");
  if (blocks.length === 0) return "";
  const lines: string[] = [];
  blocks.forEach((block, i) => {
    if (i > 0 && !block.startsWith("@")) lines.push("");
    lines.push(...commentText(block.trim()).split("\n"));
  });
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}
