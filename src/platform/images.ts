import sharp from 'sharp';
import type { ImageFacts } from '../shared/ports';

/** Image decoding and resizing through sharp (libvips): the domain's ImageProcessor. */
export const sharpImages = {
  async inspect(bytes: Buffer, maxPixels: number): Promise<ImageFacts> {
    const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
    return { format: meta.format, width: meta.width, height: meta.height };
  },
  webpAtWidth: (bytes: Buffer, width: number): Promise<Buffer> =>
    sharp(bytes).rotate().resize({ width }).webp({ quality: 80 }).toBuffer(),
};
