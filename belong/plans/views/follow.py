"""The readers' pages: plans to follow, a plan's progress, comments, the PDF report.

A public plan's progress page and report work without an account; what they
show of a measure is only what the public may read (``belong.publishing.figures``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from belong.access.permissions import Permission
from belong.access.policies import has_permission, require_permission
from belong.core.exports import download_response
from belong.core.logging import anonymous_endpoint
from belong.plans import forms, pdf, queries
from belong.plans.actions import feedback


@require_safe
@require_permission(Permission.FOLLOW_PLANS)
def home(request: HttpRequest) -> HttpResponse:
    manages = has_permission(request.user, Permission.MANAGE_PLANS)
    return render(
        request,
        "plans/home.html",
        {
            "plans": queries.followed_plans(request.user),
            "managed": queries.managed_plans() if manages else None,
            "owned": queries.owned_actions(request.user),
        },
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/public_list.html", {"plans": queries.public_plans()})


@require_safe
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's progress for its audience; a school plan redirects the signed-out to sign in."""
    if not request.user.is_authenticated:
        plan = queries.public_plan_or_none(pk)
        if plan is None:
            return redirect_to_login(request.get_full_path())
    else:
        plan = queries.plan_for_reader(request.user, pk)
    return render(
        request,
        "plans/progress.html",
        {
            "plan": plan,
            "progress": queries.progress(request.user, plan),
            "may_comment": has_permission(request.user, Permission.FOLLOW_PLANS, plan),
        },
    )


@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        plan = queries.public_plan_or_none(pk)
        if plan is None:
            return redirect_to_login(request.get_full_path())
    else:
        plan = queries.plan_for_reader(request.user, pk)
    context = {"progress": queries.progress(request.user, plan), "today": timezone.localdate()}
    name = f"progress-report-{plan.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    return download_response(pdf.render_pdf(context), "application/pdf", name)


@anonymous_endpoint
@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(Permission.FOLLOW_PLANS)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = queries.plan_for_reader(request.user, pk)
    if not has_permission(request.user, Permission.FOLLOW_PLANS, plan):
        # A manager's draft: nobody comments on a plan not yet published.
        raise Http404("No such plan.")
    form = forms.CommentForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback.comment(
                by=request.user,
                plan=plan,
                text=data["text"],
                area=data["area"],
                anonymous=data["anonymous"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(
                request,
                "Thank you: your comment was received"
                + (
                    " anonymously; it will appear with others in a batch."
                    if data["anonymous"]
                    else "."
                ),
            )
            return redirect("plans:progress", pk=plan.pk)
    return render(
        request,
        "plans/comment.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )
