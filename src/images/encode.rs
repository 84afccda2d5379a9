//! Pixels to files: lossy WebP (libwebp), the JPEG fallback (jpeg-encoder, progressive),
//! and palette PNG for flat pictures such as social cards. None of them
//! writes metadata: what the source's EXIF said (camera, GPS) is not published.

use super::resize::Pixels;

/// How good the lossy files look: 80 keeps a face's detail at avatar sizes.
const QUALITY: u8 = 80;

/// Lossy WebP, with alpha when the pixels have it.
pub fn webp(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let channels = if pixels.alpha { 4 } else { 3 };
    let expected = pixels.width as usize * pixels.height as usize * channels;
    if pixels.data.len() != expected || pixels.width > 16_383 || pixels.height > 16_383 {
        return Err("the picture's size does not fit WebP".into());
    }
    let (width, height, stride) = (
        pixels.width as i32,
        pixels.height as i32,
        (pixels.width as usize * channels) as i32,
    );
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `data` holds width × height pixels of `channels` bytes (checked above), which
    // libwebp only reads; it allocates `out`, which is copied and released with WebPFree.
    unsafe {
        let len = match pixels.alpha {
            true => libwebp_sys::WebPEncodeRGBA(
                pixels.data.as_ptr(),
                width,
                height,
                stride,
                QUALITY as f32,
                &mut out,
            ),
            false => libwebp_sys::WebPEncodeRGB(
                pixels.data.as_ptr(),
                width,
                height,
                stride,
                QUALITY as f32,
                &mut out,
            ),
        };
        if len == 0 || out.is_null() {
            return Err("libwebp could not encode the picture".into());
        }
        let bytes = std::slice::from_raw_parts(out, len).to_vec();
        libwebp_sys::WebPFree(out.cast());
        Ok(bytes)
    }
}

