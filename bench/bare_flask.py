"""The web pages' fair baseline: a bare Flask app configured as Temadag's pages are.

The same framework and server (Flask under gunicorn, gthread, WEB_CONCURRENCY workers × 8
threads, timeout 30, no access log), the same signed session cookie, a Jinja2 page with
autoescaping and a form of the size of a reflection step — but no database, no translation, no
security headers. `/healthz` answers as Temadag's does, for the readiness wait.

Run: `python -m bench.bare_flask` with PORT and WEB_CONCURRENCY set.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template_string, session

PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{{ title }}</h1><p>Trin {{ step }} af {{ total }}</p>
<form method="post" action="/trin">
<input type="hidden" name="csrf_token" value="{{ token }}">
{% for question in questions %}
<fieldset><legend>{{ question }}</legend>
<textarea name="q{{ loop.index }}" rows="4">{{ typed }}</textarea></fieldset>
{% endfor %}
<button type="submit">Næste</button></form></main></body></html>"""


def create() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="bench-bare-flask", SESSION_COOKIE_NAME="bare")
    app.jinja_env.autoescape = True

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(ok=True)

    @app.get("/side")
    def page() -> str:
        token = session.setdefault("csrf", "x" * 43)
        return render_template_string(
            PAGE,
            title="Temadag om sundhedspolitik",
            step=2,
            total=6,
            token=token,
            questions=["Hvad tager du med hjem?", "Hvad står i vejen?", "Hvem skal inddrages?"],
            typed="<b>Vi skal tale med udvalget</b>",
        )

    @app.get("/tal.json")
    def figures() -> Any:
        return jsonify(joined=200, answered=120, round=None)

    return app


def main() -> None:
    from bench.bare_app import serve

    serve(create)


if __name__ == "__main__":
    main()
