"""Safe YAML reading that remembers where every value stood, for messages with line numbers.

PyYAML alone silently keeps the last of two equal keys, turns unquoted timestamps into datetimes
that lose how they were written, and expands aliases without bound. This reader reports duplicate
keys, leaves timestamps as strings for `timeparse`, and caps the work one document may cause.
It parses with libyaml when PyYAML has it (8x faster) and with pure-Python PyYAML otherwise, with
the same values, marks and messages either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

MAX_NODES = 50_000  # a status config or front-matter is tiny; alias bombs expand past this at once
# PyYAML's scanner slows down quadratically with flow nesting ("[[[[..."); real documents nest a few levels.
MAX_FLOW_DEPTH = 64
Path = tuple  # a key path into the document: ("components", 2, "group")


class YamlError(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


@dataclass
class Positions:
    """Where each key path of a document starts: (line, column), both 1-based."""

    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`'s value (or its key), falling back to the nearest enclosing node."""
        table = self.key_marks if key else self.marks
        while path:
            if path in table:
                return table[path]
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class _Loader(yaml.SafeLoader):
    """Pure-Python PyYAML: the reference reader, whose errors are the messages users see."""

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 (PyYAML's name)
        if self.flow_level >= MAX_FLOW_DEPTH:
            raise yaml.scanner.ScannerError(None, None, f"more than {MAX_FLOW_DEPTH} nested [ ] or {{ }} levels",
                                            self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


# Implicit types without timestamps: those stay strings and get exact parsing in `timeparse`.
_IMPLICIT_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _IMPLICIT_RESOLVERS


# libyaml accepts some input that PyYAML refuses or reads at other marks: tabs, "|#", "?" and odd
# tags in flow collections, BOMs and Unicode line breaks mid-text (found by tests/test_load_yaml.py).
# Incident front-matter rarely holds these characters, so where it does the reference reader decides.
_REFERENCE_READER_ONLY = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ufefe\uff00-\U0010ffff]|[|>?!%@`]")


class _Unusual(Exception):
    """The fast reader met something only the reference reader reports exactly."""


if yaml.__with_libyaml__:
    class _FastLoader(yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """libyaml scans and parses (~10x faster); PyYAML's composer builds the nodes from its events.

        The Python composer sees every event, so anchors and flow depth are checked in this one
        parse, and deep block nesting ends in a RecursionError rather than libyaml's C recursion.
        Marks are libyaml's, which equal PyYAML's except where an empty value is placed. Any error,
        anchor, excess depth or doubtful empty value raises `_Unusual`, and the document is read
        again by `_Loader`, so every value, mark and message stays the reference reader's.
        """

        def __init__(self, stream: str, allow_aliases: bool):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.text, self.allow_aliases = stream, allow_aliases
            self.flow_depth = 0

        def compose_node(self, parent, index):
            event = self.peek_event()
            if event.anchor is not None and not self.allow_aliases:
                raise _Unusual
            if isinstance(event, yaml.ScalarEvent) and not event.value and not event.style:
                # An empty value (`end:`): both readers place it right after its ':' or '-'; elsewhere
                # ("{a: }", "? a", an empty document) they disagree by a column or a line.
                where = event.start_mark.index
                if parent is None or event.start_mark.column == 0 or self.text[where - 1] not in ":-":
                    raise _Unusual
            if not (isinstance(event, yaml.CollectionStartEvent) and event.flow_style):
                return super().compose_node(parent, index)
            self.flow_depth += 1
            try:
                if self.flow_depth > MAX_FLOW_DEPTH:
                    raise _Unusual
                return super().compose_node(parent, index)
            finally:
                self.flow_depth -= 1

    _FastLoader.yaml_implicit_resolvers = _IMPLICIT_RESOLVERS
else:  # PyYAML built without libyaml: the reference reader does all the work
    _FastLoader = None


def load(text: str, *, line_offset: int = 0, unknown_tags_as_none: bool = False,
         allow_aliases: bool = True) -> tuple[object, Positions]:
    """Parse one YAML document; raise YamlError at the first syntax problem."""
    node, loader = _compose_fast(text, allow_aliases)
    if loader is None:
        node, loader = _compose(text, line_offset, allow_aliases)
    positions = Positions()
    if node is None:
        return None, positions
    converter = _Converter(loader, positions, line_offset, unknown_tags_as_none)
    try:
        return converter.convert(node, ()), positions
    except RecursionError:
        raise YamlError(1 + line_offset, 1, "YAML document is nested too deeply") from None


def _compose_fast(text: str, allow_aliases: bool) -> tuple[yaml.Node | None, object]:
    """(node, loader) from libyaml, or (None, None) when the reference reader must decide."""
    if _FastLoader is None or _REFERENCE_READER_ONLY.search(text):
        return None, None
    loader = _FastLoader(text, allow_aliases)
    try:
        return loader.get_single_node(), loader
    except (_Unusual, yaml.YAMLError, RecursionError, ValueError):  # ValueError: e.g. a lone surrogate
        return None, None
    finally:
        loader.dispose()


def _compose(text: str, line_offset: int, allow_aliases: bool) -> tuple[yaml.Node | None, _Loader]:
    """(node, loader) from the pure-Python reader, raising YamlError with the documented messages."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the reader refuses control characters before parsing
        line_start = text.rfind("\n", 0, exc.position) + 1
        raise YamlError(text.count("\n", 0, exc.position) + 1 + line_offset, exc.position - line_start + 1,
                        f"YAML error: control character U+{exc.character:04X} is not allowed",
                        "remove it; most editors do not show it") from None
    try:
        if not allow_aliases:
            _reject_aliases(text, line_offset)
        return loader.get_single_node(), loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        column = (mark.column + 1) if mark else 1
        raise YamlError(line, column, f"YAML syntax error: {exc.problem or exc.context}",
                        "check indentation, and quote values that contain ': ' or start with a special character") from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlError(1 + line_offset, 1, "YAML document is nested too deeply") from None
    finally:
        loader.dispose()


def _reject_aliases(text: str, line_offset: int) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            raise YamlError(mark.line + 1 + line_offset, mark.column + 1,
                            f"YAML anchors and aliases are not allowed here ('{anchor}')",
                            "write the value out in full")


class _Converter:
    def __init__(self, loader, positions: Positions, line_offset: int, unknown_tags_as_none: bool):
        self.loader = loader
        self.positions = positions
        self.line_offset = line_offset
        self.unknown_tags_as_none = unknown_tags_as_none
        self.budget = MAX_NODES

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def convert(self, node: yaml.Node, path: Path) -> object:
        self.budget -= 1
        if self.budget < 0:
            line, column = self._mark(node)
            raise YamlError(line, column, f"YAML document expands to more than {MAX_NODES} values",
                            "remove aliases that repeat large parts of the document")
        self.positions.marks.setdefault(path, self._mark(node))
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node, path + ("<key>",))
                if not _hashable(key):
                    line, column = self._mark(key_node)
                    raise YamlError(line, column, "a mapping key must be a plain value",
                                    "write keys as plain words, e.g. `title:`; '?' and [ ] keys are not fields")
                child = path + (key,)
                if key in result:
                    self.positions.duplicates.append((child, *self._mark(key_node)))
                self.positions.key_marks[child] = self._mark(key_node)
                self.positions.marks[child] = self._mark(value_node)
                result[key] = self.convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (index,)) for index, item in enumerate(node.value)]
        if node.tag in self.loader.yaml_constructors and node.tag is not None:
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                # ValueError: e.g. an integer longer than Python's 4,300-digit conversion limit.
                line, column = self._mark(node)
                raise YamlError(line, column, f"YAML value error: {str(exc)[:200]}") from None
        if self.unknown_tags_as_none:
            return None
        line, column = self._mark(node)
        raise YamlError(line, column, f"unsupported YAML tag {node.tag}", "remove the tag")


def _hashable(key: object) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True
