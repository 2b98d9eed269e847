"""The curated public API of ofdmisac.waveforms."""

import ofdmisac.waveforms as wf

EXPECTED = {
    "Carrier", "numerology_mu", "ofdm_modulate", "ofdm_demodulate", "PilotPattern",
    "gold_sequence", "qpsk_modulate", "pss", "sss", "pbch_dmrs", "pbch_dmrs_c_init",
    "SSB_PBCH_BITS", "SsbChannel", "ssb_channel_map", "ssb_i_bar", "ssb_grid",
    "ssb_start_symbols", "ssb_burst_grid", "PRS_COMB_SYMBOLS", "PRSConfig", "prs_k_prime",
    "prs_c_init", "prs_sequence", "prs_indices", "prs_grid", "ReLabel", "IsacFrameConfig",
    "IsacFrame", "default_isac_frame", "SSB_CASE_SCS_KHZ",
}


def test_public_names():
    assert set(wf.__all__) == EXPECTED
    assert len(wf.__all__) == len(set(wf.__all__))
    for name in wf.__all__:
        obj = getattr(wf, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name
    assert wf.SSB_CASE_SCS_KHZ == {"A": 15, "B": 30, "C": 30, "D": 120, "E": 240, "F": 480,
                                   "G": 960}
