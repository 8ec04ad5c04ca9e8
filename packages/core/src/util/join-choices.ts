/** Joins quoted choices the way a sentence lists them: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function joinChoices(choices: readonly string[]): string {
  if (choices.length <= 1) return choices.join("");
  return `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
}
