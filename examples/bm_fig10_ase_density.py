"""[BM] Fig. 10: effective ASE (45) over the (lambda_B, lambda_O) plane.

mmWave with n_B = 64 and THz with n_B = 128 (Table II otherwise), N_re = 5000,
S_t = S_f = 3, sensing SCIR eta = 0 dB, lambda_B from 10 to 10^4.5 per km^2 (the ISAC
maximum lies above 10^4 for mmWave); one map per scheme (conventional, distributed
pilots, ISAC), the maximum marked with a star. ``--quick`` uses a coarse 4 x 3 grid.

Usage: python examples/bm_fig10_ase_density.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac._io import save_figure, write_csv
from ofdmisac.network import BeamManagementScenario, effective_ase
from ofdmisac.plotting import plot_ase_density_maps

SCHEMES = ("conventional", "distributed", "isac")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if args.quick:
        lam_km2, lo_km2 = np.logspace(1, 4, 4), np.logspace(2, 4, 3)
        nodes, rate_nodes = (16, 12, 32), 4
    else:
        lam_km2, lo_km2 = np.logspace(1, 4.5, 12), np.logspace(2, 4, 5)
        nodes, rate_nodes = (24, 16, 48), 6
    maps, cols, summary = [], {}, {}
    for s in (BeamManagementScenario.mmwave(n_beams=64), BeamManagementScenario.thz(n_beams=128)):
        for sch in SCHEMES:
            r = effective_ase(s, sch, bs_density_per_m2=lam_km2[None, :] * 1e-6,
                              blocker_density_per_m2=lo_km2[:, None] * 1e-6, eta=1.0,
                              coverage_nodes=nodes, rate_nodes=rate_nodes)
            z = r.ase_bps_per_m2 * 1e-6
            maps.append({"title": f"{s.name}, n_B={s.n_beams}, {sch}",
                         "bs_density_per_km2": lam_km2, "blocker_density_per_km2": lo_km2,
                         "ase": z})
            j, i = np.unravel_index(np.argmax(z), z.shape)
            summary[f"{s.name}_{sch}_max_ase_mbps_per_m2"] = float(z[j, i])
            summary[f"{s.name}_{sch}_argmax_bs_density_per_km2"] = float(lam_km2[i])
            summary[f"{s.name}_{sch}_argmax_blocker_density_per_km2"] = float(lo_km2[j])
            columns = r.to_columns()
            columns["blocker_density_per_km2"] = np.broadcast_to(lo_km2[:, None], z.shape).ravel()
            for key, val in {"scenario": [s.name] * z.size, **columns}.items():
                cols.setdefault(key, []).extend(np.asarray(val).tolist())
    fig = plot_ase_density_maps(maps, suptitle="[BM] Fig. 10: effective ASE vs "
                                "(lambda_B, lambda_O), eta = 0 dB")
    save_figure(fig, out / "bm_fig10_ase_density.png")
    write_csv(out / "bm_fig10_ase_density.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
