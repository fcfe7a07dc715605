"""Security headers for every response the application renders, and the gate on the site-wide audit log."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from trust import audit

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
STAFF_PATH_PREFIXES = ("/admin/", "/django-admin/")
# A record's own pages, each showing at least its title (usage lists what refers to it; delete asks to confirm).
READING_VIEWS = {"inspect", "edit", "history", "usage", "delete"}
EXPORT_FORMATS = {"csv", "xlsx"}
AUDIT_LOG_VIEWS = {"wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"}


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PATH_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with settings.TRUST_STAFF_CONTENT_SECURITY_POLICY on the staff workspace's paths
    (CONTENT_SECURITY_POLICY elsewhere). A view's own django-csp decorator still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_staff_path(request.path):
            parts.config = default_config(settings.TRUST_STAFF_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        audit.reset_state()
        response = self.get_response(request)
        staff = is_staff_path(request.path)
        if staff and response.status_code == 200 and request.method == "GET":
            self._audit_reading(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if staff:
            # Pages of the workspace hold personal and confidential data: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        user = request.user
        if match.view_name in AUDIT_LOG_VIEWS and user.is_authenticated and not user.has_perm("trust.view_audit_log"):
            raise PermissionDenied
        # Wagtail viewsets build their views with as_view(model=...): that names the record being read.
        model = getattr(view_func, "view_initkwargs", {}).get("model")
        if model is not None:
            request.trust_viewed = (model, match.url_name, view_kwargs.get("pk"))
        return None

    def _audit_reading(self, request):
        viewed = getattr(request, "trust_viewed", None)
        if viewed is None or not request.user.is_authenticated:
            return
        model, url_name, pk = viewed
        if url_name in READING_VIEWS and pk is not None and "confidentiality" in {f.name for f in model._meta.fields}:
            obj = model._base_manager.filter(pk=unquote(str(pk))).first()
            if obj is not None and audit.is_confidential(obj):
                audit.record_confidential_view(request.user, obj)
        elif url_name == "list" and request.GET.get("export") in EXPORT_FORMATS:
            query = request.GET.urlencode()
            audit.record_export(request.user, model=model, export_format=request.GET["export"], query=query)
