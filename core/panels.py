"""Edit-form panels of our own.

`LeanRowPanel` lays out the fields of one repeated row (a delegation's members, its itinerary) with the same
markup as Wagtail's panels, written out in Python instead of through four nested templates per field. A
delegation's edit form holds ten to forty such rows plus an empty one per kind; Wagtail's templates cost about
2 ms a field there (a form of 130 fields: 250-330 ms), most of it the template engine resolving the same
variables for every field. Only what a row's fields need is written: label, required mark, errors, help text
and the widget; a snippet form has no comments, so no comment button. Anything else (a read-only field, a panel
that is not a field or a row of fields) is rendered by Wagtail as usual.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.templatetags.wagtailadmin_tags import fieldtype, widgettype


def render_field(bound_panel) -> str:
    """A FieldPanel as Wagtail's multi-field child + formatted field markup, without the comment button."""
    context = bound_panel.get_editable_context_data()
    field = context["field"]
    label_for = field.id_for_label or ""
    required = bound_panel.is_required()
    label = format_html(
        '<label class="w-field__label" for="{}" id="{}-label">{}{}</label>',
        label_for,
        label_for,
        bound_panel.heading,
        mark_safe('<span class="w-required-mark">*</span>') if required else "",
    )
    errors = field.errors
    error_html = ""
    if errors and not hasattr(field.field.widget, "render_with_errors"):
        error_html = format_html(
            '<svg class="icon icon-warning w-field__errors-icon" aria-hidden="true"><use href="#icon-warning"></use>'
            '</svg><p class="error-message">{}</p>',
            format_html_join("", "{} ", ((error,) for error in errors)),
        )
    help_text = context["help_text"]
    help_html = format_html('<div class="help">{}</div>', help_text) if help_text else ""
    return format_html(
        '<div class="{}"{}>{}'
        '<div class="w-field__wrapper" id="{}" data-field-wrapper>'
        '<div class="w-field w-field--{} w-field--{}{}" data-field data-contentpath="{}">'
        '<div class="w-field__errors" data-field-errors id="{}">{}</div>'
        '<div class="w-field__help" id="{}" data-field-help>{}</div>'
        '<div class="w-field__input" data-field-input>{}</div>'
        "</div></div></div>",
        " ".join(["w-panel__wrapper", *bound_panel.classes()]),
        format_html_join("", ' {}="{}"', bound_panel.attrs.items()),
        label,
        context["wrapper_id"],
        fieldtype(field),
        widgettype(field),
        " w-field--error" if errors else "",
        field.name,
        context["error_message_id"],
        error_html,
        context["help_text_id"],
        help_html,
        context["rendered_field"],
    )


def _render_child(child) -> str:
    if isinstance(child.panel, FieldPanel) and not child.read_only:
        return render_field(child)
    if isinstance(child.panel, FieldRowPanel) and all(
        isinstance(item.panel, FieldPanel) and not item.read_only for item in child.visible_children
    ):
        return format_html(
            '<div class="w-panel__wrapper"><div class="w-field-row">{}</div></div>',
            format_html_join("", "{}", ((render_field(item),) for item in child.visible_children)),
        )
    return child.render_html()


class LeanRowPanel(MultiFieldPanel):
    """A MultiFieldPanel for the rows of an InlinePanel, rendered without the template engine (see above)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def render_html(self, parent_context=None):
            return format_html_join("", "{}", ((_render_child(child),) for child in self.visible_children))
