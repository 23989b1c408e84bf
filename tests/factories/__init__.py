"""Test data, one module per app: factory_boy factories that create every record through the app's services.

`tests/factories/<app>.py` mirrors `src/corridor/<app>/`. A factory's `_create` calls the service that the
application itself uses (models are written only in services), so a record made here has its audit entry,
its lifecycle event and its checks, exactly as in production. New tests use these factories; the older
fixtures (`make_org`, `make_user`, `world`, the per-app conftest fixtures) are thin wrappers around them.
"""
