/*
 * The font files' served addresses: Vite copies each woff2 (the Latin subset) out of its
 * @fontsource package into the build under a hashed name, cached for a year.
 */
import type { FontFile } from '../../domain/landing-pages/font-pairs';
import fInter400 from '@fontsource/inter/files/inter-latin-400-normal.woff2?url';
import fInter700 from '@fontsource/inter/files/inter-latin-700-normal.woff2?url';
import fFraunces700 from '@fontsource/fraunces/files/fraunces-latin-700-normal.woff2?url';
import fSourceSansThree400 from '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff2?url';
import fSourceSansThree700 from '@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff2?url';
import fNunito400 from '@fontsource/nunito/files/nunito-latin-400-normal.woff2?url';
import fNunito700 from '@fontsource/nunito/files/nunito-latin-700-normal.woff2?url';
import fJetbrainsMono700 from '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff2?url';
import fDmSerifDisplay400 from '@fontsource/dm-serif-display/files/dm-serif-display-latin-400-normal.woff2?url';
import fDmSans400 from '@fontsource/dm-sans/files/dm-sans-latin-400-normal.woff2?url';
import fDmSans700 from '@fontsource/dm-sans/files/dm-sans-latin-700-normal.woff2?url';
import fSpaceGrotesk700 from '@fontsource/space-grotesk/files/space-grotesk-latin-700-normal.woff2?url';
import fManrope400 from '@fontsource/manrope/files/manrope-latin-400-normal.woff2?url';
import fManrope700 from '@fontsource/manrope/files/manrope-latin-700-normal.woff2?url';

export const FONT_URLS: Record<FontFile, string> = {
  'inter-400': fInter400,
  'inter-700': fInter700,
  'fraunces-700': fFraunces700,
  'source-sans-3-400': fSourceSansThree400,
  'source-sans-3-700': fSourceSansThree700,
  'nunito-400': fNunito400,
  'nunito-700': fNunito700,
  'jetbrains-mono-700': fJetbrainsMono700,
  'dm-serif-display-400': fDmSerifDisplay400,
  'dm-sans-400': fDmSans400,
  'dm-sans-700': fDmSans700,
  'space-grotesk-700': fSpaceGrotesk700,
  'manrope-400': fManrope400,
  'manrope-700': fManrope700,
};
