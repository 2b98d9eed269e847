"""Sensing coverage with a swept blockage density ([BM] Theorem 1)."""

import numpy as np

from ofdmisac.network import BeamManagementScenario, sensing_coverage


def test_swept_blockage_uses_exact_inner_path():
    s = BeamManagementScenario.mmwave()
    lam_o = np.array([1e-4, 1e-3])
    got = sensing_coverage(s, [0.1, 10.0], blocker_density_per_m2=lam_o)
    for i, lo in enumerate(lam_o):
        ref = sensing_coverage(s.replace(blocker_density_per_m2=float(lo)), [0.1, 10.0])
        np.testing.assert_allclose(got[i], ref, rtol=1e-9)
