/**
 * Plain text → HTML for chat messages sent where text is HTML (OnlyFans): the inverse of
 * `htmlToText` for text a person typed. `&`, `<` and `>` are escaped so that typed markup stays
 * text, and each newline becomes `<br>`, which is how OnlyFans writes a line break (and what
 * `htmlToText` reads back as one).
 */
export function textToHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, '<br>');
}
