"""Personas, role sets and `Expect`, shared by the access matrix and its parts."""

from __future__ import annotations

from dataclasses import dataclass

COORDINATOR, SCHOOL, COMPANY, PARTNER, STUDENT, MINISTRY = (
    "coordinator",
    "school",
    "company",
    "partner",
    "student",
    "ministry",
)
ANONYMOUS = "anonymous"
ROLES = (COORDINATOR, SCHOOL, COMPANY, PARTNER, STUDENT, MINISTRY)
PAGE_PERSONAS = (*ROLES, ANONYMOUS)

R = frozenset
NOBODY: frozenset[str] = R()
EVERYONE = R(PAGE_PERSONAS)  # public: anonymous visitors too
LOGGED_IN = R(ROLES)
MEMBERS = R({COORDINATOR, SCHOOL, COMPANY, PARTNER})  # act for their own organisation
READERS = MEMBERS | {MINISTRY}  # partner-level information; the ministry reads it all
COORD = R({COORDINATOR})
NOT_MINISTRY = LOGGED_IN - {MINISTRY}  # the ministry never writes


@dataclass(frozen=True)
class Expect:
    read: frozenset[str]  # may GET
    write: frozenset[str]  # may POST (pages, API lists) / PATCH (API details)
    obj: str | None = None  # which fixture object fills the URL's id
