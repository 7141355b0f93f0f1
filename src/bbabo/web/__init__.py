"""The public web site: server-rendered HTML pages per language, their feeds (RSS, Atom, JSON
Feed), sitemaps and robots.txt, search, the read-only JSON API under /api/v1/, and status
endpoints. ``bbabo.web.app.create_app`` builds it.

Importing the package loads nothing else, so modules that only know the site's addresses
(``web.urls``, used by the publish stage) do not bring the app and its templates with them."""
