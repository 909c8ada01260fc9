import { Fragment, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import type { SxProps, Theme } from '@mui/material/styles';

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  /** A column's `key`; the server sorts by it. */
  key: string;
  direction: SortDirection;
}

/** What the server is asked for: one page, in one order. */
export interface TableQuery {
  /** From 0. */
  page: number;
  pageSize: number;
  sort: TableSort | null;
}

export interface Column<Row> {
  /** Unique in the table; the sort key for a sortable column. */
  key: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  align?: 'left' | 'right' | 'center';
  /** Left out (a column only some roles see). */
  hidden?: boolean;
  /** The server can sort by this column. */
  sortable?: boolean;
  headerSx?: SxProps<Theme>;
  cellSx?: SxProps<Theme>;
  /** One row's own style for this cell (used instead of `cellSx`). */
  cellSxOf?(row: Row): SxProps<Theme>;
}

/** What a row may carry besides its cells: a test id, a data attribute, selection, style. */
export type RowProps = {
  selected?: boolean;
  hover?: boolean;
  sx?: SxProps<Theme>;
} & { [data: `data-${string}`]: string | number | undefined };

/** What `detail` shows under a row: its content, and the cell's id (for aria-controls) and style. */
export interface RowDetail {
  content: ReactNode;
  id?: string;
  sx?: SxProps<Theme>;
}

interface Props<Row> {
  columns: readonly Column<Row>[];
  /** Null while the first page is on its way. */
  rows: readonly Row[] | null;
  /** `index` is the row's place in `rows`, for rows with no key of their own. */
  rowKey(row: Row, index: number): string | number;
  rowProps?(row: Row): RowProps;
  /** A full-width row under a row (an opened message), or null for none. */
  detail?(row: Row): RowDetail | null;
  /** Shown in one row when there are no rows (nothing when undefined). */
  empty?: ReactNode;
  /** A bar over the table; by default while `rows` is null. */
  loading?: boolean;
  /** Name the table by a heading (preferred) … */
  labelledBy?: string;
  /** … or by a label. */
  label?: string;
  testId?: string;
  size?: 'small' | 'medium';
  sx?: SxProps<Theme>;
  /** Wrap the table in a scrolling Paper (default); false when the caller already gives it one. */
  paper?: boolean;
  /** Rows become focusable: click or Enter opens one. */
  onOpen?(row: Row): void;
  /** Server-side paging: shown when `total` and `onChange` are given. */
  page?: number;
  pageSize?: number;
  total?: number;
  pageSizes?: readonly number[];
  /** Server-side sorting by the `sortable` columns. */
  sort?: TableSort | null;
  /** The page, page size or order changed: ask the server again. */
  onChange?(query: TableQuery): void;
}

/**
 * The table every list screen uses: columns declared as data, an empty text, a loading bar,
 * focusable rows that open on Enter, and paging and sorting that the server does.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  detail,
  empty,
  loading,
  labelledBy,
  label,
  testId,
  size,
  sx,
  paper = true,
  onOpen,
  page = 0,
  pageSize = 50,
  total,
  pageSizes = [25, 50, 100],
  sort = null,
  onChange,
}: Props<Row>) {
  const { t } = useTranslation();
  const shown = columns.filter((c) => c.hidden !== true);
  const busy = loading ?? rows === null;

  const sortBy = (key: string): void => {
    const direction: SortDirection = sort?.key === key && sort.direction === 'asc' ? 'desc' : 'asc';
    onChange?.({ page: 0, pageSize, sort: { key, direction } });
  };

  const openKey = (event: KeyboardEvent<HTMLTableRowElement>, row: Row): void => {
    if (event.key !== 'Enter' || event.target !== event.currentTarget) return;
    event.preventDefault();
    onOpen?.(row);
  };

  const table = (
    <>
      {busy ? <LinearProgress aria-label={t('common.loading')} /> : null}
      <Table aria-labelledby={labelledBy} aria-label={label} data-testid={testId} size={size} sx={sx}>
        <TableHead>
          <TableRow>
            {shown.map((c) => {
              const sorted = sort?.key === c.key ? sort.direction : undefined;
              return (
                <TableCell key={c.key} align={c.align} sx={c.headerSx} aria-sort={sorted === undefined ? undefined : sorted === 'asc' ? 'ascending' : 'descending'}>
                  {c.sortable === true && onChange !== undefined ? (
                    <TableSortLabel active={sorted !== undefined} direction={sorted ?? 'asc'} onClick={() => sortBy(c.key)}>
                      {c.header}
                    </TableSortLabel>
                  ) : (
                    c.header
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {(rows ?? []).map((row, index) => {
            const { sx: rowSx, ...extra } = rowProps?.(row) ?? {};
            const opening =
              onOpen === undefined
                ? {}
                : { hover: true, tabIndex: 0, onClick: () => onOpen(row), onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => openKey(event, row) };
            const below = detail?.(row) ?? null;
            return (
              <Fragment key={rowKey(row, index)}>
                <TableRow {...extra} {...opening} sx={[onOpen === undefined ? {} : { cursor: 'pointer' }, ...(Array.isArray(rowSx) ? rowSx : [rowSx])]}>
                  {shown.map((c) => (
                    <TableCell key={c.key} align={c.align} sx={c.cellSxOf?.(row) ?? c.cellSx}>
                      {c.cell(row)}
                    </TableCell>
                  ))}
                </TableRow>
                {below === null ? null : (
                  <TableRow>
                    <TableCell colSpan={shown.length} id={below.id} sx={below.sx}>
                      {below.content}
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
          {rows !== null && rows.length === 0 && empty !== undefined ? (
            <TableRow>
              <TableCell colSpan={shown.length} sx={{ color: 'text.secondary' }}>
                {empty}
              </TableCell>
            </TableRow>
          ) : null}
        </TableBody>
        {total !== undefined && onChange !== undefined ? (
          <TableFooter>
            <TableRow>
              <TablePagination
                count={total}
                page={page}
                rowsPerPage={pageSize}
                rowsPerPageOptions={[...pageSizes]}
                onPageChange={(_event, next) => onChange({ page: next, pageSize, sort })}
                onRowsPerPageChange={(event) => onChange({ page: 0, pageSize: Number(event.target.value), sort })}
                labelRowsPerPage={t('table.rowsPerPage')}
                labelDisplayedRows={({ from, to, count }) => t('table.displayedRows', { from, to, count })}
                getItemAriaLabel={(type) => t(`table.${type}Page`)}
              />
            </TableRow>
          </TableFooter>
        ) : null}
      </Table>
    </>
  );

  return paper ? <Paper sx={{ overflowX: 'auto' }}>{table}</Paper> : table;
}
