// Splits a migration file into its statements, as D1 runs them one after another: a `;` inside a
// string, a comment, a CASE … END or a trigger's BEGIN … END does not end a statement.

/** Where the quoted text or comment that opens at `i` ends (the index after it). */
function skipQuoted(sql, i) {
  if (sql.startsWith('--', i)) {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', i)) {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  const close = { "'": "'", '"': '"', '`': '`', '[': ']' }[sql[i]];
  if (!close) return i;
  // A doubled quote inside a string ('it''s') reads as two strings back to back: the same split.
  const end = sql.indexOf(close, i + 1);
  if (end < 0) throw new Error(`unclosed ${sql[i]} at ${i}`);
  return end + 1;
}

/** The statements of `sql`, each as written (comments inside kept), without the closing `;`. */
export function statementsOf(sql) {
  const statements = [];
  let start = 0;
  let words = []; // the statement's first words, upper case: is it a CREATE … TRIGGER?
  let depth = 0; // open BEGIN (in a trigger) and CASE blocks
  let i = 0;
  const end = (at) => {
    const text = sql.slice(start, at).trim();
    if (labelOf(text)) statements.push(text);
    start = at + 1;
    words = [];
    depth = 0;
  };
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 64))?.[0];
    if (word) {
      const upper = word.toUpperCase();
      if (words.length < 4) words.push(upper);
      const trigger = words[0] === 'CREATE' && words.includes('TRIGGER');
      if (upper === 'CASE' || (upper === 'BEGIN' && trigger)) depth += 1;
      else if (upper === 'END' && depth > 0) depth -= 1;
      i += word.length;
      continue;
    }
    if (sql[i] === ';' && depth === 0) end(i);
    i += 1;
  }
  end(sql.length);
  return statements;
}

/** A statement's text without its comments, on one line: how the bench's table names it. */
export function labelOf(statement) {
  let text = '';
  for (let i = 0; i < statement.length; ) {
    const skipped = skipQuoted(statement, i);
    if (skipped === i) text += statement[i++];
    else {
      if (!statement.startsWith('--', i) && !statement.startsWith('/*', i)) text += statement.slice(i, skipped);
      else text += ' ';
      i = skipped;
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}
