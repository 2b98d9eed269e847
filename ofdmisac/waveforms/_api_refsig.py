"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._prs import (
    PRS_COMB_SYMBOLS,
    PRSConfig,
    prs_c_init,
    prs_grid,
    prs_indices,
    prs_k_prime,
    prs_sequence,
)
from ._sequences import gold_sequence, pbch_dmrs, pbch_dmrs_c_init, pss, qpsk_modulate, sss
from ._ssb import (
    SSB_PBCH_BITS,
    SsbChannel,
    ssb_burst_grid,
    ssb_channel_map,
    ssb_grid,
    ssb_i_bar,
    ssb_start_symbols,
)

__all__: list[str] = [
    "gold_sequence",
    "qpsk_modulate",
    "pss",
    "sss",
    "pbch_dmrs",
    "pbch_dmrs_c_init",
    "SSB_PBCH_BITS",
    "SsbChannel",
    "ssb_channel_map",
    "ssb_i_bar",
    "ssb_grid",
    "ssb_start_symbols",
    "ssb_burst_grid",
    "PRS_COMB_SYMBOLS",
    "PRSConfig",
    "prs_k_prime",
    "prs_c_init",
    "prs_sequence",
    "prs_indices",
    "prs_grid",
]
