import gc
import importlib
import sys

from core import runtime


def test_settle_freezes_what_is_loaded_so_full_collections_skip_it():
    try:
        runtime.settle()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_server_entry_points_settle_after_loading_the_application(monkeypatch):
    calls = []
    monkeypatch.setattr(runtime, "settle", lambda: calls.append(True))

    for name in ("config.wsgi", "config.asgi"):
        importlib.reload(sys.modules[name]) if name in sys.modules else importlib.import_module(name)

    assert calls == [True, True]
