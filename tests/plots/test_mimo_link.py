"""Tests of ``ofdmisac/_plots/mimo_link.py``: the link-level trade-off panels."""

import pytest

from ofdmisac.plotting import plot_link_panels


def test_panels_lines_markers_bounds_and_scales():
    panel = {"series": [{"x": [1, 2, 4], "y": [0.9, 0.5, 0.1], "label": "analysis",
                         "style": "line"},
                        {"x": [1, 2, 4], "y": [0.88, 0.52, 0.12], "label": "twin",
                         "style": "marker", "yerr": [0.01, 0.01, 0.01]}],
             "xlabel": "P_T (dB)", "ylabel": "P_D", "logx": True, "ylim": (0, 1),
             "vlines": [(3.0, "bound")], "title": "uplink"}
    fig = plot_link_panels([panel, dict(panel, logx=False)], suptitle="s")
    a, b = fig.axes
    assert a.get_xscale() == "log" and b.get_xscale() == "linear"
    assert a.get_ylim() == (0.0, 1.0) and a.get_title() == "uplink"
    labels = [t.get_text() for t in a.get_legend().get_texts()]
    assert {"analysis", "twin", "bound"} <= set(labels)


def test_missing_key_is_a_key_error():
    with pytest.raises(KeyError):
        plot_link_panels([{"xlabel": "x", "ylabel": "y"}])  # no "series"
