/**
 * Splits text arriving in chunks into JSON Lines records (https://jsonlines.org): records end at "\n", a "\r"
 * right before it belongs to the line break, a lone "\r" is part of the record. Every record is yielded,
 * blank ones too (the batch answers them), except the empty one after a final "\n".
 *
 * @example
 * for await (const line of jsonLines(['{"a":1}\r\n{"b"', ':2}\n'])) console.log(line); // {"a":1} then {"b":2}
 */
export async function* jsonLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncIterable<string> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      const record = pending.slice(start, end);
      yield record.endsWith('\r') ? record.slice(0, -1) : record;
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') yield pending;
}
