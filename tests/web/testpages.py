"""A feature's blueprint as a test writes one: a form that changes state, and routes that fail.

It stands where the workshop and reflection pages will, so that the kernel's CSRF check, error
pages and rate limit are seen working for a blueprint it was handed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, redirect, render_template_string, request
from werkzeug.wrappers import Response

from bot.web.ratelimit import rate_limited

TRIES_PER_MINUTE = 3
FORM_PAGE = """{% extends "base.html" %}
{% block title %}Prøveformular{% endblock %}
{% block main %}
<h1>Prøveformular</h1>
<p id="saved">Gemt {{ saved|length }} gange: {{ saved|join(", ") }}</p>
<form method="post" action="{{ url_for('probe.save') }}">
  {{ csrf_field() }}
  <label for="answer">Dit svar</label>
  <input type="text" id="answer" name="answer">
  <button class="button" type="submit" id="with-token">Gem</button>
</form>
<form method="post" action="{{ url_for('probe.save') }}">
  <input type="hidden" name="answer" value="uden token">
  <button class="button button--secondary" type="submit" id="without-token">Gem uden token</button>
</form>
{% endblock %}
"""
CODE_PAGE = """{% extends "base.html" %}
{% block title %}Kode{% endblock %}
{% block main %}<h1>Kode modtaget</h1><p>Forsøg talt.</p>{% endblock %}
"""


@dataclass
class Probe:
    saved: list[str] = field(default_factory=list)
    blueprint: Blueprint = field(init=False)

    def __post_init__(self) -> None:
        blueprint = Blueprint("probe", __name__, url_prefix="/proeve")

        @blueprint.get("/formular")
        def form() -> str:
            return render_template_string(FORM_PAGE, saved=self.saved)

        @blueprint.post("/formular")
        def save() -> Response:
            self.saved.append(request.form.get("answer", ""))
            return redirect("/proeve/formular", code=303)

        @blueprint.get("/lukket")
        def closed() -> str:
            abort(410)

        @blueprint.get("/fejl")
        def broken() -> str:
            raise RuntimeError("hemmelig detalje fra databasen")

        @blueprint.get("/kode")
        @rate_limited(TRIES_PER_MINUTE)
        def code() -> str:
            return render_template_string(CODE_PAGE)

        self.blueprint = blueprint
