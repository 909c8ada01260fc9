import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { SxProps, Theme } from '@mui/material/styles';

interface Props {
  title: ReactNode;
  /** The page's one-line explanation under the title. */
  subtitle?: ReactNode;
  /** Buttons (or a filter) on the right of the title; they wrap below it on a narrow window. */
  actions?: ReactNode;
  /** An id for the title, so a table or section can be named by it (aria-labelledby). */
  titleId?: string;
  /** Overrides for the subtitle (default: secondary text, a gap of 2 below). */
  subtitleSx?: SxProps<Theme>;
}

/** The top of every page: the h1, what the page is for, and its actions on the right. */
export function PageHeader({ title, subtitle, actions, titleId, subtitleSx }: Props) {
  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h1" id={titleId} sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {actions}
      </Box>
      {subtitle === undefined ? null : (
        <Typography color="text.secondary" sx={[{ mb: 2 }, ...(Array.isArray(subtitleSx) ? subtitleSx : [subtitleSx])]}>
          {subtitle}
        </Typography>
      )}
    </>
  );
}
