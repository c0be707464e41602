/**
 * A table's own entry for a key that came from outside (a JSON file, a GGUF header, a command line), never
 * an inherited one: `table["constructor"]` of a plain object is Object's constructor, `table["__proto__"]`
 * its prototype. Every table indexed by such a key looks it up through this.
 *
 * @example
 * ownValue({ llama: 'llama' }, 'constructor'); // undefined
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
