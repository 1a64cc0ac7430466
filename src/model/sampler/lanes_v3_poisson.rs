//! PTRS's rounds in AVX2 vectors (`lanes_v3`'s Poisson part): the
//! proposal, its floor and the quick acceptance for eight lanes, and the
//! acceptance test with the near logarithm (`ln_near`) in vectors; the
//! near-ties, counts beyond the ln k! table and odd proposals go to the
//! generic lane code (`lanes_poisson`), the last lanes of a draw to the
//! scalar sampler, exactly as the generic lanes do. Every value is the
//! generic code's expression, operation by operation.

use super::lanes::{L, Lanes};
use super::lanes_math::ln8;
use super::lanes_poisson::{FLOOR_EXACT, ROUND, ptrs_accept8, ptrs_odd};
use super::lanes_v3::{F8, bits, map1, mask, to_f64, uniform_masked};
use super::ln_near::{LN_NEAR_ERR, TABLE};
use super::poisson::{LN_FACT_CACHED, LN_FACT_TABLE, PTRS_FROM};
use pulp::x86::V3;
use pulp::{cast, f64x4, m64x4, u64x4};

/// `Lanes::poisson_ptrs`: PTRS's rounds in vectors (two uniforms, the
/// proposal, its floor, the quick acceptance), the exact test for the
/// lanes that need it in the generic lane code, the last lanes one at a
/// time.
#[inline(always)]
pub(super) fn poisson_ptrs(
    simd: V3,
    lanes: &mut Lanes,
    lambda: [f64; L],
    mut on_bits: u32,
) -> [f64; L] {
    let sp = |x: f64| simd.splat_f64x4(x);
    // Lanes not drawing here take mean 10 (their values are never used).
    let on = mask(simd, on_bits);
    let given: F8 = cast(lambda);
    let lam = [
        simd.select_f64x4(on[0], given[0], sp(PTRS_FROM)),
        simd.select_f64x4(on[1], given[1], sp(PTRS_FROM)),
    ];
    let lam_a: [f64; L] = cast(lam);
    let b = map1(
        lam,
        #[inline(always)]
        |l| simd.add_f64x4(sp(0.931), simd.mul_f64x4(sp(2.53), simd.sqrt_f64x4(l))),
    );
    let a = map1(
        b,
        #[inline(always)]
        |b| simd.add_f64x4(sp(-0.059), simd.mul_f64x4(sp(0.02483), b)),
    );
    let vr = map1(
        b,
        #[inline(always)]
        |b| {
            simd.sub_f64x4(
                sp(0.9277),
                simd.div_f64x4(sp(3.6224), simd.sub_f64x4(b, sp(2.0))),
            )
        },
    );
    let two_a = map1(
        a,
        #[inline(always)]
        |a| simd.mul_f64x4(sp(2.0), a),
    );
    let (a_a, b_a, vr_a): ([f64; L], [f64; L], [f64; L]) = (cast(a), cast(b), cast(vr));
    let mut ll = [0.0; L];
    let mut inv_alpha = [sp(0.0); 2];
    let mut have_ll = false;
    let mut out = [0.0; L];
    loop {
        let on = mask(simd, on_bits);
        let u = uniform_masked(simd, lanes, on);
        let v = uniform_masked(simd, lanes, on);
        let mut us = [sp(0.0); 2];
        let mut t = [sp(0.0); 2];
        let mut k = [sp(0.0); 2];
        let mut quick = [simd.splat_m64x4(pulp::m64::new(false)); 2];
        let mut skip = quick;
        let mut odd = quick;
        for h in 0..2 {
            let uj = simd.sub_f64x4(u[h], sp(0.5));
            us[h] = simd.sub_f64x4(sp(0.5), simd.abs_f64x4(uj));
            let q = simd.add_f64x4(simd.div_f64x4(two_a[h], us[h]), b[h]);
            t[h] = simd.add_f64x4(simd.add_f64x4(simd.mul_f64x4(q, uj), lam[h]), sp(0.43));
            let r = simd.sub_f64x4(simd.add_f64x4(t[h], sp(ROUND)), sp(ROUND));
            let down = simd.and_f64x4(cast(simd.cmp_gt_f64x4(r, t[h])), sp(1.0));
            k[h] = simd.sub_f64x4(r, down);
            odd[h] = simd.cmp_not_lt_f64x4(simd.abs_f64x4(t[h]), sp(FLOOR_EXACT));
            quick[h] = simd.and_m64x4(
                simd.cmp_ge_f64x4(us[h], sp(0.07)),
                simd.cmp_le_f64x4(v[h], vr[h]),
            );
            skip[h] = simd.or_m64x4(
                simd.cmp_lt_f64x4(k[h], sp(0.0)),
                simd.and_m64x4(
                    simd.cmp_lt_f64x4(us[h], sp(0.013)),
                    simd.cmp_gt_f64x4(v[h], us[h]),
                ),
            );
        }
        let odd_bits = on_bits & bits(simd, odd);
        let mut done_bits = on_bits & !odd_bits & bits(simd, quick);
        let tested_bits = on_bits & !odd_bits & !done_bits & !bits(simd, skip);
        if tested_bits != 0 {
            if !have_ll {
                ll = ln8(lam_a);
                inv_alpha = map1(
                    b,
                    #[inline(always)]
                    |b| {
                        simd.add_f64x4(
                            sp(1.1239),
                            simd.div_f64x4(sp(1.1328), simd.sub_f64x4(b, sp(3.4))),
                        )
                    },
                );
                have_ll = true;
            }
            // ptrs_w: v · (1/α) / (a / us² + b).
            let mut w = [sp(0.0); 2];
            for h in 0..2 {
                let den = simd.add_f64x4(simd.div_f64x4(a[h], simd.mul_f64x4(us[h], us[h])), b[h]);
                w[h] = simd.div_f64x4(simd.mul_f64x4(v[h], inv_alpha[h]), den);
            }
            let near = accept_near(simd, lam, cast(ll), w, k);
            done_bits |= match near {
                Some((acc, sure)) if tested_bits & !sure == 0 => tested_bits & acc,
                _ => {
                    // A near-tie, an odd `w` or a count beyond the ln k!
                    // table: the generic lane test, exact where it must be.
                    let (us, v, k): ([f64; L], [f64; L], [f64; L]) = (cast(us), cast(v), cast(k));
                    let acc = ptrs_accept8(lam_a, ll, &a_a, &b_a, &us, &v, &k, tested_bits);
                    tested_bits & super::lanes::mask_bits(acc)
                }
            };
        }
        let mut k: [f64; L] = cast(k);
        let odd = |j: usize| {
            let (us, v, t): ([f64; L], [f64; L], [f64; L]) = (cast(us), cast(v), cast(t));
            ptrs_odd(lam_a[j], a_a[j], b_a[j], vr_a[j], us[j], v[j], t[j])
        };
        if lanes.ptrs_round_end(
            &lambda,
            odd_bits,
            done_bits,
            &mut k,
            odd,
            &mut on_bits,
            &mut out,
        ) {
            return out;
        }
    }
}

