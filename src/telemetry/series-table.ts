// A table of metric series by field (`{ field: [name, help] }`) as typed rows, for the modules that
// register one Gauge or Counter per field of a figures object read at scrape time.

export function seriesRows<Table extends Record<string, readonly [string, string]>>(
  table: Table,
): Array<{ field: keyof Table & string; name: string; help: string }> {
  return Object.entries(table).map(([field, [name, help]]) => ({ field, name, help }));
}
