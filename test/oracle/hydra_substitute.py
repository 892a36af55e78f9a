# A stand-in for `hydra` on machines where it is not installed (Debian packages omegaconf, not hydra):
# `hydra.main(config_path, config_name)` composes `<config_path>/<config_name>.yaml` with the config groups
# of its defaults list (`- model: lstm` loads `<config_path>/model/lstm.yaml` under `model`), merged in
# the list's order with `_self_` where it stands (last when absent), as hydra's documentation describes,
# and calls the function with the result. Only this subset: no overrides, no command line, no packages.
from __future__ import annotations

import functools
import inspect
import os
from typing import Any, Callable, Optional

from omegaconf import DictConfig, OmegaConf


def _compose(config_dir: str, config_name: str) -> DictConfig:
    def load(rel: str) -> DictConfig:
        for ext in ("", ".yaml", ".yml"):
            p = os.path.join(config_dir, rel + ext)
            if os.path.isfile(p):
                cfg = OmegaConf.load(p)
                assert isinstance(cfg, DictConfig)
                return cfg
        raise FileNotFoundError(os.path.join(config_dir, rel))

    primary = load(config_name)
    defaults = primary.pop("defaults", []) if "defaults" in primary else []
    parts: list[DictConfig] = []
    saw_self = False
    for d in defaults:
        if d == "_self_":
            parts.append(primary)
            saw_self = True
        elif isinstance(d, str):
            parts.append(load(d))
        else:
            for group, option in d.items():
                parts.append(OmegaConf.create({group: load(f"{group}/{option}")}))
    if not saw_self:
        parts.append(primary)
    merged = OmegaConf.merge(*parts) if parts else OmegaConf.create({})
    assert isinstance(merged, DictConfig)
    return merged


def main(config_path: Optional[str] = None, config_name: Optional[str] = None, version_base: Optional[str] = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return fn(*args, **kwargs)
            here = os.path.dirname(os.path.abspath(inspect.getfile(fn)))
            config_dir = os.path.join(here, config_path or "")
            return fn(_compose(config_dir, config_name or "config"))

        return run

    return decorate
