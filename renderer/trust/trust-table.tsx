import type { ReactNode } from 'react';

/** The table of the Known hosts, Vault and Agent pages: a header of columns ('' for the actions column), then rows. */
export function TrustTable({ columns, testId, children }: { columns: readonly string[]; testId: string; children: ReactNode }) {
  return (
    <table className="trust-table" data-testid={testId}>
      <thead>
        <tr>{columns.map((column) => (column === '' ? <th key="actions" aria-label="Actions" /> : <th key={column}>{column}</th>))}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
