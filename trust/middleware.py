"""Security headers for every response the application renders, and the gate on the site-wide audit log."""

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from trust import audit

# Wagtail 8's admin still renders a few inline <script> blocks (inline panels, date pickers) and inline styles,
# so the workspace needs 'unsafe-inline' for scripts; everything else is locked to this origin.
ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    # The live preview panel frames the page preview from this origin.
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# The public site needs no inline script. Embeds (YouTube, Vimeo) are framed from their players' origins.
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
STAFF_PATH_PREFIXES = ("/admin/", "/django-admin/")
# A record's own pages, each showing at least its title (usage lists what refers to it; delete asks to confirm).
READING_VIEWS = {"inspect", "edit", "history", "usage", "delete"}
EXPORT_FORMATS = {"csv", "xlsx"}
AUDIT_LOG_VIEWS = {"wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"}


def build_policy(policy: dict, extra_sources: list) -> str:
    directives = []
    for directive, sources in policy.items():
        if extra_sources and directive in ("default-src", "img-src", "media-src", "connect-src"):
            sources = [*sources, *extra_sources]
        directives.append(" ".join([directive, *sources]))
    return "; ".join(directives)


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PATH_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Media on another origin (S3-compatible storage) is added to the fetch directives.
        extra = list(getattr(settings, "TRUST_CSP_EXTRA_SOURCES", []))
        self.admin_policy = build_policy(getattr(settings, "TRUST_CSP_ADMIN", ADMIN_POLICY), extra)
        self.public_policy = build_policy(getattr(settings, "TRUST_CSP_PUBLIC", PUBLIC_POLICY), extra)

    def __call__(self, request):
        audit.reset_state()
        response = self.get_response(request)
        staff = is_staff_path(request.path)
        if staff and response.status_code == 200 and request.method == "GET":
            self._audit_reading(request)
        # A view that set its own (stricter) policy, such as Wagtail's document serving, keeps it.
        response.headers.setdefault("Content-Security-Policy", self.admin_policy if staff else self.public_policy)
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
