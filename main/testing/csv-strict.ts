/**
 * A strict RFC 4180 reader for tests (issue 10): fields separated by the delimiter, records ended
 * by CRLF, a field either unquoted (no quote, CR or LF in it) or quoted with its quotes doubled.
 * Anything else (a bare LF or CR between fields, a stray quote, text after a closing quote,
 * records of different lengths) throws, so a file that a lenient reader would mend fails here.
 */
export function parseStrictCsv(text: string, delimiter = ';'): string[][] {
  const records: string[][] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  let record: string[] = [];
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= n) throw new Error(`unterminated quoted field in record ${records.length + 1}`);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += c;
        i += 1;
      }
    } else {
      while (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at offset ${i} (record ${records.length + 1})`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      break;
    }
    const c = text[i];
    if (c === delimiter) {
      i += 1;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i += 2;
      records.push(record);
      record = [];
      if (i >= n) break;
      continue;
    }
    throw new Error(`${JSON.stringify(c)} at offset ${i} (record ${records.length + 1}): a record ends with CRLF, a field after its closing quote`);
  }
  const width = records[0]?.length ?? 0;
  records.forEach((r, index) => {
    if (r.length !== width) throw new Error(`record ${index + 1} has ${r.length} fields, the first has ${width}`);
  });
  return records;
}
