from django.urls import reverse


def test_pages(client_for, budget):
    c = client_for("coordinator")
    for name, kw in [
        ("budget:year_list", {}),
        ("budget:lists", {}),
        ("budget:year_create", {}),
        ("budget:year_detail", {"year": 2026}),
        ("budget:year_close", {"year": 2026}),
        ("budget:project_create", {"year": 2026}),
        ("budget:project_detail", {"pk": budget.p1.pk}),
        ("budget:project_edit", {"pk": budget.p1.pk}),
        ("budget:amend", {"year": 2026}),
        ("budget:spending_create", {"year": 2026}),
        ("budget:ledger_import", {"year": 2026}),
        ("budget:ledger_mapping", {}),
        ("budget:ledger_template", {}),
    ]:
        r = c.get(reverse(name, kwargs=kw))
        assert r.status_code == 200, (name, r.status_code, r.content[:3000])
