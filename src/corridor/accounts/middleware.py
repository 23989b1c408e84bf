"""Staff must pass the second factor before anything else."""

from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/accounts/sign-in/", "/accounts/sign-out/", "/accounts/two-factor/", "/static/", "/i18n/", "/healthz", "/.well-known/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_two_factor
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            return redirect("accounts:two-factor-setup")
        return self.get_response(request)
