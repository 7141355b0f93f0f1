"""The static copy of the site: writing the app's pages as files (``writer``: the whole site,
or single addresses, replaced atomically) and choosing which addresses a new article version
touches (``plan``). The pages are rendered by the app handed in (``web.app.create_app``), so
nothing here imports the web app: a worker that never publishes never loads it.
``pipeline.publish`` runs a pass against the store; ``bbabo export-site`` writes everything."""
