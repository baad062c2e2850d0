"""Loading templates from YAML files, with errors that name the file and the field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import ValidationError

from flows.templates.schema import Template

BUILTIN_DIR = Path(__file__).with_name("builtin")


class TemplateError(Exception):
    """A template file is broken. The message says which file, which field and what is wrong."""


def load_template(path: Path) -> Template:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise TemplateError(f"{path}{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a mapping with id, version, name, steps")
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        raise TemplateError(f"{path}:\n" + _describe(exc, data)) from None


def _describe(exc: ValidationError, data: object) -> str:
    lines = []
    for error in exc.errors():
        lines.append(f"  {_field_path(error['loc'], data)}: {error['msg']}")
    return "\n".join(lines)


def _field_path(loc: tuple[int | str, ...], data: object) -> str:
    """steps[2] (id 'why') .questions[0] (id 'methods') .label.en — readable for operators."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id {node['id']!r})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + item)
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "template"


class TemplateRegistry:
    """The templates a running bot offers, keyed by id; built-ins first, then the operator's."""

    def __init__(self, templates: Iterable[Template]) -> None:
        self._by_id: dict[str, Template] = {}
        for template in templates:
            if template.id in self._by_id:
                raise TemplateError(f"two templates have the id {template.id!r}")
            self._by_id[template.id] = template
        # Built-ins load first, so an operator's template marked default wins over the built-in.
        marked = [template.id for template in self._by_id.values() if template.default]
        self._default_id = marked[-1] if marked else None

    @classmethod
    def load(cls, extra_dir: Path | None = None) -> TemplateRegistry:
        builtins = [load_template(path) for path in sorted(BUILTIN_DIR.glob("*.yaml"))]
        extras: list[Template] = []
        if extra_dir is not None:
            paths = sorted(extra_dir.glob("*.yaml")) + sorted(extra_dir.glob("*.yml"))
            extras = [load_template(path) for path in paths]
        marked = [template.id for template in extras if template.default]
        if len(marked) > 1:
            raise TemplateError(
                f"{extra_dir}: only one template may say default: true; these do: {marked}"
            )
        return cls([*builtins, *extras])

    def get(self, template_id: str) -> Template:
        return self._by_id[template_id]

    def __contains__(self, template_id: object) -> bool:
        return template_id in self._by_id

    def all(self) -> list[Template]:
        return list(self._by_id.values())

    @property
    def default(self) -> Template:
        """The day's main reflection: the one marked default, which the form preselects."""
        if self._default_id is not None:
            return self._by_id[self._default_id]
        return self._by_id.get("health_policy") or next(iter(self._by_id.values()))

    def for_form(self) -> list[Template]:
        """The templates in the order the create-workshop form lists them: the default first."""
        default = self.default
        return [default, *(t for t in self._by_id.values() if t.id != default.id)]
