//! ZigZag mapping for `sint32`/`sint64`: small magnitudes, either sign, stay
//! short as varints.

/// Maps a signed 32-bit value onto an unsigned one (0, -1, 1, -2 → 0, 1, 2, 3).
#[inline]
pub const fn zigzag_encode32(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

/// Inverse of [`zigzag_encode32`].
#[inline]
pub const fn zigzag_decode32(value: u32) -> i32 {
    ((value >> 1) as i32) ^ -((value & 1) as i32)
}

/// Maps a signed 64-bit value onto an unsigned one (0, -1, 1, -2 → 0, 1, 2, 3).
#[inline]
pub const fn zigzag_encode64(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

/// Inverse of [`zigzag_encode64`].
#[inline]
pub const fn zigzag_decode64(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_spec_table() {
        let table32 = [(0, 0), (-1, 1), (1, 2), (-2, 3), (i32::MAX, u32::MAX - 1), (i32::MIN, u32::MAX)];
        for (signed, unsigned) in table32 {
            assert_eq!(zigzag_encode32(signed), unsigned);
            assert_eq!(zigzag_decode32(unsigned), signed);
        }
        let table64 = [(0, 0), (-1, 1), (1, 2), (i64::MAX, u64::MAX - 1), (i64::MIN, u64::MAX)];
        for (signed, unsigned) in table64 {
            assert_eq!(zigzag_encode64(signed), unsigned);
            assert_eq!(zigzag_decode64(unsigned), signed);
        }
    }
}
