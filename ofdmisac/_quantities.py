"""Quantities of ``ofdmisac sweep``: named, documented functions of one configuration.

Each quantity maps a resolved experiment configuration (:mod:`ofdmisac.config`), the
options of ``[sweep.options]`` and a random generator to a dict of columns of the tidy
table: its value(s) and, where it is a Monte Carlo estimate, the standard error in a
column named ``<value>_se``. Quantities are module-level functions (picklable, so they run
on process pools and Dask workers). The [BM] quantities use the scenario of ``[network]``
with f_c and f_Delta of ``[carrier]`` (:func:`ofdmisac.config.network_scenario`); the [CC]
ones the scenario of ``[coupling]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["OPTIONS", "QUANTITIES", "Quantity"]


@dataclass(frozen=True)
class Quantity:
    """One registered quantity: its function, what it is, the options and columns it uses."""

    name: str
    func: object
    summary: str
    options: tuple
    columns: tuple


# option name -> (default, kind, what it is)
OPTIONS = {
    "scir_threshold_db": (0.0, float, "sensing SCIR threshold eta, dB ([BM] Theorem 1)"),
    "sir_threshold_db": (0.0, float, "communication SIR threshold zeta, dB ([BM] eq. (11))"),
    "scheme": ("isac", str, "beam-management scheme of bm_comm_coverage / bm_effective_ase"),
    "n_trials": (2000, int, "Monte Carlo trials (geometries, realizations) per point"),
    "scir_db": (10.0, float, "per-RE SCIR of measured_rmse, dB"),
    "nmse_threshold": (0.1, float, "[CC] NMSE threshold eps_u^C (linear)"),
    "detection_threshold": (0.6, float, "[CC] detection-probability threshold eps_u^S"),
}


def _db(x):
    return 10.0 ** (float(x) / 10.0)


def _bm(config):
    from .config import network_scenario

    return network_scenario(config)


def bm_sensing_coverage(config, options, rng):
    """[BM] Theorem 1: sensing SCIR coverage P(SCIR > eta) (analytic)."""
    from .network import sensing_coverage

    return {"bm_sensing_coverage": float(sensing_coverage(
        _bm(config), _db(options["scir_threshold_db"])))}


def bm_sensing_coverage_mc(config, options, rng):
    """Monte Carlo twin of [BM] Theorem 1 (simulate_sensing_coverage), with its SE."""
    from .network import simulate_sensing_coverage

    sim = simulate_sensing_coverage(_bm(config), _db(options["scir_threshold_db"]),
                                    options["n_trials"], rng)
    return {"bm_sensing_coverage_mc": float(sim.coverage),
            "bm_sensing_coverage_mc_se": float(sim.std_error)}


def bm_comm_coverage(config, options, rng):
    """[BM] Theorem 2: downlink SIR coverage P(SIR > zeta) of the scheme (analytic)."""
    from .network import communication_coverage

    return {"bm_comm_coverage": float(communication_coverage(
        _bm(config), _db(options["sir_threshold_db"]), options["scheme"]))}


def bm_effective_ase(config, options, rng):
    """[BM] eq. (45): effective ASE of the scheme, bit/s/m^2 (pilots of [sensing.design])."""
    from .network import effective_ase

    d = config["sensing"]["design"]
    res = effective_ase(_bm(config), options["scheme"], n_re=d["n_re"],
                        spacing_t=d["spacing_t"] or 3, spacing_f=d["spacing_f"] or 3)
    return {"bm_effective_ase_bps_per_m2": float(np.asarray(res.ase_bps_per_m2).ravel()[0])}


def cc_joint_coverage(config, options, rng):
    """[CC] Theorem 1: uplink joint coverage, NMSE and detection bounds met (analytic)."""
    from .config import coupling_scenario
    from .network import uplink_joint_coverage

    return {"cc_joint_coverage": float(uplink_joint_coverage(
        coupling_scenario(config), options["nmse_threshold"],
        options["detection_threshold"]))}


def measured_rmse(config, options, rng):
    """Range and velocity RMSE of measure_error_statistics on the run's sensing grid."""
    from types import SimpleNamespace

    from ._stages._waveform import sensing_setup
    from .estimators import measure_error_statistics

    setup = sensing_setup(SimpleNamespace(config=config, config_name="sweep", artifacts={}))
    grid, max_speed = setup["grid"], setup["max_speed_mps"]
    v0 = 0.21 * (grid.unambiguous_velocity_mps if max_speed is None else 2 * max_speed)
    r0 = 0.29 * grid.unambiguous_range_m
    s = measure_error_statistics(grid, [float(options["scir_db"])], range_m=r0,
                                 velocity_mps=v0, n_trials=options["n_trials"],
                                 max_speed_mps=max_speed, rng=rng)
    # SE of the RMSE from its 95 % upper confidence bound
    return {"rmse_range_m": float(s.rmse_range_m[0]),
            "rmse_range_m_se": float((s.rmse_range_m_hi[0] - s.rmse_range_m[0]) / 1.96),
            "rmse_velocity_mps": float(s.rmse_velocity_mps[0]),
            "rmse_velocity_mps_se": float((s.rmse_velocity_mps_hi[0]
                                           - s.rmse_velocity_mps[0]) / 1.96)}


def bm_sensing_twin(config, options, rng):
    """Waveform-level twin of [BM] sensing (ofdmisac.network.bm_sensing_twin)."""
    from . import network

    r = network.bm_sensing_twin(_bm(config),
                                scir_threshold_db=float(options["scir_threshold_db"]),
                                n_trials=options["n_trials"], rng=rng)
    fields = {"scir_coverage": r.scir_coverage, "scir_coverage_se": r.scir_coverage_se,
              "detection_coverage": r.detection_coverage,
              "detection_coverage_se": r.detection_coverage_se,
              "analytic_scir_coverage": r.theorem1_coverage}
    # one threshold per point: the (1,) arrays of the result become scalars
    return {k: float(np.asarray(v).reshape(-1)[0]) for k, v in fields.items()}


def _q(func, options, columns):
    return Quantity(func.__name__, func, func.__doc__.strip(), tuple(options), tuple(columns))


QUANTITIES = {q.name: q for q in (
    _q(bm_sensing_coverage, ["scir_threshold_db"], ["bm_sensing_coverage"]),
    _q(bm_sensing_coverage_mc, ["scir_threshold_db", "n_trials"],
       ["bm_sensing_coverage_mc", "bm_sensing_coverage_mc_se"]),
    _q(bm_comm_coverage, ["sir_threshold_db", "scheme"], ["bm_comm_coverage"]),
    _q(bm_effective_ase, ["scheme"], ["bm_effective_ase_bps_per_m2"]),
    _q(cc_joint_coverage, ["nmse_threshold", "detection_threshold"], ["cc_joint_coverage"]),
    _q(measured_rmse, ["scir_db", "n_trials"],
       ["rmse_range_m", "rmse_range_m_se", "rmse_velocity_mps", "rmse_velocity_mps_se"]),
    _q(bm_sensing_twin, ["scir_threshold_db", "n_trials"],
       ["scir_coverage", "scir_coverage_se", "detection_coverage", "detection_coverage_se",
        "analytic_scir_coverage"]),
)}
