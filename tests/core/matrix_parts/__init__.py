"""Parts of the access matrix, one module per app, so the expected table stays
next to the product rules of its capability. Each module defines:

* `EXPECTED: dict[str, Expect]` — hand-written from the product rules, with
  what a peer organisation (school_b, company_b, partner_b) may do on a route
  about another organisation's object (`peer_read`, `peer_write`);
* `build(world, orgs) -> dict[str, Callable[[str], object]]` — fixture objects:
  kind -> function(org key of the persona: "office", "school", "company",
  "partner"; the peers ask with the key of the first organisation of their
  role) -> the pk (or slug) for the URL. `orgs` also holds "company_b",
  "school_b", "partner_b" (the peers' own) and "other_company";
* `SHARED_KINDS: set[str]` — kinds that are national (the same for every
  district), left out of the other-district 404 checks;
* `OWNED_KINDS: set[str]` — kinds that belong to one organisation (or its
  students): every route on one states `peer_read` and `peer_write`.
"""