/// `ln_near` of four lanes, bit for bit (`ln_near::ln_near_lane`), and
/// where it is defined (a positive normal finite number).
#[inline(always)]
fn ln_near4(simd: V3, x: f64x4) -> (f64x4, m64x4) {
    let table = &*TABLE;
    let bits: u64x4 = cast(x);
    let biased = simd.shr_const_u64x4::<52>(bits);
    let defined = simd.cmp_lt_u64x4(
        simd.wrapping_sub_u64x4(biased, simd.splat_u64x4(1)),
        simd.splat_u64x4(0x7fe),
    );
    let words: [u64; 4] = cast(bits);
    let entry: [(f64, f64); 4] = [0, 1, 2, 3].map(|j| table[((words[j] >> 44) & 0xff) as usize]);
    let inv_c = f64x4(entry[0].0, entry[1].0, entry[2].0, entry[3].0);
    let ln_c = f64x4(entry[0].1, entry[1].1, entry[2].1, entry[3].1);
    let m = simd.or_u64x4(
        simd.and_u64x4(bits, simd.splat_u64x4(0x000f_ffff_ffff_ffff)),
        simd.splat_u64x4(0x3ff0_0000_0000_0000),
    );
    let sp = |v: f64| simd.splat_f64x4(v);
    let r = simd.sub_f64x4(simd.mul_f64x4(cast(m), inv_c), sp(1.0));
    let r2 = simd.mul_f64x4(r, r);
    let inner = simd.sub_f64x4(sp(0.5), simd.mul_f64x4(r, sp(1.0 / 3.0)));
    let p = simd.sub_f64x4(
        simd.sub_f64x4(r, simd.mul_f64x4(r2, inner)),
        simd.mul_f64x4(simd.mul_f64x4(r2, r2), sp(0.25)),
    );
    let e = to_f64(simd, simd.and_u64x4(biased, simd.splat_u64x4(0x7ff)));
    let e = simd.sub_f64x4(e, sp(1023.0));
    let v = simd.add_f64x4(
        simd.mul_f64x4(e, sp(std::f64::consts::LN_2)),
        simd.add_f64x4(ln_c, p),
    );
    (v, defined)
}

