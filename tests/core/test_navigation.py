"""The menu marks the section a page belongs to."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.core.context_processors import nav_links
from clearway.core.navigation import nav_items_for_user


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/capacity/", "/capacity/"),
        ("/capacity/activities/3/", "/capacity/"),
        ("/capacity/requests/7/", "/capacity/requests/"),
        ("/aeo/network/", "/aeo/"),
        ("/accounts/profile/", None),
    ],
)
def test_the_longest_matching_menu_address_is_current(
    secretariat: Any, path: str, current: str | None
) -> None:
    links = nav_links(items=nav_items_for_user(secretariat), path=path)
    marked = [link.href for link in links if link.current]
    assert marked == ([current] if current else [])


def test_the_page_marks_its_menu_entry(secretariat: Any, client_for: Any) -> None:
    page = client_for(secretariat).get("/capacity/requests/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert '<a href="/capacity/requests/" aria-current="page">' in page
