"""The site's URLs. Team pages live under /<team>/ and serve staff and public alike."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from secretariat.api.main import api
from secretariat.archive import views as archive_views
from secretariat.core import auditlog, oidc
from secretariat.core import views as core_views
from secretariat.core.signin import ThrottledAuthenticationForm
from secretariat.meetings import views as meeting_views
from secretariat.polls import views as poll_views
from secretariat.workplan import views as workplan_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/", core_views.AuditedPasswordChangeView.as_view(), name="password_change"
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/reset/", core_views.AuditedPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", core_views.account, name="account"),
    path(
        "account/sign-out-everywhere/",
        core_views.account_sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("account/oidc/login/", oidc.oidc_login, name="oidc_login"),
    path("account/oidc/callback/", oidc.oidc_callback, name="oidc_callback"),
    path("api/v1/", api.urls),
    path("account/tokens/", include("secretariat.api.urls")),
    path("search/", archive_views.search_page, name="search"),
    path("polls/answer/<str:token>/", poll_views.answer, name="poll_answer"),
    # notify: /account/reminders/, /notify/unsubscribe/…, /inbound/mail/, /<team>/meetings/<n>/invite/
    path("", include("secretariat.notify.urls")),
    path("<slug:team>/", archive_views.team_home, name="team_home"),
    path("<slug:team>/feed.atom", archive_views.team_feed, name="team_feed"),
    path("<slug:team>/calendar.ics", archive_views.calendar_feed, name="team_calendar"),
    path("<slug:team>/audit/", auditlog.audit_log, name="audit_log"),
    path("<slug:team>/actions/", include("secretariat.tracker.urls")),
    path("<slug:team>/meetings/", include("secretariat.meetings.urls")),
    path("<slug:team>/requests/", include("secretariat.requests.urls")),
    path("<slug:team>/questions/", include("secretariat.requests.question_urls")),
    path("<slug:team>/texts/", include("secretariat.texts.urls")),
    path("<slug:team>/input/", include("secretariat.feedback.urls")),
    path("<slug:team>/events/", include("secretariat.events.urls")),
    path("<slug:team>/polls/", include("secretariat.polls.urls")),
    path("<slug:team>/import/", include("secretariat.imports.urls")),
    path("<slug:team>/workplan/", include("secretariat.workplan.urls")),
    path("<slug:team>/progress/", workplan_views.progress_page, name="progress"),
    path("<slug:team>/decisions/", meeting_views.decision_list, name="decisions"),
    path("<slug:team>/decisions/new/", meeting_views.decision_create, name="decision_create"),
]
