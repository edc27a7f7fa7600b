"""The anchor of ``bench_load.py``: a trivial Django view served like ``kaoping serve``.

Run: ``python bench/trivial_site.py PORT WORKERS THREADS``

The same gunicorn settings as ``kaoping serve`` (``serving.gunicorn_settings``:
gthread workers and threads), Django with no database, no session and no
middleware, and one view that answers a GET with a page carrying the two fields
the load's reporters look for (a CSRF token and a version) and a POST with a
redirect, as the report form does. What the load costs above this is kaoping's:
its middleware, its database, its form; what this costs is the machine's
(HTTP, gunicorn, the load generator on the same cores).
"""

from __future__ import annotations

import sys
from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import re_path

PAGE = (
    '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="anchor">'
    '<input type="hidden" name="version" value="0"></form>'
)


def form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return HttpResponseRedirect(request.path)
    return HttpResponse(PAGE)


urlpatterns = [re_path(r"^.*$", form)]


def main() -> None:
    port, workers, threads = (int(x) for x in sys.argv[1:4])
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="trivial-anchor",
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )
    django.setup()
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    from kaoping.web.serving import gunicorn_settings

    application = get_wsgi_application()

    class _App(BaseApplication):
        def load_config(self) -> None:
            for name, value in gunicorn_settings("127.0.0.1", port, workers, threads).items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    _App().run()


if __name__ == "__main__":
    main()
