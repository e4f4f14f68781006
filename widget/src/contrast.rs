//! The tile's colours: the shop's accent for the button and a text colour readable on it.

use alloc::string::String;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Used when the server sends no accent, or one that is not `#rrggbb`: dark slate, which white
/// text reads on at about 14:1.
pub const FALLBACK_ACCENT: Rgb = Rgb(0x1f, 0x29, 0x37);

/// White, one of the two candidate text colours.
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// Black, the other: for every colour, white or black reaches at least 4.58:1 against it.
pub const BLACK: Rgb = Rgb(0, 0, 0);

/// WCAG AA contrast for normal text.
pub const MIN_TEXT_CONTRAST: f32 = 4.5;

impl Rgb {
    /// Reads `#rrggbb` (either case); anything else is `None`.
    pub fn parse_hex(text: &str) -> Option<Rgb> {
        let digits = text.trim_ascii().strip_prefix('#')?.as_bytes();
        if digits.len() != 6 {
            return None;
        }
        let byte = |i: usize| Some(hex_value(digits[i])? << 4 | hex_value(digits[i + 1])?);
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `#rrggbb` in lower case, ready for CSS.
    pub fn to_hex(self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(7);
        out.push('#');
        for byte in [self.0, self.1, self.2] {
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
        out
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f32 {
        let channel = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                powf_2_4((c + 0.055) / 1.055)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// `x^2.4` for `x` in `[0, 1]` without `f32::powf`, which `no_std`-style Wasm builds pull in
/// as a large libm routine: `x^2.4 = x^2 * x^0.4`, and `x^0.4 = (x^2)^(1/5)` by Newton's method.
fn powf_2_4(x: f32) -> f32 {
    if x <= 0.0 {
        return 0.0;
    }
    let square = x * x;
    // Fifth root of `square` in [0, 1]: Newton on y^5 = square, starting above the root.
    let mut y = 1.0f32;
    for _ in 0..40 {
        let y4 = y * y * y * y;
        let next = y - (y4 * y - square) / (5.0 * y4);
        if (next - y).abs() < 1e-7 {
            y = next;
            break;
        }
        y = next;
    }
    square * y
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// WCAG contrast ratio between two colours, 1 to 21.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The button's colours: the shop's accent as background, and the text colour on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ButtonColors {
    /// Background: the shop's accent, or [`FALLBACK_ACCENT`].
    pub background: Rgb,
    /// Text: white or black, whichever contrasts more with the background.
    pub text: Rgb,
}

impl ButtonColors {
    /// Colours for the accent the server sent; an accent that is not `#rrggbb` gets the fallback.
    pub fn for_accent(accent: Option<&str>) -> ButtonColors {
        let background = accent.and_then(Rgb::parse_hex).unwrap_or(FALLBACK_ACCENT);
        let text = if contrast_ratio(background, WHITE) >= contrast_ratio(background, BLACK) {
            WHITE
        } else {
            BLACK
        };
        ButtonColors { background, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!(close(contrast_ratio(WHITE, BLACK), 21.0));
        assert!(close(contrast_ratio(WHITE, WHITE), 1.0));
        // #767676 on white is the well-known 4.54:1 grey.
        assert!(close(contrast_ratio(Rgb(0x76, 0x76, 0x76), WHITE), 4.54));
        assert!(close(Rgb(0x80, 0x80, 0x80).luminance(), 0.2159));
    }

    #[test]
    fn the_power_function_agrees_with_the_standard_library() {
        for i in 0..=1000 {
            let x = i as f32 / 1000.0;
            assert!((powf_2_4(x) - x.powf(2.4)).abs() < 1e-5, "{x}");
        }
    }

    #[test]
    fn the_text_colour_is_readable_on_every_accent() {
        // Every colour on a 4-bit-per-channel grid, extremes included.
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    let accent = Rgb(r as u8, g as u8, b as u8).to_hex();
                    let colors = ButtonColors::for_accent(Some(&accent));
                    assert_eq!(colors.background.to_hex(), accent);
                    let ratio = contrast_ratio(colors.background, colors.text);
                    assert!(ratio >= MIN_TEXT_CONTRAST, "{accent}: {ratio}");
                }
            }
        }
    }

    #[test]
    fn light_accents_get_black_text_and_dark_ones_white() {
        assert_eq!(ButtonColors::for_accent(Some("#ffd400")).text, BLACK);
        assert_eq!(ButtonColors::for_accent(Some("#1F6FEB")).text, WHITE);
        assert_eq!(ButtonColors::for_accent(Some("#000000")).text, WHITE);
    }

    #[test]
    fn an_invalid_accent_falls_back_to_a_safe_colour() {
        for accent in [
            None,
            Some(""),
            Some("red"),
            Some("#fff"),
            Some("#12345g"),
            Some("1f6feb"),
            Some("#1f6feb00"),
        ] {
            let colors = ButtonColors::for_accent(accent);
            assert_eq!(colors.background, FALLBACK_ACCENT, "{accent:?}");
            assert!(contrast_ratio(colors.background, colors.text) >= MIN_TEXT_CONTRAST);
        }
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(Rgb::parse_hex("#0aFf10"), Some(Rgb(10, 255, 16)));
        assert_eq!(Rgb(10, 255, 16).to_hex(), "#0aff10");
    }
}
