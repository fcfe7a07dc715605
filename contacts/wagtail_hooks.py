from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)


@hooks.register("register_log_actions")
def register_post_log_actions(actions):
    actions.register_action("kizuna.post.start", _("Start post"), _("Post started"))
    actions.register_action("kizuna.post.end", _("End post"), _("Post ended"))
