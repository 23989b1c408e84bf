"""`corridor serve`: the production server (gunicorn), static files served by whitenoise."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


class Command(BaseCommand):
    help = "Serve the node with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CORRIDOR_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CORRIDOR_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("CORRIDOR_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=60)
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, bind, workers, threads, timeout, no_collectstatic, **options):
        if os.environ.get("CORRIDOR_SECRET_KEY_EPHEMERAL"):
            raise CommandError("No secret key: run `corridor init` first (or set CORRIDOR_SECRET_KEY).")
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        application = get_wsgi_application()

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                self.cfg.set("timeout", timeout)
                self.cfg.set("graceful_timeout", 20)
                self.cfg.set("accesslog", "-" if settings.DEBUG else None)
                self.cfg.set("forwarded_allow_ips", ",".join(settings.CORRIDOR_TRUSTED_PROXIES))

            def load(self):
                return application

        self.stdout.write(f"Serving {settings.CORRIDOR_NODE_URL} on http://{bind}/")
        Server().run()
