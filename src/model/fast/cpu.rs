//! Which SIMD kernels this CPU can run, checked once. `TRIAGE_NO_AVX512=1` forces the portable
//! kernels (used by tests to cover both paths on one machine).

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy)]
struct Features {
    avx512: bool,
    vnni: bool,
}

fn features() -> Features {
    static F: OnceLock<Features> = OnceLock::new();
    *F.get_or_init(|| {
        let off = std::env::var("TRIAGE_NO_AVX512").is_ok_and(|v| v != "0" && !v.is_empty());
        #[cfg(target_arch = "x86_64")]
        {
            let avx512 = !off
                && std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw");
            let vnni = avx512 && std::arch::is_x86_feature_detected!("avx512vnni");
            Features { avx512, vnni }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = off;
            Features {
                avx512: false,
                vnni: false,
            }
        }
    })
}

pub fn has_avx512() -> bool {
    features().avx512
}

pub fn has_vnni() -> bool {
    features().vnni
}

/// A short description for logs and `/v1/info`.
pub fn describe() -> &'static str {
    match (has_avx512(), has_vnni()) {
        (true, true) => "avx512+vnni",
        (true, false) => "avx512",
        _ => "portable",
    }
}
