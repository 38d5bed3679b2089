"""The KPI results page holds two forms with fields of the same names: every id on it is unique."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any


def test_every_id_on_the_kpi_results_page_is_unique_and_labels_name_their_field(
    client_for: Any, focal_a: Any
) -> None:
    page = client_for(focal_a).get("/shipments/kpis/").content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert "upload-file" in ids and "compute-file" in ids
    assert [i for i, n in ids.items() if n > 1] == []
    for target in re.findall(r'<label for="([^"]+)"', page):
        assert ids[target] == 1
