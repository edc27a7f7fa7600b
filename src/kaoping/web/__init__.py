"""kaoping's web app: a Django project around the engine.

Settings come from the environment (see :mod:`kaoping.web.settings`); the
``kaoping serve`` command (:mod:`kaoping.cli.serve`, through
:mod:`kaoping.web.serving`) migrates, creates the first admin and serves.
"""
