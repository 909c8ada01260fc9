import type { ReactNode } from 'react';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import Typography from '@mui/material/Typography';

/** Tight cells, for a table in the member page's narrower column (issue 12: the 1024 px window). */
const denseSx = { '& td, & th': { px: 1 }, '& td:first-of-type, & th:first-of-type': { pl: 2 }, '& td:last-of-type, & th:last-of-type': { pr: 2 } } as const;

/** A titled table section of the member page; the table is named by its heading. */
export function SectionTable({ id, title, empty, dense = false, children }: { id: string; title: string; empty: string | null; dense?: boolean; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ overflowX: 'auto' }}>
      <Typography id={id} variant="h2" sx={{ px: 2, pt: 1.5, pb: 1 }}>
        {title}
      </Typography>
      {empty === null ? (
        <Table aria-labelledby={id} size={dense ? 'small' : 'medium'} sx={dense ? denseSx : undefined}>
          {children}
        </Table>
      ) : (
        <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
          {empty}
        </Typography>
      )}
    </Paper>
  );
}
