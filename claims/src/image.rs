//! Recognising claim photos by their first bytes, never by file name or declared type.
//!
//! Customers' phones produce JPEG, PNG, WebP and HEIC/HEIF; everything else is refused before it
//! reaches Gorgias, so an agent never opens an attachment that is not a picture.

/// An image format the claim intake accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (the eight-byte PNG signature).
    Png,
    /// WebP (a RIFF container of form `WEBP`).
    Webp,
    /// HEIC: HEIF holding HEVC-coded pictures, as iPhones take them.
    Heic,
    /// HEIF with no HEVC brand (the generic `mif1`/`msf1` brands only).
    Heif,
}

impl ImageKind {
    /// The MIME type to store and upload the file with.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
            ImageKind::Heic => "image/heic",
            ImageKind::Heif => "image/heif",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
            ImageKind::Heic => "heic",
            ImageKind::Heif => "heif",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Brands of ISO BMFF files whose pictures are HEVC-coded.
const HEVC_BRANDS: [&[u8; 4]; 7] = [
    b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs",
];
/// Generic HEIF brands, shared with AVIF and other codecs.
const HEIF_BRANDS: [&[u8; 4]; 2] = [b"mif1", b"msf1"];
/// Brands that make a generic HEIF file an AVIF one, which we do not accept.
const AVIF_BRANDS: [&[u8; 4]; 2] = [b"avif", b"avis"];

/// The image format of a file, judged by its first bytes; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Some(ImageKind::Jpeg);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return Some(ImageKind::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(ImageKind::Webp);
    }
    sniff_heif(bytes)
}

