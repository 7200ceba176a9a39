"""Load a YAML file and remember the line of every key, so errors can name it.

PyYAML's composer keeps a mark on each node; we walk the node tree once to map
each key path (``("calls", 1, "target")``) to its 1-based line. Written by hand
because no YAML library reports pydantic-style key paths with lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from newsletter.errors import NewsletterError

KeyPath = tuple[str | int, ...]

MAX_BYTES = 256 * 1024
"""A config or notes file is a page or two; anything larger is refused before parsing."""
MAX_DEPTH = 32
"""Nesting deeper than this is refused before composing (PyYAML's composer recurses)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it: the same nodes and marks, 6 times faster
(13 ms of every build went to reading newsletter.yaml in pure Python)."""


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that leaves dates as text, so pydantic validates them with a line and key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LoadedYaml:
    """The parsed value of a YAML file and the line of each key path in it."""

    def __init__(self, path: Path, data: Any, lines: dict[KeyPath, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, keypath: KeyPath) -> int | None:
        """The line of ``keypath``, or of its nearest parent that has one."""
        path = tuple(keypath)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line and at most ``limit`` characters, for quoting in an error."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_keypath(keypath: KeyPath) -> str:
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = shorten(str(part), 40)
            out += f".{part}" if out else part
    return out


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], file: Path) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key == "<<":
                continue
            if key in seen:
                raise NewsletterError(
                    "duplicate key", file=file, line=key_node.start_mark.line + 1,
                    key=format_keypath((*path, key)),
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            lines[(*path, i)] = child.start_mark.line + 1
            _walk(child, (*path, i), lines, file)


def load_yaml(path: Path, display: str | None = None) -> LoadedYaml:
    """Parse ``path`` safely; a syntax error becomes a one-line NewsletterError with its line."""
    shown = display or str(path)
    if path.exists() and not path.is_file():
        raise NewsletterError("expected a file (not a folder or a device)", file=shown, line=1)
    try:
        with path.open("rb") as handle:  # bounded: a file that grows or never ends is cut off here
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise NewsletterError("file not found", file=shown) from None
    except OSError as exc:
        raise NewsletterError(f"cannot read the file ({exc.strerror})", file=shown, line=1) from None
    if len(raw) > MAX_BYTES:
        raise NewsletterError(f"file is over the {MAX_BYTES // 1024} KB limit", file=shown, line=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise NewsletterError(f"not UTF-8 text ({exc.reason})", file=shown, line=line) from None
    return parse_yaml(text, Path(shown))


def _refuse_unsafe_text(text: str, path: Path) -> None:
    """Size and control characters, checked on the text before any YAML is parsed."""
    if len(text) > MAX_BYTES:
        raise NewsletterError(f"file is over the {MAX_BYTES // 1024} KB limit", file=path, line=1)
    bad = _CONTROL.search(text)
    if bad:
        raise NewsletterError(f"control character U+{ord(bad.group()):04X} is not allowed",
                              file=path, line=text.count("\n", 0, bad.start()) + 1)


def _refuse_aliases_and_depth(text: str) -> None:
    """One pass over the parser's events (no recursion): no alias, nesting at most MAX_DEPTH.

    Aliases are refused outright: they are how a small file expands to gigabytes
    (billion laughs) or to a value that contains itself.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _EventError("YAML aliases (*name) are not supported: write the value out",
                              event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _EventError(f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_UNSAFE_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _refuse_unsafe_strings(value: Any, keypath: KeyPath, lines: dict[KeyPath, int], file: Path) -> None:
    """Control characters or lone surrogates that a double-quoted escape (``"\\0"``, ``"\\ud800"``)
    put into a key or a value: refused with line and key, as the file scan refuses raw ones."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        path = (*keypath, key)
        for text in (key, child):
            if isinstance(text, str) and _UNSAFE_IN_VALUE.search(text):
                char = _UNSAFE_IN_VALUE.search(text).group()
                line = LoadedYaml(file, None, lines).line_of(path)
                raise NewsletterError(f"control character U+{ord(char):04X} is not allowed",
                                      file=file, line=line, key=format_keypath(path))
        _refuse_unsafe_strings(child, path, lines, file)


class _EventError(Exception):
    def __init__(self, message: str, mark: yaml.Mark) -> None:
        super().__init__(message)
        self.message, self.line = message, mark.line + 1


def parse_yaml(text: str, path: Path) -> LoadedYaml:
    """Parse YAML text safely: bounded size and depth, no aliases, no control characters."""
    text = text.removeprefix("\ufeff")
    _refuse_unsafe_text(text, path)
    loader = _Loader(text)
    try:
        _refuse_aliases_and_depth(text)
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(path, None, {})
        lines: dict[KeyPath, int] = {}
        _walk(node, (), lines, path)
        data = loader.construct_document(node)
        _refuse_unsafe_strings(data, (), lines, path)
    except _EventError as exc:
        raise NewsletterError(exc.message, file=path, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, met while it reads ahead
            raise NewsletterError(f"nested deeper than {MAX_DEPTH} levels", file=path,
                                  line=line) from None
        raise NewsletterError(f"invalid YAML: {shorten(problem, 120)}", file=path, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise NewsletterError(f"invalid YAML: {shorten(exc.reason, 120)}", file=path, line=line) from None
    except yaml.YAMLError as exc:
        raise NewsletterError(f"invalid YAML: {shorten(str(exc), 120)}", file=path, line=1) from None
    finally:
        loader.dispose()
    return LoadedYaml(path, data, lines)


_FRIENDLY = {
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "date_parsing": "expected a date like 2026-11-22",
    "date_from_datetime_parsing": "expected a date like 2026-11-22",
    "date_type": "expected a date like 2026-11-22",
    "missing": "required key is missing",
    "url_parsing": "expected a URL like https://example.com/",
    "url_scheme": "expected an http or https URL",
}


def _describe(error: dict[str, Any], model: type) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key" + _valid_keys_hint(error, model)
    message = _FRIENDLY.get(kind)
    if message is None:
        message = str(error.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        message = message[0].lower() + message[1:] if message else message
    message = shorten(message, 200)
    if kind != "missing" and "input" in error and not isinstance(error["input"], dict | list):
        message += f", got {shorten(repr(error['input']))}"
    return message


def _valid_keys_hint(error: dict[str, Any], model: type) -> str:
    """Name the keys that would be valid where an unknown key was found."""
    current: Any = model
    for part in error.get("loc", ())[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return ""
        current = _model_of(fields[part].annotation)
        if current is None:
            return ""
    fields = getattr(current, "model_fields", None)
    if not fields:
        return ""
    names = [f.alias or name for name, f in fields.items()]
    return f" (valid keys: {', '.join(names)})"


def _model_of(annotation: Any) -> Any:
    from typing import get_args

    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def validate(loaded: LoadedYaml, model: type, *, context: dict[str, Any] | None = None) -> Any:
    """Validate the loaded data against a pydantic model; errors name file, line and key."""
    from pydantic import ValidationError

    data = loaded.data if loaded.data is not None else {}
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(p for p in error.get("loc", ())
                    if not (isinstance(p, str) and (p.startswith("function-") or p == "[key]")))
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise NewsletterError(
            _describe(error, model) + suffix,
            file=loaded.path,
            line=loaded.line_of(loc),
            key=format_keypath(loc) or None,
        ) from None
