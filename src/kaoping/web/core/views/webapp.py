"""What makes the site installable on a phone's home screen: the manifest, the
service worker that keeps the app shell for offline use, and the page shown
when there is no connection. Public: the browser fetches the manifest without
cookies, and none of them holds anything of a township."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME = "#8b1e1e"

# What the service worker keeps so that a page opens without a connection.
SHELL_FILES = (
    "kaoping/style.css",
    "kaoping/app.js",
    "kaoping/drafts.js",
    "django_htmx/htmx-2.min.js",
    "kaoping/icons/icon-192.png",
)


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {"src": static(f"kaoping/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
        for n in (192, 512)
    ]
    icons.append(
        {
            "src": static("kaoping/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    body = {
        "name": _("考评"),
        "short_name": _("考评"),
        "description": _("乡镇季度考评：村级数据上报、计划与督办"),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [static(f) for f in SHELL_FILES] + ["/offline/"]
    # Hashed file names (production) change the worker when a file changes,
    # and the browser then installs the new one and drops the old cache.
    version = hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "kaoping/sw.js",
        {"shell": json.dumps(shell), "version": version},
        content_type="text/javascript; charset=utf-8",
    )
    # The browser must see a new worker at once, not a cached copy.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "kaoping/offline.html")
