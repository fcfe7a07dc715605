"""Wagtail's bulk actions look records up by the ids in the URL, not through our visibility selectors: a record the
user may not see must not be listed, counted or deleted by a hand-made `?id=` either."""

from django.http import Http404
from django.utils.functional import classproperty
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models


def visible_to_of(model):
    viewset = getattr(model, "snippet_viewset", None)
    return getattr(viewset, "visible_to", None)


class VisibleDeleteBulkAction(DeleteBulkAction):
    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if visible_to_of(model) is not None]

    def get_all_objects_in_listing_query(self, parent_id):
        return visible_to_of(self.model)(self.request.user).values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        candidates = [*objects, *extra["items_with_no_access"]]
        visible = set(
            visible_to_of(self.model)(self.request.user)
            .filter(pk__in=[obj.pk for obj in candidates])
            .values_list("pk", flat=True)
        )
        objects = [obj for obj in objects if obj.pk in visible]
        extra["items_with_no_access"] = [obj for obj in extra["items_with_no_access"] if obj.pk in visible]
        if not objects and not extra["items_with_no_access"]:
            raise Http404
        return objects, extra
