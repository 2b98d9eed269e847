"""Uplink of the massive-MIMO ISAC link of [CC] section 3: the per-pair link parameters.

K communication users (CUs) and K sensing targets (STs) share K orthonormal pilot
sequences: the i-th nearest CU and the i-th nearest ST use sequence i ([CC] below (2),
``K = L`` required: this module raises ``ValueError`` when the user and target arrays do
not have the same number of pairs). The base station (BS, N antennas) receives

    Y_P = sum_k sqrt(P_U T_u) h_k v_k^H + sum_k sqrt(P_T T_u) G_k w_k v_k^H + N_P,

with ``w_k = a_N(theta_k) / sqrt(N)``, projects onto ``v_k`` ((3)), estimates ``h_k`` with
the MMSE estimator printed below (3), and detects target k with the GLRT of [CC] eq. (6)
(reduced with the amplitude estimate of [CC] eq. (7)) on the residual
``r_k = y_k - sqrt(P_U T_u) h_hat_k``.

Symbols (all linear, per pair k; arrays broadcast over leading batch dims):

* ``mu = beta_u / (1 + kappa)``, ``A = P_U T_u mu``, ``B = P_T T_u N beta_t``,
  ``D = N0``, MMSE weight ``c = A / (A + B + D)``, ``phi = c mu``.
* NMSE (4): ``(mu - phi) / mu = 1 - c``.

Exact detection law of the chain (derived here; the paper's (8) assumes the estimation
error independent of the noise and of the echo, see ``docs/errata.md``): the residual is
``r = (1 - c) (sqrt(P_U T_u mu) h_tilde + sqrt(B) zeta a + n)``, so with
``L0 = N0 + P_U T_u (mu - phi)`` (the GLRT normalization of (6)),

    P_D  = Q1( sqrt(2 N B |zeta|^2 / (A + D)), sqrt(2 eps L0 / ((1 - c)^2 (A + D))) ),
    P_FA = exp( -eps L0 / ((1 - c)^2 (A + D)) ).

The printed (8), ``Q1(sqrt(2 N B |zeta|^2 / L0), sqrt(2 eps))``, is offered as
:func:`glrt_detection_probability_paper` and is reproduced exactly by
:func:`simulate_uplink` with ``error_model="independent"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..._validation import check_array, check_instance
from ...channel.mimo._array import _check_n_antennas
from ...channel.mimo._channels import _check_rician_factor

__all__ = ['MimoUplink']


def _check_link(link, name: str = "link") -> MimoUplink:
    """``link`` must be a :class:`MimoUplink` (TypeError naming it)."""
    return check_instance(name, link, MimoUplink)


@dataclass(frozen=True, kw_only=True, eq=False)
class MimoUplink:
    """Parameters of the [CC] section 3 uplink ISAC link for K CU/ST pairs.

    Array fields broadcast together; their last axis indexes the pair k (the k-th
    nearest CU and the k-th nearest ST share pilot k) and leading axes are realizations
    (e.g. one PPP geometry per row). Scalars are allowed everywhere.

    Parameters
    ----------
    n_antennas : int
        BS antennas ``N >= 1``.
    pilot_length : int
        Pilot length ``T_u >= 1`` (simulations need K <= T_u orthonormal pilots; the
        closed forms accept any last-axis length, e.g. for parameter sweeps).
    user_gain : array_like, shape (..., K), float
        One-way CU gains ``beta_u,k = C_0 d_U,k^-alpha`` (linear, > 0).
    target_gain : array_like, shape (..., K), float
        Round-trip ST gains ``beta_t,k = C_0 d_T,k^-2alpha`` (linear, > 0).
    rician_factor : array_like, optional
        Rician factors ``kappa_u,k >= 0`` (linear; default 1: equal LoS and NLoS power).
    user_power_w : array_like, optional
        CU pilot powers ``P_U,k`` in W (> 0, default 1).
    target_power_w : array_like, optional
        BS pilot powers towards the STs ``P_T,k`` in W (>= 0, default 0.1; 0 switches
        the echo off).
    noise_power_w : float, optional
        Noise power ``N_0`` in W (> 0, default 1e-11 = -80 dBm).

    Raises
    ------
    TypeError
        If ``n_antennas`` is not an integer, or an array field cannot be read as real
        numbers.
    ValueError
        If a parameter is outside its domain (``pilot_length`` not an integer >= 1
        included), if the per-pair arrays do not broadcast together, or if
        ``user_gain`` and ``target_gain`` have different numbers of pairs (the formulas
        need K = L).

    Examples
    --------
    >>> link = MimoUplink(n_antennas=64, pilot_length=64, user_gain=1e-7, target_gain=1e-9)
    >>> round(float(link.nmse), 4)
    0.1135
    """

    n_antennas: int
    pilot_length: int
    user_gain: np.ndarray
    target_gain: np.ndarray
    rician_factor: np.ndarray = field(default=1.0)
    user_power_w: np.ndarray = field(default=1.0)
    target_power_w: np.ndarray = field(default=0.1)
    noise_power_w: float = 1e-11

    def __post_init__(self) -> None:
        _check_n_antennas(self.n_antennas)
        if (
            isinstance(self.pilot_length, bool)
            or not isinstance(self.pilot_length, int | np.integer)
            or self.pilot_length < 1
        ):
            raise ValueError(
                f"pilot_length={self.pilot_length!r} is not allowed; use an integer >= 1"
            )
        ug = check_array("user_gain", self.user_gain, minimum=0.0, strict_min=True)
        tg = check_array("target_gain", self.target_gain, minimum=0.0, strict_min=True)
        if ug.ndim >= 1 and tg.ndim >= 1 and ug.shape[-1] != tg.shape[-1]:
            if ug.shape[-1] != 1 and tg.shape[-1] != 1:
                raise ValueError(
                    f"user_gain has K={ug.shape[-1]} pairs but target_gain has "
                    f"L={tg.shape[-1]}; the shared-pilot model of [CC] (3) needs K = L"
                )
        object.__setattr__(self, "user_gain", ug)
        object.__setattr__(self, "target_gain", tg)
        object.__setattr__(self, "rician_factor", _check_rician_factor(self.rician_factor))
        object.__setattr__(self, "user_power_w", check_array("user_power_w", self.user_power_w,
                                                             minimum=0.0, strict_min=True))
        object.__setattr__(
            self, "target_power_w", check_array("target_power_w", self.target_power_w, minimum=0.0)
        )
        n0 = float(check_array("noise_power_w", self.noise_power_w, minimum=0.0, strict_min=True))
        object.__setattr__(self, "noise_power_w", n0)
        _ = self.shape  # raises if the per-pair arrays do not broadcast

    @property
    def shape(self) -> tuple[int, ...]:
        """Broadcast shape ``(..., K)`` of the per-pair parameters."""
        names = ("user_gain", "target_gain", "rician_factor", "user_power_w", "target_power_w")
        shapes = {name: np.shape(getattr(self, name)) for name in names}
        try:
            return np.broadcast_shapes(*shapes.values())
        except ValueError:
            raise ValueError(
                f"per-pair parameters with shapes {shapes} do not broadcast together"
            ) from None

    @property
    def mu(self) -> np.ndarray:
        """``mu_k = beta_u,k / (1 + kappa_u,k)`` (NLoS power per antenna)."""
        return self.user_gain / (1.0 + self.rician_factor)

    @property
    def user_pilot_power(self) -> np.ndarray:
        """``A = P_U T_u mu`` (per-antenna power of the unknown user part in (3))."""
        return self.user_power_w * self.pilot_length * self.mu

    @property
    def echo_pilot_power(self) -> np.ndarray:
        """``B = P_T T_u N beta_t`` (per-antenna power of the target echo in (3))."""
        return self.target_power_w * self.pilot_length * self.n_antennas * self.target_gain

    @property
    def mmse_weight(self) -> np.ndarray:
        """``c = A / (A + B + N0)``, the weight of the MMSE estimator below (3)."""
        a = self.user_pilot_power
        return a / (a + self.echo_pilot_power + self.noise_power_w)

    @property
    def phi(self) -> np.ndarray:
        """``phi_k = P_U T_u mu^2 / (P_U T_u mu + P_T T_u N beta_t + N0)`` (below (3))."""
        return self.mmse_weight * self.mu

    @property
    def nmse(self) -> np.ndarray:
        """NMSE ``(mu - phi) / mu`` of [CC] eq. (4) (float64, shape ``self.shape``).

        Normalized by the unknown (scattered) part of the channel, see
        ``docs/errata.md``; equal to :func:`uplink_nmse`.
        """
        return 1.0 - self.mmse_weight  # = uplink_nmse(self)

    @property
    def glrt_noise_level(self) -> np.ndarray:
        """``N0 + P_U T_u (mu - phi)``, the normalization of the GLRT [CC] eq. (6)."""
        return self.noise_power_w + self.user_pilot_power * (1.0 - self.mmse_weight)

