from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import selectors
from .models import PersonEmail, PersonPhone
from .viewsets import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)


@hooks.register("register_visibility_rules")
def register_visibility_rules():
    # Rows of a person's form: a private address or number is shown only to users who may see personal details.
    return {PersonEmail: selectors.person_emails_visible_to, PersonPhone: selectors.person_phones_visible_to}


@hooks.register("register_log_actions")
def register_post_log_actions(actions):
    actions.register_action("kizuna.post.start", _("Start post"), _("Post started"))
    actions.register_action("kizuna.post.end", _("End post"), _("Post ended"))
