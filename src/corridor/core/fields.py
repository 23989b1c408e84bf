"""A text field stored encrypted at rest, decrypted on load."""

from django.db import models

from corridor.core import crypto


class EncryptedTextField(models.TextField):
    """Stores a Fernet token; holds the clear text in Python. Not searchable: pair it with a blind index."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: only null checks mean anything.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)
