import Box from '@mui/material/Box';
import LoyaltyIcon from '@mui/icons-material/Loyalty';

/** The small mark beside the app's name (decorative: the name itself is text). */
export function BrandMark() {
  return (
    <Box
      aria-hidden
      sx={{ width: 28, height: 28, borderRadius: 1, bgcolor: 'common.white', color: 'primary.main', display: 'grid', placeItems: 'center', flexShrink: 0 }}
    >
      <LoyaltyIcon sx={{ fontSize: 18 }} />
    </Box>
  );
}
