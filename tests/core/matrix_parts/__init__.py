"""Parts of the access matrix, one module per app, so the expected table stays
next to the product rules of its capability. Each module defines:

* `EXPECTED: dict[str, Expect]` — hand-written from the product rules;
* `build(world, orgs) -> dict[str, Callable[[str], object]]` — fixture objects:
  kind -> function(org key of the persona: "office", "school", "company",
  "company_b", "partner", "other_company") -> the pk (or slug) for the URL;
* `SHARED_KINDS: set[str]` — kinds that are national (the same for every
  district), left out of the other-district 404 checks.
"""
