"""The ISAC beam-management network scenario of [BM] (Section II and Table II).

:class:`BeamManagementScenario` holds every parameter of the network, beamforming,
frame and sensing models in SI units, validates them, and derives the quantities the
analysis uses (blockage parameter beta, resolutions, beam-switch intensity, ...).
Presets ``mmwave`` and ``thz`` reproduce [BM] Table II; they are stored as TOML files
(``ofdmisac/scenarios/bm_*.toml``) in human units with explicit suffixes and converted
to SI on load.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, fields

import numpy as np

from ..._validation import check_array, check_instance, check_int, check_real, fail
from ...units import SPEED_OF_LIGHT_MPS

__all__ = ["BeamManagementScenario"]

# TOML key suffix -> (SI suffix, converter). Keys already in SI pass through.
_SUFFIX_CONVERSIONS = (
    ("_per_km2", "_per_m2", lambda x: x / 1e6),
    ("_ghz", "_hz", lambda x: x * 1e9),
    ("_mhz", "_hz", lambda x: x * 1e6),
    ("_khz", "_hz", lambda x: x * 1e3),
    ("_ms", "_s", lambda x: x / 1e3),
    ("_us", "_s", lambda x: x / 1e6),
    ("_kmh", "_mps", lambda x: x / 3.6),
    ("_km", "_m", lambda x: x * 1e3),
    ("_dbm", "_w", lambda x: 10.0 ** (x / 10.0) * 1e-3),
    ("_db", "", lambda x: 10.0 ** (x / 10.0)),
)


_POSITIVE = {"minimum": 0.0, "strict_min": True}
_NONNEGATIVE = {"minimum": 0.0}
_COUNT = {"minimum": 1, "integer": True}

# Field -> range of its values (shared by __post_init__ and array sweeps); fields with
# ``integer`` are integers.
_FIELD_RULES: dict[str, dict] = {
    "fc_hz": _POSITIVE,
    "alpha_los": _POSITIVE,
    "alpha_nlos": {"minimum": 2.0, "strict_min": True},
    "bs_density_per_m2": _POSITIVE,
    "blocker_density_per_m2": _POSITIVE,
    "blocker_radius_m": _POSITIVE,
    "n_beams": _COUNT,
    "mainlobe_to_sidelobe_ratio": {"minimum": 1.0},
    "mainlobe_gain": _POSITIVE,
    "sensing_power_w": _POSITIVE,
    "comm_power_w": _POSITIVE,
    "speed_mps": _NONNEGATIVE,
    "prs_bandwidth_hz": _POSITIVE,
    "prs_duration_s": _POSITIVE,
    "carrier_bandwidth_hz": _POSITIVE,
    "ssb_bandwidth_hz": _POSITIVE,
    "symbol_duration_s": _POSITIVE,
    "scs_hz": _POSITIVE,
    "ssb_period_s": _NONNEGATIVE,
    "rrc_delay_s": _NONNEGATIVE,
    "rach_delay_s": _NONNEGATIVE,
    "prs_resource_elements": _COUNT,
    "prs_symbol_spacing": _COUNT,
    "prs_subcarrier_spacing": _COUNT,
    "max_range_m": _POSITIVE,
    "max_velocity_mps": _POSITIVE,
}


def _check_scenario(scenario, name: str = "scenario") -> BeamManagementScenario:
    """``scenario`` must be a :class:`BeamManagementScenario` (TypeError naming it)."""
    return check_instance(name, scenario, BeamManagementScenario)


def _sweep_scenarios(scenario, sweeps: dict, allowed=None):
    """Validated keyword sweeps of numeric fields (``docs/conventions.md``, Sweeps) and
    the scenario of each sweep point (C order); returns ``(sweep, scenarios)``."""
    from .._sweep import resolve_sweeps

    _check_scenario(scenario)
    names = tuple(_FIELD_RULES) if allowed is None else tuple(allowed)
    sweep = resolve_sweeps(sweeps, names, BeamManagementScenario.check_field,
                           integer_fields={n for n, r in _FIELD_RULES.items()
                                           if r.get("integer")})
    if not sweeps:
        return sweep, [scenario]
    return sweep, [scenario.replace(**point) for point in sweep.points()]


@dataclass(frozen=True, kw_only=True)
class BeamManagementScenario:
    """Parameters of the ISAC beam-management network of [BM], in SI units.

    All thresholds (sensing eta, communication zeta) are passed to the functions that
    use them, linear, not stored here. Defaults are [BM] Table II, Scenario 1 (mmWave)
    with lambda_B = 100 / km^2, lambda_O = 1000 / km^2 and n_B = 256 (Figs. 4-6).

    Parameters
    ----------
    name : str
        Label (preset name or ``"custom"``).
    fc_hz : float
        Carrier frequency f_c, Hz ([BM] eq. (1), Table II).
    alpha_los, alpha_nlos : float
        LoS / NLoS path-loss exponents alpha_L, alpha_N of [BM] eq. (1). ``alpha_nlos > 2`` is
        required (NLoS interference integrals diverge otherwise); ``alpha_los > 0``
        (LoS interference is tamed by the blockage factor exp(-beta r)).
    bs_density_per_m2 : float
        ISAC-BS PPP intensity lambda_B, 1/m^2.
    blocker_density_per_m2 : float
        Blocker PPP intensity lambda_O, 1/m^2 (blockers are also the clutter scatterers).
    blocker_radius_m : float
        Blocker radius r_O, m; beta = 2 lambda_O r_O.
    n_beams : int
        Number of beams n_B (>= 1); beamwidth theta_B = 2 pi / n_B.
    mainlobe_to_sidelobe_ratio : float or None
        Mainlobe-to-sidelobe ratio rho = G_ml / G_sl of [BM] (>= 1). ``None`` (default) means the
        squared law rho = n_B^2 of [BM] Sec. II-B; read it through :attr:`mslr`.
    mainlobe_gain : float
        G_ml (linear). Only ratios enter SIR/SCIR; kept for absolute powers.
    sensing_power_w, comm_power_w : float
        Transmit powers P_S, P_C, W. They cancel in SCIR/SIR (interference-limited).
    speed_mps : float
        MT speed v, m/s (>= 0).
    prs_bandwidth_hz, prs_duration_s : float
        PRS block bandwidth B_PRS (Hz) and duration T_PRS (s) of [BM] eq. (13).
    carrier_bandwidth_hz : float
        Carrier bandwidth B_cb, Hz, of [BM] eq. (45).
    ssb_bandwidth_hz : float
        SSB bandwidth B_SSB (default 240 subcarriers x f_Delta).
    symbol_duration_s : float
        OFDM symbol duration with CP, T_sym, s, of [BM] eq. (14).
    scs_hz : float
        Subcarrier spacing f_Delta, Hz, of [BM] eq. (14).
    ssb_period_s : float
        Regular SSB periodicity tau, s (>= 0).
    rrc_delay_s, rach_delay_s : float
        RRC delay tau_RRC and RACH delay tau_RACH, s (>= 0).
    prs_resource_elements : int
        PRS resource-element budget N_re (Sec. IV-B).
    prs_symbol_spacing, prs_subcarrier_spacing : int
        PRS spacings S_t (OFDM symbols) and S_f (subcarriers).
    max_range_m, max_velocity_mps : float
        Required maximum detectable range D_max (m) and velocity V_max (m/s), the
        constraints of [BM] eq. (39); the preset values are the Fig. 5 caption values.

    Raises
    ------
    ValueError
        Naming the field when a value is out of its domain (densities <= 0, n_B < 1,
        alpha_nlos <= 2, negative speed or delays, non-integer spacings, NaN, ...).
    TypeError
        When a field is not a real number.

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave()
    >>> round(s.beta_per_m, 6)
    0.002
    >>> s.replace(n_beams=64).mslr
    4096.0
    """

    name: str = "custom"
    fc_hz: float = 30e9
    alpha_los: float = 2.0
    alpha_nlos: float = 3.3
    bs_density_per_m2: float = 100e-6
    blocker_density_per_m2: float = 1000e-6
    blocker_radius_m: float = 1.0
    n_beams: int = 256
    mainlobe_to_sidelobe_ratio: float | None = None
    mainlobe_gain: float = 1.0
    sensing_power_w: float = 1.0
    comm_power_w: float = 1.0
    speed_mps: float = 25.0
    prs_bandwidth_hz: float = 240e6
    prs_duration_s: float = 5e-3
    carrier_bandwidth_hz: float = 400e6
    ssb_bandwidth_hz: float = 57.6e6
    symbol_duration_s: float = 4.46e-6
    scs_hz: float = 240e3
    ssb_period_s: float = 20e-3
    rrc_delay_s: float = 3e-3
    rach_delay_s: float = 20e-3
    prs_resource_elements: int = 1000
    prs_symbol_spacing: int = 3
    prs_subcarrier_spacing: int = 3
    max_range_m: float = 150.0
    max_velocity_mps: float = 120.0 / 3.6

    def __post_init__(self):
        check_instance("name", self.name, str)
        for f in fields(self):
            if f.name == "name" or (f.name == "mainlobe_to_sidelobe_ratio"
                                    and self.mainlobe_to_sidelobe_ratio is None):
                continue
            rules = dict(_FIELD_RULES[f.name])
            value = getattr(self, f.name)
            if rules.pop("integer", False):
                value = check_int(f.name, value, **rules)
            else:
                value = check_real(f.name, value, **rules)
            object.__setattr__(self, f.name, value)

    # ------------------------------------------------------------------ builders
    @classmethod
    def check_field(cls, name: str, value) -> np.ndarray:
        """Validate ``value`` (scalar or array, e.g. a sweep) for field ``name``.

        Parameters
        ----------
        name : str
            A numeric field of the scenario (not ``name``).
        value : array_like of float
            Candidate value(s) of that field, any shape.

        Returns
        -------
        numpy.ndarray of float64
            ``value`` as an array.

        Raises
        ------
        ValueError
            If ``name`` is not a numeric field or a value is outside its domain (or not
            an integer for an integer field).
        TypeError
            If ``value`` is not a real array.
        """
        if name not in _FIELD_RULES:
            fail(name, value, "choose a numeric field of BeamManagementScenario: "
                 + ", ".join(_FIELD_RULES))
        return check_array(name, value, **_FIELD_RULES[name])

    def replace(self, **changes) -> BeamManagementScenario:
        """Copy with some fields changed (validated again).

        Parameters
        ----------
        **changes
            New values by field name.

        Returns
        -------
        BeamManagementScenario
            The copy.

        Raises
        ------
        ValueError
            For an unknown field name or a value outside its field's domain.
        TypeError
            For a value of the wrong kind.
        """
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)} for BeamManagementScenario")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Fields as a plain dict (SI units).

        Returns
        -------
        dict
            Every field by name; ``from_dict(to_dict())`` rebuilds the scenario.
        """
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BeamManagementScenario:
        """Build from a dict whose keys are field names, or field names with a human-unit
        suffix (``bs_density_per_km2``, ``fc_ghz``, ``prs_duration_ms``,
        ``speed_kmh``, ``symbol_duration_us``, ``*_db``, ``*_dbm``), converted to SI.

        Parameters
        ----------
        data : dict
            Field values by (possibly suffixed) field name; missing fields keep their
            defaults.

        Returns
        -------
        BeamManagementScenario
            The validated scenario.

        Raises
        ------
        ValueError
            For a key that maps to no field, or a field given twice.
        """
        names = {f.name for f in fields(cls)}
        out: dict = {}
        for key, value in data.items():
            target, conv = key, None
            if key not in names:
                for suffix, si_suffix, fn in _SUFFIX_CONVERSIONS:
                    if key.endswith(suffix) and key[: -len(suffix)] + si_suffix in names:
                        target, conv = key[: -len(suffix)] + si_suffix, fn
                        break
                else:
                    raise ValueError(f"key {key!r} is not a BeamManagementScenario field "
                                     f"(with or without a unit suffix)")
            if target in out:
                raise ValueError(f"field {target!r} is given twice (key {key!r})")
            if conv is not None:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise TypeError(f"{key}={value!r} is not allowed; it must be a number")
                value = float(conv(value))
            out[target] = value
        return cls(**out)

    @classmethod
    def from_toml(cls, path) -> BeamManagementScenario:
        """Load a scenario from a TOML file (flat table, keys as in :meth:`from_dict`).

        A top-level ``[scenario]`` table is used when present.

        Parameters
        ----------
        path : str or os.PathLike
            The TOML file.

        Returns
        -------
        BeamManagementScenario
            The validated scenario.
        """
        from ...scenarios import load_toml

        data = load_toml(path)
        return cls.from_dict(data.get("scenario", data))

    @classmethod
    def from_preset(cls, name: str) -> BeamManagementScenario:
        """Load a shipped preset: ``"mmwave"``/``"bm_mmwave"`` or ``"thz"``/``"bm_thz"``.

        Parameters
        ----------
        name : str
            Preset name, with or without the ``bm_`` prefix.

        Returns
        -------
        BeamManagementScenario
            The preset ([BM] Table II), named without the prefix.
        """
        from ...config import load_config, network_scenario

        key = name if name.startswith("bm_") else f"bm_{name}"
        # the [network] table of the experiment preset, f_c and f_Delta from its [carrier]
        return network_scenario(load_config(key), name=name.removeprefix("bm_"))

    @classmethod
    def mmwave(cls, **changes) -> BeamManagementScenario:
        """[BM] Table II Scenario 1 (30 GHz), lambda_B = 100/km^2, n_B = 256.

        Parameters
        ----------
        **changes
            Fields to change from the preset (see :meth:`replace`).

        Returns
        -------
        BeamManagementScenario
            The mmWave preset with the changes.
        """
        return cls.from_preset("mmwave").replace(**changes)

    @classmethod
    def thz(cls, **changes) -> BeamManagementScenario:
        """[BM] Table II Scenario 2 (100 GHz), lambda_B = 1000/km^2, n_B = 256.

        Parameters
        ----------
        **changes
            Fields to change from the preset (see :meth:`replace`).

        Returns
        -------
        BeamManagementScenario
            The THz preset with the changes.
        """
        return cls.from_preset("thz").replace(**changes)

    # ------------------------------------------------------------------ derived
    @property
    def mslr(self) -> float:
        """The resolved ``mainlobe_to_sidelobe_ratio`` rho of [BM] (n_B^2 when it is None)."""
        r = self.mainlobe_to_sidelobe_ratio
        return float(self.n_beams) ** 2 if r is None else r

    @property
    def sidelobe_gain(self) -> float:
        """G_sl = G_ml / rho."""
        return self.mainlobe_gain / self.mslr

    @property
    def beamwidth_rad(self) -> float:
        """theta_B = 2 pi / n_B ([BM] Sec. II-B)."""
        return 2.0 * math.pi / self.n_beams

    @property
    def beta_per_m(self) -> float:
        """Blockage parameter beta = 2 lambda_O r_O, 1/m ([BM] Sec. II-A)."""
        return 2.0 * self.blocker_density_per_m2 * self.blocker_radius_m

    @property
    def wavelength_m(self) -> float:
        """Carrier wavelength c / f_c."""
        return SPEED_OF_LIGHT_MPS / self.fc_hz

    @property
    def path_loss_constant(self) -> float:
        """(c / (4 pi f_c))^2 of [BM] eq. (1)."""
        return (SPEED_OF_LIGHT_MPS / (4.0 * math.pi * self.fc_hz)) ** 2

    @property
    def range_resolution_m(self) -> float:
        """Delta r = c / (2 B_PRS) ([BM] eq. (13))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.prs_bandwidth_hz)

    @property
    def velocity_resolution_mps(self) -> float:
        """Delta v = c / (2 f_c T_PRS) ([BM] eq. (13))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.prs_duration_s)

    @property
    def motion_resolution_m(self) -> float:
        """Delta d_b = 2 Delta r sin(pi / n_B) ([BM] Sec. III-A)."""
        return 2.0 * self.range_resolution_m * math.sin(math.pi / self.n_beams)

    @property
    def unambiguous_range_m(self) -> float:
        """d_max = c / (2 S_f f_Delta) of the configured PRS spacing ([BM] eq. (14))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.prs_subcarrier_spacing * self.scs_hz)

    @property
    def unambiguous_velocity_mps(self) -> float:
        """v_max = c / (2 S_t T_sym f_c) of the configured PRS spacing ([BM] eq. (14))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.prs_symbol_spacing * self.symbol_duration_s
                                     * self.fc_hz)

    @property
    def resolution_cell_coefficient_m(self) -> float:
        """A(R_M) / r_1 = 2 pi Delta r / n_B, so that A(R_M) = coefficient * r_1 ([BM] eq. (47))."""
        return 2.0 * math.pi * self.range_resolution_m / self.n_beams

    @property
    def beam_switch_intensity_per_m(self) -> float:
        """mu_g = n_B sqrt(lambda_B) / pi, beam switch points per metre ([BM] Sec. II-B)."""
        return self.n_beams * math.sqrt(self.bs_density_per_m2) / math.pi

    @property
    def handover_intensity_per_s(self) -> float:
        """mu_h = 4 v sqrt(lambda_B) / pi, cell handovers per second ([BM] eq. (42))."""
        return 4.0 * self.speed_mps * math.sqrt(self.bs_density_per_m2) / math.pi

    @property
    def beam_reselection_intensity_per_s(self) -> float:
        """mu_{t,b} = n_B v sqrt(lambda_B) / pi, geometric reselections per s ([BM] eq. (43))."""
        return self.n_beams * self.speed_mps * math.sqrt(self.bs_density_per_m2) / math.pi

    @property
    def mu0_m(self) -> float:
        """mu_0 = tau_RRC v, m ([BM] eq. (30))."""
        return self.rrc_delay_s * self.speed_mps

    @property
    def mu_m(self) -> float:
        """mu = tau v, m ([BM] eq. (30))."""
        return self.ssb_period_s * self.speed_mps
