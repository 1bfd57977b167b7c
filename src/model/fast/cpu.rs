//! Which SIMD kernels this CPU runs, decided once per process.
//!
//! `TRIAGE_ISA=avx512|avx2|portable` forces an instruction set (tests and benches cover every
//! path on one machine that way); `TRIAGE_NO_AVX512=1` is kept as an alias for "the best below
//! AVX-512". Asking for a set the CPU lacks falls back to the best one it has, with a warning:
//! a kernel never runs on a CPU without its instructions.
//!
//! The kernel layer also takes an explicit [`Isa`] / [`Int8Dot`] (`matmul_on` and friends), so
//! unit tests compare every path this CPU supports inside one process; [`supports`] and
//! [`supports_int8`] say which those are.

use std::sync::OnceLock;

/// The instruction set of the f32 kernels (GEMM, attention, element-wise maths, bank scans).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isa {
    /// Plain Rust the compiler vectorises for the build target (SSE2 on x86-64, NEON on aarch64).
    Portable,
    /// AVX2 + FMA (+ F16C): AMD Zen 1–3, Intel Haswell and later client chips.
    Avx2,
    /// AVX-512 F + BW.
    Avx512,
}

impl Isa {
    pub const ALL: [Isa; 3] = [Isa::Avx512, Isa::Avx2, Isa::Portable];

    pub fn name(self) -> &'static str {
        match self {
            Isa::Avx512 => "avx512",
            Isa::Avx2 => "avx2",
            Isa::Portable => "portable",
        }
    }
}

impl std::str::FromStr for Isa {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "avx512" | "avx-512" => Ok(Isa::Avx512),
            "avx2" => Ok(Isa::Avx2),
            "portable" | "scalar" | "none" => Ok(Isa::Portable),
            other => Err(format!(
                "unknown instruction set {other:?} (avx512, avx2 or portable)"
            )),
        }
    }
}

/// The int8 dot-product kernel that goes with an [`Isa`] on this CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Int8Dot {
    /// No fast int8 dot product: plain Rust (slower than f32; `auto` precision avoids it).
    Portable,
    /// AVX2 `vpmaddwd` on bytes widened to i16: exact, no saturation (see `qgemm`).
    Avx2,
    /// AVX-VNNI `vpdpbusd` on 256-bit registers (Intel Alder Lake and later client chips).
    AvxVnni,
    /// AVX-512 VNNI `vpdpbusd` on 512-bit registers.
    Vnni512,
}

impl Int8Dot {
    pub const ALL: [Int8Dot; 4] = [
        Int8Dot::Vnni512,
        Int8Dot::AvxVnni,
        Int8Dot::Avx2,
        Int8Dot::Portable,
    ];

    /// Whether int8 products beat f32 ones with this kernel.
    pub fn is_fast(self) -> bool {
        self != Int8Dot::Portable
    }

