"""numjax standing in for `jax`: an import hook, `install_as_jax`, and `run_script`.

After `install_as_jax()`, `import jax` (and `jax.numpy`, `jax.lax`, `from jax import random`,
...) gives numjax's modules, so an unmodified JAX program runs on numjax. Each `jax.X` module
is an *alias*: a thin module object forwarding attribute reads to `numjax.X`. Aliases exist
so that a name numjax lacks fails at the user's line with "numjax does not implement
jax.X.name yet" instead of a bare AttributeError, and so that submodules reached as
attributes (`jax.numpy.linalg`) are aliases too. Values are numjax's own objects: identity,
`isinstance` and pytrees behave as with `import numjax`.

Must not be imported by numjax's core: it is a user-facing layer on top of the public API.
"""

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types


def _numjax_name(jax_name: str) -> str:
    return "numjax" + jax_name[len("jax") :]


def _jax_name(numjax_name: str) -> str:
    return "jax" + numjax_name[len("numjax") :]


def _called_from_import_from(frame) -> bool:
    """Whether `frame` is executing `from module import name` (CPython bytecode check).

    `from jax.lax import fori_loop` turns any AttributeError into a generic "cannot import
    name" ImportError; knowing we are inside that statement lets the alias raise its own
    ImportError with the clear message instead.
    """
    import dis

    try:
        return frame.f_code.co_code[frame.f_lasti] == dis.opmap["IMPORT_FROM"]
    except (AttributeError, IndexError, TypeError):
        return False


class _Alias(types.ModuleType):
    """The module `jax.X`, forwarding attribute reads to the numjax module `numjax.X`."""

    def __init__(self, jax_name, target):
        super().__init__(jax_name, getattr(target, "__doc__", None))
        object.__setattr__(self, "_numjax_target", target)
        self.__file__ = getattr(target, "__file__", None)
        self.__package__ = jax_name
        self.__path__ = []  # every alias may have submodules: the finder decides

    def __getattr__(self, name):
        target = self.__dict__["_numjax_target"]
        try:
            value = getattr(target, name)
        except AttributeError:
            if name == "__all__":  # `from jax.numpy import *` takes numjax's public names
                return [n for n in vars(target) if not n.startswith("_")]
            if name.startswith("__") and name.endswith("__"):
                raise
            value = _import_submodule(target, name)
            if value is None:
                message = f"numjax does not implement {self.__name__}.{name} yet"
                if _called_from_import_from(sys._getframe(1)):
                    raise ImportError(message, name=self.__name__) from None
                raise AttributeError(message) from None
        if isinstance(value, types.ModuleType) and value.__name__.startswith("numjax"):
            value = _alias_of(value)
        self.__dict__[name] = value  # later reads skip __getattr__
        return value

    def __dir__(self):
        return sorted(set(dir(self.__dict__["_numjax_target"])) | set(self.__dict__))

    def __repr__(self):
        return f"<module {self.__name__!r} (numjax's {self._numjax_target.__name__!r})>"


def _import_submodule(module, name):
    """`module.name` if it is a submodule not imported yet (`jax.example_libraries`), else None."""
    if not hasattr(module, "__path__"):
        return None
    try:
        return importlib.import_module(f"{module.__name__}.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"{module.__name__}.{name}":
            raise
        return None


def _alias_of(module) -> _Alias:
    """The alias of a numjax module, registered in sys.modules under its `jax` name."""
    jax_name = _jax_name(module.__name__)
    alias = sys.modules.get(jax_name)
    if not isinstance(alias, _Alias):
        alias = _Alias(jax_name, module)
        alias.__spec__ = importlib.machinery.ModuleSpec(jax_name, _LOADER, is_package=True)
        alias.__loader__ = _LOADER
        sys.modules[jax_name] = alias
    return alias


class _JaxFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `jax` and `jax.*` as aliases of `numjax` and `numjax.*`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "jax" and not fullname.startswith("jax."):
            return None
        numjax_name = _numjax_name(fullname)
        try:
            importlib.import_module(numjax_name)
        except ModuleNotFoundError as e:
            if e.name is None or not numjax_name.startswith(e.name):
                raise  # something numjax itself imports is missing: a real error
            raise ModuleNotFoundError(
                f"numjax does not implement {fullname} yet (this program runs with numjax "
                "standing in for jax)",
                name=fullname,
            ) from None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return _Alias(spec.name, sys.modules[_numjax_name(spec.name)])

    def exec_module(self, module):
        pass


_LOADER = _JaxFinder()


def install_as_jax() -> None:
    """Makes `import jax` import numjax from now on, in this Python process.

    For notebooks and scripts that `import jax` and cannot be edited: call this first, then
    run the JAX code unchanged. Names numjax does not implement fail where they are used,
    with "numjax does not implement jax.<name> yet". Calling it again does nothing.

    Raises:
      RuntimeError: if the real `jax` was already imported in this process (its arrays and
        functions would mix with numjax's).
    """
    existing = sys.modules.get("jax")
    if existing is not None and not isinstance(existing, _Alias):
        raise RuntimeError(
            "the real jax is already imported in this process; call numjax.install_as_jax() "
            "before the first `import jax` (e.g. first cell of the notebook, or restart it)"
        )
    if _LOADER not in sys.meta_path:
        sys.meta_path.insert(0, _LOADER)


def run_script(path: str, argv=()) -> None:
    """Runs the Python file `path` as `__main__` with numjax standing in for jax.

    `sys.argv` is `[path, *argv]` and the script's folder leads `sys.path`, as with
    `python path argv...`.
    """
    import runpy

    install_as_jax()
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    runpy.run_path(path, run_name="__main__")
