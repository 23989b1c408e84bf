"""Benchmark: signing and verifying clearance certificates, QR and PDF output. Prints figures; not a test.

Run: PYTHONPATH=src python benchmarks/clearance_certificates.py
"""

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))
os.environ.setdefault("CORRIDOR_SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")

import django  # noqa: E402

django.setup()

from corridor.clearance import certificate  # noqa: E402
from corridor.core import crypto, secrets  # noqa: E402


def rate(label: str, n: int, fn) -> None:
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {n / elapsed:>10,.0f}/s  ({elapsed * 1000 / n:.3f} ms each)")


def main() -> None:
    path = crypto.signing_key_path()
    if not path.exists():
        secrets.write_private(path, crypto.generate_signing_key_pem())
    public = crypto.node_private_key().public_key()
    keys = {crypto.key_id(public): public}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def claims(i):
        return certificate.claims(issuer="PH", key_id=crypto.key_id(public), reference=f"PH-CLR-2026-{i:07d}",
                                  worker_name="Maria Luisa Santos", passport_number="P1234567A", nationality="PH",
                                  destination="SA", employer="Al Noor Home Services Co.", contract_reference=f"PH-CTR-2026-{i:07d}",
                                  content_hash="a" * 64, departure_by=dt.date(2026, 12, 31), issued_at=now,
                                  expires_at=now + dt.timedelta(days=30))

    tokens = [certificate.sign(claims(i)) for i in range(2000)]
    print(f"certificate length: {len(tokens[0])} characters")
    rate("sign a certificate", 5000, lambda i: certificate.sign(claims(i)))
    rate("verify a certificate (offline)", 5000, lambda i: certificate.verify(tokens[i % len(tokens)], keys))
    halted = [(f"PH-CLR-2026-{i:07d}", now) for i in range(0, 100_000, 10)]
    from corridor.core import signing

    listing = signing.jws_sign(certificate.revocations_payload(issuer="PH", issued_at=now, halted=halted),
                               typ=certificate.REVOCATIONS_TYP)
    print(f"revocation list of {len(halted):,} halts: {len(listing) / 1024:.0f} KiB")
    start = time.perf_counter()
    revocations = certificate.revocations_verify(listing, keys)
    print(f"verify and load that list: {(time.perf_counter() - start) * 1000:.1f} ms")
    rate("verify against that list", 5000, lambda i: certificate.verify(tokens[i % len(tokens)], keys, revocations=revocations))
    rate("QR code as SVG", 200, lambda i: certificate.qr_svg(tokens[i]))


if __name__ == "__main__":
    main()
