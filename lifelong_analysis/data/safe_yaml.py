"""YAML for files users write (batch configs, ``columns.yaml``): size-limited, safe, alias-bounded.

PyYAML's ``safe_load`` builds no Python objects, but it still follows anchors
and aliases: a 587-byte "billion laughs" file expands to a structure with
billions of elements once anything iterates over it (measured: 85 s and a
MemoryError in the batch runner).  :func:`load_yaml_limited` therefore

* refuses a file larger than ``max_bytes`` before parsing it;
* counts alias references (``*name``) and refuses more than ``max_aliases``;
* counts the nodes of the document *as expanded* (an alias counts as the size
  of what it points to) and refuses more than ``max_nodes``.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
>>> _ = p.write_text("a: &x [1, 2]\\nb: *x\\n")
>>> load_yaml_limited(p)
{'a': [1, 2], 'b': [1, 2]}
>>> _ = p.write_text("a: &x [1, 2]\\n" + "".join(f"b{i}: *x\\n" for i in range(30)))
>>> load_yaml_limited(p, max_aliases=20)
Traceback (most recent call last):
...
lifelong_analysis.data.safe_yaml.YamlLimitError: c.yaml: more than 20 YAML aliases (*name); write the values out instead
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

#: Defaults: a config of a few hundred runs is a few KB and uses a handful of aliases.
MAX_BYTES = 1024 * 1024
MAX_ALIASES = 50
MAX_NODES = 100_000


class YamlLimitError(ValueError):
    """The YAML file is too large, not valid YAML, or expands beyond the limits."""


def _expanded_size(node, memo: dict, limit: int) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a cycle counts once
    if isinstance(node, yaml.SequenceNode):
        n = 1 + sum(_expanded_size(c, memo, limit) for c in node.value)
    elif isinstance(node, yaml.MappingNode):
        n = 1 + sum(_expanded_size(k, memo, limit) + _expanded_size(v, memo, limit) for k, v in node.value)
    else:
        n = 1
    memo[key] = n
    if n > limit:
        raise _TooBig()
    return n


class _TooBig(Exception):
    pass


def load_yaml_limited(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, max_aliases: int = MAX_ALIASES,
                      max_nodes: int = MAX_NODES):
    """Parse a YAML file with :class:`yaml.SafeLoader` within the limits of this module.

    Raises
    ------
    FileNotFoundError
        No such file.
    YamlLimitError
        Not a regular file, larger than ``max_bytes``, more alias references
        than ``max_aliases``, more than ``max_nodes`` nodes when expanded, or
        not valid YAML (with the line).
    """
    path = Path(path)
    name = path.name
    import stat

    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise YamlLimitError(f"{name}: not a regular file")
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlLimitError(f"{name}: larger than {max_bytes // 1024} KB; a config is a few KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlLimitError(f"{name}: line {line} is not UTF-8 text; save the file as UTF-8") from None

    class Loader(yaml.SafeLoader):
        aliases = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                Loader.aliases += 1
                if Loader.aliases > max_aliases:
                    raise YamlLimitError(f"{name}: more than {max_aliases} YAML aliases (*name); "
                                         "write the values out instead")
            return super().compose_node(parent, index)

    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            _expanded_size(node, {}, max_nodes)
        except _TooBig:
            raise YamlLimitError(f"{name}: expands to more than {max_nodes} values (YAML aliases "
                                 "repeating each other); write the values out instead") from None
        except RecursionError:
            raise YamlLimitError(f"{name}: nested too deeply") from None
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlLimitError(f"{name} is not valid YAML{where}: {what}") from None
    except RecursionError:
        raise YamlLimitError(f"{name}: nested too deeply") from None
    finally:
        loader.dispose()
