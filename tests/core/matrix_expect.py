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

# Peers: a second school, company and partner of the same district. Each asks
# for the objects of the *first* organisation of its role (the company's slot,
# the school's student, the partner's programme …), so the matrix shows what
# one organisation may do with another's.
SCHOOL_B, COMPANY_B, PARTNER_B = "school_b", "company_b", "partner_b"
PEER_OF = {SCHOOL: SCHOOL_B, COMPANY: COMPANY_B, PARTNER: PARTNER_B}
PEERS = tuple(PEER_OF.values())
PAGE_PERSONAS = (*ROLES, ANONYMOUS, *PEERS)

R = frozenset
NOBODY: frozenset[str] = R()
EVERYONE = R((*ROLES, ANONYMOUS))  # public: anonymous visitors too
LOGGED_IN = R(ROLES)
MEMBERS = R({COORDINATOR, SCHOOL, COMPANY, PARTNER})  # act for their own organisation
READERS = MEMBERS | {MINISTRY}  # partner-level information; the ministry reads it all
COORD = R({COORDINATOR})
NOT_MINISTRY = LOGGED_IN - {MINISTRY}  # the ministry never writes
ALL_PEERS = R(PEERS)


def peers(*roles: str) -> frozenset[str]:
    """The peer personas of `roles`: peers(SCHOOL, COMPANY) -> {school_b, company_b}."""
    return R(PEER_OF[role] for role in roles)


def peers_of(personas: frozenset[str]) -> frozenset[str]:
    """What a peer may do where nothing is owned: what its role may do."""
    return R(PEER_OF[p] for p in personas if p in PEER_OF)


@dataclass(frozen=True)
class Expect:
    read: frozenset[str]  # may GET
    write: frozenset[str]  # may POST (pages, API lists) / PATCH (API details)
    obj: str | None = None  # which fixture object fills the URL's id
    # What the second organisation of a role may do with the first one's object
    # (peer personas, e.g. {"school_b"}). None: the same as its role (a route
    # about the district, not about an organisation's own object). Routes on an
    # owned object (a part's OWNED_KINDS) must state both.
    peer_read: frozenset[str] | None = None
    peer_write: frozenset[str] | None = None

    @property
    def peers_read(self) -> frozenset[str]:
        return peers_of(self.read) if self.peer_read is None else self.peer_read

    @property
    def peers_write(self) -> frozenset[str]:
        return peers_of(self.write) if self.peer_write is None else self.peer_write

    def allowed(self, kind: str) -> frozenset[str]:
        """Every persona that may read ("read") or write ("write") here."""
        if kind == "read":
            return self.read | self.peers_read
        return self.write | self.peers_write
