"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._clutter import clutter_cell_area_m2, sample_clutter
from ._echo import delay_doppler, round_trip_path_loss, symbol_times_s, synthesize_echo
from ._echo_time import ici_power, synthesize_echo_time, useful_symbol_centres_s
from ._interference import (
    InterferenceDraws,
    mean_interference_power,
    one_way_path_loss,
    synthesize_interference,
)
from ._scene import add_noise, per_re_ratio, scale_scene_to_scir, scale_to_scir
from ._targets import Target, sample_rcs, swerling_detection_probability

__all__: list[str] = [
    "InterferenceDraws",
    "Target",
    "add_noise",
    "clutter_cell_area_m2",
    "delay_doppler",
    "ici_power",
    "mean_interference_power",
    "one_way_path_loss",
    "per_re_ratio",
    "round_trip_path_loss",
    "sample_clutter",
    "sample_rcs",
    "scale_scene_to_scir",
    "scale_to_scir",
    "swerling_detection_probability",
    "symbol_times_s",
    "synthesize_echo",
    "synthesize_echo_time",
    "synthesize_interference",
    "useful_symbol_centres_s",
]
