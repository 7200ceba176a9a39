"""Author templates run in a sandbox with a budget, and their errors name the right file and line.

A workspace's ``templates/`` folder overrides the packaged templates, so a
template is input like any other: it must not read Python internals
(``SandboxedEnvironment``), run for ever or fill memory (a budget of steps,
range sizes, repeated strings and output), and its mistakes (a syntax error, an
unknown value, ``{{ 1/0 }}``, ``{{ none | price }}``, an include of itself)
come back as one NewsletterError naming the template and line where they are.
"""

from __future__ import annotations

import contextvars
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from newsletter.errors import NewsletterError

PACKAGED = Path(__file__).resolve().parent / "templates"
MAX_TEMPLATE_BYTES = 256 * 1024
MAX_OUTPUT = 4_000_000
"""Characters one render may produce (the sample issue's page is about 40,000)."""
MAX_STEPS = 2_000_000
"""Attribute look-ups, calls and range items one render may take (the sample issue takes ~20,000)."""
MAX_RANGE = 100_000
MAX_REPEAT = 1_000_000
_BIG_WIDTH = re.compile(r"%[-#0 +]*(?:\d{5,}|\*)|\{[^{}]*:[^{}]*?\d{5,}")
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}

_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("template_budget",
                                                                          default=None)


class TemplateBudgetError(jinja2.TemplateRuntimeError):
    """A template asked for more work or memory than any issue needs."""


def _tick(steps: int = 1) -> None:
    budget = _budget.get()
    if budget is not None:
        budget[0] -= steps
        if budget[0] < 0:
            raise TemplateBudgetError(f"the template does too much work (over {MAX_STEPS:,} steps)")


class _CountedRange:
    """``range`` for templates: at most MAX_RANGE items, each one charged to the budget."""

    def __init__(self, *args: int) -> None:
        self._range = range(*args)
        if len(self._range) > MAX_RANGE:
            raise TemplateBudgetError(f"range() of more than {MAX_RANGE:,} items")

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: int) -> int:
        return self._range[index]

    def __iter__(self) -> Iterator[int]:
        for value in self._range:
            _tick()
            yield value


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, int | float) and abs(right) > 1000:
            raise TemplateBudgetError("exponent too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise TemplateBudgetError(f"a repeated value of more than {MAX_REPEAT:,} items")
        if operator == "%" and isinstance(left, str) and _BIG_WIDTH.search(left):
            raise TemplateBudgetError("a format width that large")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        if attribute in ("format", "format_map") and isinstance(obj, str) and _BIG_WIDTH.search(obj):
            raise TemplateBudgetError("a format width that large")
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
            if name in _WIDTH_METHODS and any(abs(n) > MAX_RANGE for n in numbers):
                raise TemplateBudgetError(f"a width over {MAX_RANGE:,}")
        return super().call(__context, __obj, *args, **kwargs)


def _filter_guard(name: str, func: Any) -> Any:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int)]
        if any(abs(n) > MAX_RANGE for n in numbers):
            raise TemplateBudgetError(f"{name}: a size over {MAX_RANGE:,}")
        if name == "format" and args and isinstance(args[0], str) and _BIG_WIDTH.search(args[0]):
            raise TemplateBudgetError("a format width that large")
        return func(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep @pass_context and friends working
        if hasattr(func, attr):
            setattr(guarded, attr, getattr(func, attr))
    return guarded


class _Loader(jinja2.FileSystemLoader):
    """FileSystemLoader that refuses huge or non-UTF-8 templates with file and line."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = next((Path(d) / template for d in self.searchpath if (Path(d) / template).is_file()),
                        Path(template))
            line = path.read_bytes().count(b"\n", 0, exc.start) + 1
            raise NewsletterError(f"template is not UTF-8 text ({exc.reason})",
                                  file=display_name(str(path)), line=line) from None
        if len(source) > MAX_TEMPLATE_BYTES:
            raise NewsletterError(f"template is over the {MAX_TEMPLATE_BYTES // 1024} KB limit",
                                  file=display_name(filename))
        return source, filename, uptodate


def sandboxed_environment(template_dirs: list[str]) -> jinja2.Environment:
    """A sandboxed Jinja2 environment over these folders (the workspace's first)."""
    env = _Sandbox(
        loader=_Loader(template_dirs),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["range"] = _CountedRange
    env.globals.pop("lipsum", None)
    for name in ("center", "indent", "wordwrap", "truncate", "batch", "slice", "format", "replace"):
        env.filters[name] = _filter_guard(name, env.filters[name])
    return env


def display_name(filename: str) -> str:
    """A template's path as the author knows it: ``templates/x.j2``, or the packaged copy."""
    path = Path(filename)
    try:
        return "newsletter/templates/" + path.resolve().relative_to(PACKAGED).as_posix()
    except ValueError:
        pass
    parts = path.parts
    if "templates" in parts:
        at = len(parts) - 1 - parts[::-1].index("templates")
        return "/".join(parts[at:])
    return filename


def _source_file(env: jinja2.Environment, name: str) -> str:
    """The file the loader would read for template ``name`` (the workspace's copy first)."""
    for folder in getattr(env.loader, "searchpath", ()):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return name


def template_file(env: jinja2.Environment, name: str) -> str:
    """Template ``name`` as the author knows it, for errors found after rendering (MJML, CSS)."""
    return display_name(_source_file(env, name))


def _where(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame of ``exc``'s traceback: (template, line)."""
    found: tuple[str, int | None] = (fallback, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (display_name(frame.filename), frame.lineno)
    return found


def render_bounded(env: jinja2.Environment, name: str, *, compile_only: bool = False,
                   **context: Any) -> str:
    """Render template ``name`` within the budget; any mistake in it becomes a NewsletterError."""
    token = _budget.set([MAX_STEPS])
    try:
        template = env.get_template(name)
        if compile_only:
            return ""
        out: list[str] = []
        size = 0
        chunks = template.generate(**context)
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT:  # thrown into the template, so the error names its line
                chunks.throw(TemplateBudgetError(f"the output is over {MAX_OUTPUT:,} characters"))
            out.append(chunk)
        return "".join(out)
    except NewsletterError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or _source_file(env, exc.name or name)
        raise NewsletterError(f"template syntax error: {exc.message}",
                              file=display_name(file), line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        file, line = _where(exc, name)
        raise NewsletterError(f"template not found: {exc.name}", file=file, line=line) from None
    except RecursionError as exc:
        file, line = _where(exc, name)
        raise NewsletterError("the template includes or calls itself without end",
                              file=file, line=line) from None
    except jinja2.UndefinedError as exc:
        file, line = _where(exc, name)
        raise NewsletterError(f"template uses an unknown value ({exc.message})",
                              file=file, line=line) from None
    except Exception as exc:
        file, line = _where(exc, name)
        if line is None:
            raise  # not the template's doing: a bug keeps its traceback
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise NewsletterError(f"template error: {message}", file=file, line=line) from None
    finally:
        _budget.reset(token)
