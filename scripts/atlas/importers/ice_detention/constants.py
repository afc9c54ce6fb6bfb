"""Names several modules of the importer share: the three file layouts, the source-id prefix and the metric ids."""
from __future__ import annotations

SOURCE_PREFIX = "ice-detention-"

LIST_2017 = "facility-list"
FOIA_31121 = "foia-31121"
STATS = "detention-stats"

METRIC_ADP = "ice_detention_adp"
METRIC_INITIAL = "ice_detention_initial_book_ins"
METRIC_FACILITY = "ice_detention_facility_book_ins"
COUNTY_METRICS = {METRIC_ADP: "ice_detention_adp_county", METRIC_INITIAL: "ice_detention_initial_book_ins_county",
                  METRIC_FACILITY: "ice_detention_facility_book_ins_county"}
