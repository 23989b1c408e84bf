"""OpenAPI names each response shape by its class name: two apps' shapes with one name would silently merge."""

import importlib
import inspect
import pkgutil

from ninja import Schema

import corridor


def test_every_api_schema_class_has_a_unique_name():
    seen: dict[str, str] = {}
    duplicates = []
    for module_info in pkgutil.walk_packages(corridor.__path__, "corridor."):
        if not module_info.name.endswith((".api", ".schemas")):
            continue
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    duplicates.append(f"{name}: {seen[name]} and {module.__name__}")
                seen[name] = module.__name__
    assert not duplicates
