"""Compiled regexes of cached rule packs, compiled again only when a rule first uses them.

A compiled `re.Pattern` pickles as its source and flags and is compiled again when unpickled:
loading the built-in packs from the on-disk cache spent most of its time compiling some 140
regexes (one of the full-width punctuation rule alone takes 40 ms), although a short text
never runs most of them (the literal prefilter skips rules whose strings it lacks). The rules
cache therefore stores each pattern as a `LazyPattern`, which compiles on first attribute
access and then answers as the compiled pattern does.
"""

from __future__ import annotations

import io
import pickle
import re
from typing import Any


class LazyPattern:
    """A regex compiled on first use; stands in for the `re.Pattern` it was pickled from.

    Each attribute asked for (`finditer`, `search`, `groupindex`...) is looked up on the
    compiled pattern once and kept on this object, so later uses cost a plain attribute read.
    `pattern` and `flags` are known without compiling: the Hyperscan prefilter's cache key
    reads them for every pattern of every rule.
    """

    def __init__(self, source: str, flags: int) -> None:
        self.__dict__["_source"] = self.__dict__["pattern"] = source
        self.__dict__["_flags"] = self.__dict__["flags"] = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # pickling and copying probe dunders before __init__ ran
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self.__dict__["_source"], self.__dict__["_flags"])
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return LazyPattern, (self.__dict__["_source"], self.__dict__["_flags"])

    def __repr__(self) -> str:
        return f"LazyPattern({self.__dict__['_source']!r}, {self.__dict__['_flags']})"


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is re.Pattern:
            return LazyPattern, (obj.pattern, obj.flags)
        return NotImplemented


def dumps(value: Any) -> bytes:
    """Pickle `value` with every compiled regex in it stored as a `LazyPattern`."""
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()
