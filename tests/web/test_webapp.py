"""Installable as a web app: the manifest names the app and its icons, the
service worker is served from the root and keeps files that exist, and the
offline page needs no login."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_and_starts_at_the_home_page(client: Any) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert (body["name"], body["start_url"], body["display"]) == ("考评", "/", "standalone")


@pytest.mark.parametrize(
    ("sizes", "purpose"),
    [("192x192", None), ("512x512", None), ("512x512", "maskable")],
)
def test_each_icon_of_the_manifest_is_a_png_of_its_stated_size(
    client: Any, sizes: str, purpose: str | None
) -> None:
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    [icon] = [i for i in icons if i["sizes"] == sizes and i.get("purpose") == purpose]
    image = Image.open(io.BytesIO(b"".join(client.get(icon["src"]).streaming_content)))
    assert (image.format, f"{image.width}x{image.height}") == ("PNG", sizes)


def test_the_service_worker_is_served_from_the_root_and_keeps_files_that_exist(
    client: Any,
) -> None:
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    found = re.search(r"const SHELL = (\[.*?\]);", response.content.decode())
    assert found is not None
    shell = json.loads(found[1])
    assert "/offline/" in shell
    for url in shell:
        assert client.get(url).status_code == 200, url


def test_the_offline_page_needs_no_login(client: Any) -> None:
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "没有网络连接" in response.content.decode()


def test_every_page_links_the_manifest(client: Any) -> None:
    html = client.get("/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
