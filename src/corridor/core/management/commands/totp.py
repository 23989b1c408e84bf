"""`corridor totp USERNAME`: the current two-step code of a demo account. Refused outside demo mode."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (only when CORRIDOR_DEMO is on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.CORRIDOR_DEMO:
            raise CommandError("Refused: this command works only on a demo node (CORRIDOR_DEMO=1).")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"No authenticator for {username!r}.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
