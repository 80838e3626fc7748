"""`auditor serve`: the editors' web page, its JSON API and a LanguageTool-compatible endpoint (docs/serve.md).

Needs the `web` extra (Starlette, uvicorn, tomlkit). `service` does the work without the web
framework; `app` is the Starlette application; `static/` holds the page (no remote assets).
"""