/// PTRS's acceptance test with the near logarithm in vectors, as
/// `lanes_poisson::ptrs_accept8_near` makes it with the table's ln k!:
/// `(accepted, decided)` as bit masks, or `None` when some lane's count is
/// beyond the table (Stirling's form, left to the generic test).
#[inline(always)]
fn accept_near(simd: V3, lam: F8, ll: F8, w: F8, k: F8) -> Option<(u32, u32)> {
    let sp = |v: f64| simd.splat_f64x4(v);
    let top = sp((LN_FACT_CACHED - 1) as f64);
    let big = map1(
        k,
        #[inline(always)]
        |k| simd.cmp_gt_f64x4(k, top),
    );
    if bits(simd, big) != 0 {
        return None;
    }
    let table = &*LN_FACT_TABLE;
    let mut acc = [simd.splat_m64x4(pulp::m64::new(false)); 2];
    let mut sure = acc;
    for h in 0..2 {
        let (lw, ok) = ln_near4(simd, w[h]);
        let kc = simd.select_f64x4(simd.cmp_lt_f64x4(k[h], sp(0.0)), sp(0.0), k[h]);
        let idx: [i32; 4] = cast(simd.avx._mm256_cvttpd_epi32(cast(kc)));
        let t = f64x4(
            table[idx[0] as usize],
            table[idx[1] as usize],
            table[idx[2] as usize],
            table[idx[3] as usize],
        );
        let neg_lam = simd.sub_f64x4(sp(0.0), lam[h]);
        let rhs = simd.sub_f64x4(simd.add_f64x4(neg_lam, simd.mul_f64x4(k[h], ll[h])), t);
        let slack = simd.add_f64x4(
            sp(LN_NEAR_ERR),
            simd.mul_f64x4(
                sp(1e-12),
                simd.add_f64x4(simd.abs_f64x4(rhs), simd.abs_f64x4(lw)),
            ),
        );
        acc[h] = simd.cmp_lt_f64x4(lw, simd.sub_f64x4(rhs, slack));
        let above = simd.cmp_gt_f64x4(lw, simd.add_f64x4(rhs, slack));
        sure[h] = simd.and_m64x4(simd.or_m64x4(acc[h], above), ok);
    }
    Some((bits(simd, acc), bits(simd, sure)))
}
