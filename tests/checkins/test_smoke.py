from django.urls import reverse

from tests.checkins.conftest import hold_and_sign


def test_pages_render(personas, planned, first, second, client):
    hold_and_sign(first, personas)
    for who in ("intern", "tutor", "referent", "staff"):
        client.force_login(personas.by_name(who))
        for url in (
            reverse("checkins:list", args=[planned.pk]),
            reverse("checkins:detail", args=[first.pk]),
            reverse("checkins:detail", args=[second.pk]),
            reverse("checkins:ratings", args=[second.pk]),
            reverse("checkins:calendar"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (who, url, response.content[:3000])