/// A progressive JPEG; pixels with alpha are laid on white first (JPEG has no alpha).
pub fn jpeg(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let opaque;
    let data = match pixels.alpha {
        true => {
            opaque = on_white(&pixels.data);
            &opaque
        }
        false => &pixels.data,
    };
    let (width, height) = (
        u16::try_from(pixels.width).map_err(|e| e.to_string())?,
        u16::try_from(pixels.height).map_err(|e| e.to_string())?,
    );
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, QUALITY);
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode(data, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// RGBA pixels (not premultiplied) laid on a white background, as RGB.
fn on_white(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = p[3] as u32;
            let over = |c: u8| ((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}

/// A PNG of at most 256 colours: a flat picture such as a social card looks the same at a
/// third of the size. `rgba` is opaque RGBA (its alpha is not read).
///
/// A card drawn by resvg has fewer than 256 colours (its few colours and the blends of
/// their anti-aliased edges): they are all kept, found in one pass. Only a picture with
/// more (a photo on the card) goes through Wu's quantizer. The rows are not filtered
/// (palette indices are not numbers a neighbour predicts) and deflate runs at zlib's
/// level 3 with zlib-rs: a card is a fifth smaller than with fdeflate's fast mode and a
/// filter chosen per row, for about a third of a millisecond more (see
/// benches/BENCHMARKS.md).
pub fn palette_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, String> {
    let (palette, indices) = match exact_palette(rgba) {
        Some(exact) => exact,
        None => {
            let rgb: Vec<u8> = rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            quantized(width, height, &rgb)?
        }
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_filter(png::Filter::NoFilter);
    encoder.set_deflate_compression(png::DeflateCompression::Level(3));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&indices)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The palette (in the order colours first appear) and each pixel's index in it, when
/// the opaque RGBA pixels `rgba` have at most 256 colours: then nothing is lost.
fn exact_palette(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut index: foldhash::HashMap<u32, u8> = foldhash::HashMap::default();
    let mut palette: Vec<u8> = Vec::with_capacity(256 * 3);
    let mut indices = vec![0u8; rgba.len() / 4];
    // Most pixels are the colour of the one before (a flat background, a line of text):
    // a pixel is one comparison of its colour as a number, and a write. A colour has
    // no fourth byte, so no pixel's is `u32::MAX`.
    let (mut last, mut last_index) = (u32::MAX, 0u8);
    // The anti-aliased edges of text change colour at every pixel, among a few blends: the
    // colours met lately, each in a slot picked by its bits, spare most look-ups.
    let mut recent = [(u32::MAX, 0u8); 256];
    for (slot, pixel) in indices.iter_mut().zip(rgba.chunks_exact(4)) {
        let colour = u32::from_le_bytes([pixel[0], pixel[1], pixel[2], 0]);
        if colour != last {
            let seen = &mut recent[(colour.wrapping_mul(0x9E37_79B1) >> 24) as usize];
            if seen.0 != colour {
                let i = match index.get(&colour) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(palette.len() / 3).ok()?;
                        palette.extend_from_slice(&pixel[..3]);
                        index.insert(colour, i);
                        i
                    }
                };
                *seen = (colour, i);
            }
            (last, last_index) = *seen;
        }
        *slot = last_index;
    }
    Some((palette, indices))
}

/// 256 colours chosen by Wu's quantizer, no dithering, and each pixel's nearest.
fn quantized(width: u32, height: u32, rgb: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    use quantette::deps::palette::{Srgb, cast::from_component_slice};
    use quantette::{ImageRef, Pipeline, QuantizeMethod};
    let colours: &[Srgb<u8>] = from_component_slice(rgb);
    let image = ImageRef::new(width, height, colours).map_err(|e| e.to_string())?;
    let size = 256u16
        .try_into()
        .map_err(|_| "a palette of 256 colours".to_string())?;
    let (palette, indices) = Pipeline::new()
        .palette_size(size)
        .quantize_method(QuantizeMethod::Wu)
        .ditherer(None)
        .input_image(image)
        .output_srgb8_indexed_image()
        .into_parts();
    let palette: Vec<u8> = palette
        .iter()
        .flat_map(|c| [c.red, c.green, c.blue])
        .collect();
    Ok((palette, indices))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(alpha: bool) -> Pixels {
        let channels = if alpha { 4 } else { 3 };
        let data = (0..64 * 64)
            .flat_map(|i| {
                let px = [(i % 64 * 4) as u8, (i / 64 * 4) as u8, 90, 128];
                px.into_iter().take(channels)
            })
            .collect();
        Pixels {
            width: 64,
            height: 64,
            data,
            alpha,
        }
    }

    #[test]
    fn every_encoder_writes_its_format_the_same_twice() {
        for alpha in [false, true] {
            let pixels = gradient(alpha);
            let webp = webp(&pixels).unwrap();
            assert_eq!(&webp[..4], b"RIFF");
            assert_eq!(&webp[8..12], b"WEBP");
            assert_eq!(webp, super::webp(&pixels).unwrap());
        }
        let jpeg = jpeg(&gradient(false)).unwrap();
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
        let rgba = gradient(true).data;
        let indexed = palette_png(64, 64, &rgba).unwrap();
        assert_eq!(indexed, palette_png(64, 64, &rgba).unwrap());
    }

    #[test]
    fn a_picture_of_few_colours_keeps_them_all() {
        // Two colours and a blend: the palette is exactly them, every pixel as it was.
        let colours = [
            [15u8, 42, 61, 255],
            [255, 255, 255, 255],
            [135, 148, 158, 255],
        ];
        let rgba: Vec<u8> = (0..64 * 64).flat_map(|i| colours[i % 7 % 3]).collect();
        let png = palette_png(64, 64, &rgba).unwrap();
        let decoded = image::load_from_memory(&png).unwrap().to_rgba8();
        assert_eq!(decoded.as_raw(), &rgba);
        // 256 colours met in an order that keeps changing (the look-ups' shortcut for
        // recent colours sees its slots taken by others, black among them): each kept.
        let colour = |k: usize| {
            let i = (k * 31 % 256) as u8;
            [i, i.wrapping_mul(3), i.wrapping_mul(7), 255]
        };
        let rgba: Vec<u8> = (0..64 * 64).flat_map(colour).collect();
        assert_eq!(&rgba[..4], &[0, 0, 0, 255]);
        let png = palette_png(64, 64, &rgba).unwrap();
        let decoded = image::load_from_memory(&png).unwrap().to_rgba8();
        assert_eq!(decoded.as_raw(), &rgba);
        // Found exactly (not quantized): the palette is the colours in the order met.
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        let palette = reader.info().palette.as_deref().unwrap().to_vec();
        let met: Vec<u8> = (0..256).flat_map(|k| colour(k)[..3].to_vec()).collect();
        assert_eq!(palette, met);
        // More than 256 colours are quantized, still a palette PNG.
        let many = gradient(true).data;
        let png = palette_png(64, 64, &many).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Indexed);
    }

    #[test]
    fn a_palette_pictures_rows_are_stored_unfiltered() {
        // A card-like picture: a dark ground with a light bar and lines of "text" whose
        // blends change at every pixel. A PNG filter predicts a byte from its neighbours,
        // which means nothing for palette indices and made cards a fifth larger.
        let rgba: Vec<u8> = (0..200 * 120)
            .flat_map(|i| {
                let (x, y) = (i % 200, i / 200);
                match y {
                    0..8 => [45, 212, 191, 255],
                    40..60 if x % 7 < 4 => [(x * 37 % 200) as u8 + 40, 200, 230, 255],
                    _ => [15, 42, 61, 255],
                }
            })
            .collect();
        let png = palette_png(200, 120, &rgba).unwrap();
        let decoded = image::load_from_memory(&png).unwrap().to_rgba8();
        assert_eq!(decoded.as_raw(), &rgba);
        // The IDAT chunks' zlib stream, inflated: each row is its filter byte, then 200
        // indices.
        let mut zlib = Vec::new();
        let mut at = 8;
        while at + 8 <= png.len() {
            let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            if &png[at + 4..at + 8] == b"IDAT" {
                zlib.extend_from_slice(&png[at + 8..at + 8 + length]);
            }
            at += 12 + length;
        }
        let mut rows = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&zlib[..]), &mut rows)
            .unwrap();
        assert_eq!(rows.len(), 120 * 201);
        let filters: Vec<u8> = rows.chunks(201).map(|row| row[0]).collect();
        assert_eq!(filters, vec![0; 120]);
    }
}
