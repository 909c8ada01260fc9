import type { ReactNode } from 'react';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import Typography from '@mui/material/Typography';

/** A titled table section of the member page; the table is named by its heading. */
export function SectionTable({ id, title, empty, children }: { id: string; title: string; empty: string | null; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ overflowX: 'auto' }}>
      <Typography id={id} variant="h2" sx={{ px: 2, pt: 1.5, pb: 1 }}>
        {title}
      </Typography>
      {empty === null ? (
        <Table aria-labelledby={id}>{children}</Table>
      ) : (
        <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
          {empty}
        </Typography>
      )}
    </Paper>
  );
}