    pub fn name(self) -> &'static str {
        match self {
            Int8Dot::Vnni512 => "vnni",
            Int8Dot::AvxVnni => "avxvnni",
            Int8Dot::Avx2 => "avx2",
            Int8Dot::Portable => "portable",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Detected {
    avx512: bool,
    avx512vnni: bool,
    avx2: bool,
    avxvnni: bool,
}

fn detected() -> Detected {
    static D: OnceLock<Detected> = OnceLock::new();
    *D.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            // F16C widens the kNN bank's f16 rows; every AVX2 CPU has it, but check.
            let avx2 = has!("avx2") && has!("fma") && has!("f16c");
            let avx512 = avx2 && has!("avx512f") && has!("avx512bw");
            Detected {
                avx512,
                avx512vnni: avx512 && has!("avx512vnni"),
                avx2,
                avxvnni: avx2 && has!("avxvnni"),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        Detected::default()
    })
}

/// Whether this CPU can run the kernels of `isa`.
pub fn supports(isa: Isa) -> bool {
    let d = detected();
    match isa {
        Isa::Avx512 => d.avx512,
        Isa::Avx2 => d.avx2,
        Isa::Portable => true,
    }
}

/// Whether this CPU can run the int8 kernel `dot`.
pub fn supports_int8(dot: Int8Dot) -> bool {
    let d = detected();
    match dot {
        Int8Dot::Vnni512 => d.avx512vnni,
        Int8Dot::AvxVnni => d.avxvnni,
        Int8Dot::Avx2 => d.avx2,
        Int8Dot::Portable => true,
    }
}

/// The best int8 kernel that stays within `isa`.
pub fn int8_for(isa: Isa) -> Int8Dot {
    let d = detected();
    match isa {
        Isa::Avx512 if d.avx512vnni => Int8Dot::Vnni512,
        // An AVX-512 CPU without VNNI (Skylake-X) still has AVX2.
        Isa::Avx512 | Isa::Avx2 if d.avxvnni => Int8Dot::AvxVnni,
        Isa::Avx512 | Isa::Avx2 => Int8Dot::Avx2,
        Isa::Portable => Int8Dot::Portable,
    }
}

fn best() -> Isa {
    Isa::ALL
        .into_iter()
        .find(|&i| supports(i))
        .unwrap_or(Isa::Portable)
}

/// What the environment asks for and what this CPU gives: (isa, warning).
fn choose(isa_var: Option<&str>, no_avx512: bool) -> (Isa, Option<String>) {
    let wanted = match isa_var.filter(|v| !v.trim().is_empty()) {
        Some(v) => match v.parse::<Isa>() {
            Ok(i) => Some(i),
            Err(e) => {
                let (isa, _) = choose(None, no_avx512);
                return (isa, Some(format!("TRIAGE_ISA: {e}; using {}", isa.name())));
            }
        },
        None if no_avx512 => Some(if supports(Isa::Avx2) {
            Isa::Avx2
        } else {
            Isa::Portable
        }),
        None => None,
    };
    match wanted {
        None => (best(), None),
        Some(i) if supports(i) => (i, None),
        Some(i) => {
            // The best set below the one asked for (never above it: a forced path is a ceiling).
            let got = Isa::ALL
                .into_iter()
                .find(|&j| j < i && supports(j))
                .unwrap_or(Isa::Portable);
            (
                got,
                Some(format!(
                    "this CPU has no {} instructions; using the {} kernels",
                    i.name(),
                    got.name()
                )),
            )
        }
    }
}

struct Choice {
    isa: Isa,
    warning: Option<String>,
}

fn choice() -> &'static Choice {
    static C: OnceLock<Choice> = OnceLock::new();
    C.get_or_init(|| {
        let var = std::env::var("TRIAGE_ISA").ok();
        let no_avx512 = std::env::var("TRIAGE_NO_AVX512").is_ok_and(|v| v != "0" && !v.is_empty());
        let (isa, warning) = choose(var.as_deref(), no_avx512);
        if let Some(w) = &warning {
            tracing::warn!("{w}");
        }
        Choice { isa, warning }
    })
}

/// The instruction set of this process's f32 kernels.
pub fn isa() -> Isa {
    choice().isa
}

/// The int8 kernel of this process.
pub fn int8() -> Int8Dot {
    int8_for(isa())
}

/// Why the forced instruction set was not used, when it was not (also logged once).
pub fn warning() -> Option<&'static str> {
    choice().warning.as_deref()
}

/// A short description for logs and `/v1/info`: "avx512+vnni", "avx2", "avx2+avxvnni",
/// "portable".
pub fn describe() -> String {
    match (isa(), int8()) {
        (Isa::Avx512, Int8Dot::Vnni512) => "avx512+vnni".into(),
        (Isa::Avx512, _) => "avx512".into(),
        (Isa::Avx2, Int8Dot::AvxVnni) => "avx2+avxvnni".into(),
        (isa, _) => isa.name().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_sets_are_honoured_or_fall_back_with_a_warning() {
        assert_eq!(choose(Some("portable"), false), (Isa::Portable, None));
        let (isa, warning) = choose(Some("avx512"), false);
        assert_eq!(warning.is_none(), supports(Isa::Avx512));
        assert!(supports(isa) && isa <= Isa::Avx512);
        let (isa, warning) = choose(Some("avx2"), false);
        assert_eq!(warning.is_none(), supports(Isa::Avx2));
        assert!(supports(isa) && isa <= Isa::Avx2);
        // The old switch: never AVX-512.
        let (isa, warning) = choose(None, true);
        assert!(isa < Isa::Avx512 && warning.is_none());
        // An unknown name warns and picks what no variable would.
        let (isa, warning) = choose(Some("sse9"), false);
        assert_eq!(isa, best());
        assert!(warning.unwrap().contains("sse9"));
    }

    #[test]
    fn int8_kernels_stay_within_their_set() {
        for isa in Isa::ALL.into_iter().filter(|&i| supports(i)) {
            let dot = int8_for(isa);
            assert!(supports_int8(dot));
            assert_eq!(dot.is_fast(), isa != Isa::Portable);
            if isa == Isa::Avx2 {
                assert_ne!(dot, Int8Dot::Vnni512);
            }
        }
    }
}