/// Reads the leading `ftyp` box of an ISO BMFF file: a big-endian size, `ftyp`, the major brand,
/// a minor version, then compatible brands up to the box's end.
fn sniff_heif(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return None;
    }
    let size = u32::from_be_bytes(bytes[0..4].try_into().ok()?) as usize;
    // Sizes 0 ("to the end of the file") and 1 ("64-bit size follows") never occur for `ftyp`.
    if size < 16 {
        return None;
    }
    let major: &[u8; 4] = bytes[8..12].try_into().ok()?;
    let box_end = size.min(bytes.len());
    let compatible: Vec<&[u8]> = bytes[16..box_end].chunks_exact(4).collect();
    let has = |brands: &[&[u8; 4]]| {
        compatible
            .iter()
            .any(|brand| brands.iter().any(|b| &b[..] == *brand))
    };
    if HEVC_BRANDS.contains(&major) {
        Some(ImageKind::Heic)
    } else if HEIF_BRANDS.contains(&major) {
        if has(&AVIF_BRANDS) {
            None
        } else if has(&HEVC_BRANDS) {
            Some(ImageKind::Heic)
        } else {
            Some(ImageKind::Heif)
        }
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start of a JFIF JPEG as cameras and browsers write it.
    const JPEG_JFIF: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01";
    /// The start of an Exif JPEG as phones write it.
    const JPEG_EXIF: &[u8] = b"\xFF\xD8\xFF\xE1\x2F\xFEExif\x00\x00MM";
    /// PNG signature followed by the IHDR chunk header.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR\x00\x00\x01\x00";
    /// A lossy WebP: RIFF, little-endian size, WEBP, then the VP8 chunk.
    const WEBP: &[u8] = b"RIFF\x24\x1C\x00\x00WEBPVP8 \x18\x1C\x00\x00";
    /// An iPhone HEIC: ftyp box of 24 bytes, major brand heic, compatible mif1 and heic.
    const IPHONE_HEIC: &[u8] =
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x0F\xF0meta";
    /// A HEIF with the generic major brand that still names HEVC among its compatible brands.
    const MIF1_HEVC: &[u8] = b"\x00\x00\x00\x1Cftypmif1\x00\x00\x00\x00mif1heicmiaf";
    /// An AVIF: generic HEIF structure, but AV1-coded.
    const AVIF: &[u8] = b"\x00\x00\x00\x20ftypavif\x00\x00\x00\x00avifmif1miafMA1B\x00\x00\x00\x00";

    #[test]
    fn jpeg_png_and_webp_are_recognised() {
        assert_eq!(sniff(JPEG_JFIF), Some(ImageKind::Jpeg));
        assert_eq!(sniff(JPEG_EXIF), Some(ImageKind::Jpeg));
        assert_eq!(sniff(PNG), Some(ImageKind::Png));
        assert_eq!(sniff(WEBP), Some(ImageKind::Webp));
    }

    #[test]
    fn heic_is_recognised_by_major_or_compatible_brand() {
        assert_eq!(sniff(IPHONE_HEIC), Some(ImageKind::Heic));
        assert_eq!(sniff(MIF1_HEVC), Some(ImageKind::Heic));
        for brand in HEVC_BRANDS {
            let mut file = IPHONE_HEIC.to_vec();
            file[8..12].copy_from_slice(brand);
            assert_eq!(sniff(&file), Some(ImageKind::Heic), "{brand:?}");
        }
    }

    #[test]
    fn generic_heif_without_hevc_is_heif() {
        let file = b"\x00\x00\x00\x18ftypmsf1\x00\x00\x00\x00msf1miaf";
        assert_eq!(sniff(file), Some(ImageKind::Heif));
        let file = b"\x00\x00\x00\x14ftypmif1\x00\x00\x00\x00mif1";
        assert_eq!(sniff(file), Some(ImageKind::Heif));
    }

    #[test]
    fn other_iso_media_files_are_refused() {
        assert_eq!(sniff(AVIF), None);
        let mut avif_generic = AVIF.to_vec();
        avif_generic[8..12].copy_from_slice(b"mif1");
        assert_eq!(
            sniff(&avif_generic),
            None,
            "AVIF with the generic major brand"
        );
        let mp4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2";
        assert_eq!(sniff(mp4), None);
        let mov = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ";
        assert_eq!(sniff(mov), None);
    }

    #[test]
    fn an_ftyp_box_with_an_impossible_size_is_refused() {
        let mut file = IPHONE_HEIC.to_vec();
        file[0..4].copy_from_slice(&[0, 0, 0, 1]);
        assert_eq!(sniff(&file), None);
        file[0..4].copy_from_slice(&[0, 0, 0, 0]);
        assert_eq!(sniff(&file), None);
    }

    #[test]
    fn compatible_brands_after_the_box_do_not_count() {
        // A 16-byte ftyp with no compatible brands; "heic" follows in the next box.
        let file = b"\x00\x00\x00\x10ftypmif1\x00\x00\x00\x00heic\x00\x00\x00\x00";
        assert_eq!(sniff(file), Some(ImageKind::Heif));
    }

    #[test]
    fn non_images_and_truncated_files_are_refused() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"hello, this is a text file\n"), None);
        assert_eq!(sniff(b"GIF89a\x01\x00\x01\x00\x80\x00\x00"), None);
        assert_eq!(sniff(b"GIF87a"), None);
        assert_eq!(sniff(b"%PDF-1.7\n"), None);
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(sniff(b"BM\x36\x00\x0C\x00"), None, "BMP");
        assert_eq!(sniff(&JPEG_JFIF[..2]), None);
        assert_eq!(sniff(&PNG[..7]), None);
        assert_eq!(sniff(&WEBP[..11]), None);
        assert_eq!(sniff(b"RIFF\x24\x1C\x00\x00WAVEfmt "), None, "WAV");
        assert_eq!(sniff(&IPHONE_HEIC[..12]), None);
    }

    #[test]
    fn content_types_and_extensions() {
        let expected = [
            (ImageKind::Jpeg, "image/jpeg", "jpg"),
            (ImageKind::Png, "image/png", "png"),
            (ImageKind::Webp, "image/webp", "webp"),
            (ImageKind::Heic, "image/heic", "heic"),
            (ImageKind::Heif, "image/heif", "heif"),
        ];
        for (kind, content_type, extension) in expected {
            assert_eq!(kind.content_type(), content_type);
            assert_eq!(kind.extension(), extension);
        }
    }
}
