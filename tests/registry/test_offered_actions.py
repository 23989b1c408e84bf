"""Registry pages offer only what the lifecycle tables allow in the record's status, to a user who may take it."""

from django.urls import reverse

from corridor.registry import services


def test_a_submitted_job_order_offers_approve_and_reject_to_the_officer(signed_in, officer, make_job_order):
    order = make_job_order()
    response = signed_in(officer).get(reverse("registry:job-order-detail", args=[order.pk]))
    assert response.context["actions"] == ["approve", "reject"]


def test_an_approved_job_order_offers_delisting_and_a_withdrawn_one_nothing(signed_in, officer, agency_user,
                                                                            make_job_order):
    order = services.job_order_approve(acting_user=officer, job_order=make_job_order())
    assert signed_in(officer).get(reverse("registry:job-order-detail", args=[order.pk])).context["actions"] == ["delist"]
    response = signed_in(agency_user).get(reverse("registry:job-order-detail", args=[order.pk]))
    assert response.context["actions"] == ["withdraw"]
    services.job_order_withdraw(acting_user=agency_user, job_order=order, reason="Filled elsewhere")
    response = signed_in(agency_user).get(reverse("registry:job-order-detail", args=[order.pk]))
    assert response.context["actions"] == [] and b"/withdraw/" not in response.content


def test_the_licence_actions_follow_its_status(signed_in, officer, agency, agency_user):
    response = signed_in(officer).get(reverse("registry:agency-detail", args=[agency.pk]))
    assert response.context["licence_actions"] == ["renew", "suspend", "cancel", "ban", "notify"]
    assert b"/grant/" not in response.content
    assert signed_in(agency_user).get(reverse("registry:agency-detail", args=[agency.pk])).context["licence_actions"] == []


def test_a_verified_employer_offers_only_rejection(signed_in, inspector, employer):
    response = signed_in(inspector).get(reverse("registry:employer-detail", args=[employer.pk]))
    assert response.context["actions"] == ["reject"]
