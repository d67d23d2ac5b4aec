"""Every navigation link a demo role sees opens for that role (200): the navigation shows only what the role may
open, decided by the same permission predicates as the views (workflow.navigation).

Each demo account logs in; every link of the header and of every ``<nav>`` on its home page is followed, and so are
the links of the ``<nav>`` bars on the pages reached (the review and applicant sub-navigation).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from workflow.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

# The demo's accounts: the README's table, the district path's (titles/demo_workflow.py) and the superuser.
ACCOUNTS = [a[0] for a in DEMO_ACCOUNTS] + ["unit_hr_wuda", "dept_wuda", "district_hr_wuda", "dept_city_water", "admin"]

_NAV = re.compile(r"<nav\b[^>]*>(.*?)</nav>", re.S)
_HREF = re.compile(r'<a\b[^>]*href="([^"#]+)"')


def nav_links(html: str) -> list[str]:
    links = []
    for block in _NAV.findall(html):
        links += [href.replace("&amp;", "&") for href in _HREF.findall(block)]
    return [link for link in dict.fromkeys(links) if link.startswith("/")]


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_nav_link_of_every_demo_role_opens(demo, username):
    client = Client(raise_request_exception=False)
    assert client.login(username=username, password=DEMO_PASSWORD), username
    home = client.get("/")
    assert home.status_code == 200
    first = nav_links(home.content.decode())
    assert "/" in first  # 工作台
    seen: dict[str, int] = {}
    queue = list(first)
    while queue:
        link = queue.pop(0)
        if link in seen:
            continue
        response = client.get(link)
        seen[link] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            queue += [more for more in nav_links(response.content.decode()) if more not in seen]
    refused = {link: status for link, status in seen.items() if status != 200}
    assert not refused, f"{username}: nav links that do not open: {refused}"


@pytest.mark.parametrize(
    ("username", "shown"),
    [("district_hr", False), ("district_hr_wuda", False), ("hr_officer", True), ("committee_office", True),
     ("unit_hr", False), ("judge", False)],
)  # fmt: skip
def test_committee_pages_are_in_the_nav_of_offices_and_city_hr_only(demo, username, shown):
    """CMTE-01…04: the committee list, meeting calendar and expert pool belong to the committee offices and city
    HR (titles.permissions_committee.works_with_committees); a district HR bureau got a link that answered 403."""
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    links = set(nav_links(client.get("/").content.decode()))
    committee_pages = {"/titles/committees/", "/titles/meetings/", "/titles/judges/"}
    assert (committee_pages <= links) is shown and (not committee_pages & links) is (not shown), links
