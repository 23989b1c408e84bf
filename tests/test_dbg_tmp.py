import pytest
@pytest.mark.django_db
def test_x():
    from django.db import connection
    print("NAME", connection.settings_dict["NAME"], connection.settings_dict.get("TEST"))
    with connection.cursor() as c:
        c.execute("select count(*) from django_migrations"); print(c.fetchone())
        c.execute("pragma database_list"); print(c.fetchall())
