"""The package's shape: imports point one way (no cycle between modules or between packages), no module
reaches into another package's private names, and functions stay short enough to read."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sitrep"
MAX_FUNCTION_LINES = 100


def _modules() -> dict[str, Path]:
    mods = {}
    for p in PACKAGE.rglob("*.py"):
        rel = p.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        if ".migrations" not in name:
            mods[name] = p
    return mods


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every `from sitrep... import` and `import sitrep...`, at any depth
    (imports inside functions count: they are dependencies too)."""
    out = []
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "sitrep" and n.level == 0:
            out.append((n.module, [a.name for a in n.names]))
        elif isinstance(n, ast.Import):
            out.extend((a.name, []) for a in n.names if a.name.split(".")[0] == "sitrep")
    return out


def _graph() -> dict[str, set[str]]:
    """Module -> modules it imports.  `from pkg import submodule` depends on the submodule."""
    edges: dict[str, set[str]] = defaultdict(set)
    for mod, path in MODULES.items():
        for target, names in _imports(path):
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            for t in subs + ([target] if len(subs) < len(names) or not names else []):
                if t in MODULES and t != mod:
                    edges[mod].add(t)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    nodes = set(edges) | {t for ts in edges.values() for t in ts}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def _package(mod: str) -> str:
    return ".".join(mod.split(".")[:2])


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_packages():
    edges: dict[str, set[str]] = defaultdict(set)
    for a, targets in _graph().items():
        for b in targets:
            if _package(a) != _package(b) and _package(b) != "sitrep":
                edges[_package(a)].add(_package(b))
    assert _cycles(edges) == []


def test_no_module_imports_another_packages_private_names():
    bad = []
    for mod, path in MODULES.items():
        for target, names in _imports(path):
            if _package(target) == _package(mod):
                continue
            bad += [f"{mod}: {target}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
    assert bad == []


def _long_functions() -> list[str]:
    out = []
    for mod, path in MODULES.items():
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
                length = n.end_lineno - n.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{mod}.{n.name}: {length} lines")
    return out


def test_no_function_is_too_long_to_read():
    assert _long_functions() == []


@pytest.mark.parametrize("module", ["sitrep.cli", "sitrep.run", "sitrep.store", "sitrep.extract", "sitrep.geo"])
def test_every_stage_is_importable_on_its_own(module):
    import importlib

    importlib.import_module(module)


_TOKEN_ATTRS = {"head", "root", "left_edge", "right_edge", "sent"}


def _token_identity_tests() -> list[str]:
    """`tok.head is tok` is never true: spaCy makes a new Token object on every access, so tokens are
    compared by index (`tok.head.i == tok.i`)."""
    out = []
    for mod, path in MODULES.items():
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Compare) and any(isinstance(op, ast.Is | ast.IsNot) for op in n.ops):
                sides = [n.left, *n.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr in _TOKEN_ATTRS for s in sides):
                    out.append(f"{mod}:{n.lineno}")
    return out


def test_spacy_tokens_are_never_compared_by_identity():
    assert _token_identity_tests() == []
