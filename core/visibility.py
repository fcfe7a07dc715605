"""Where the visibility rule of a model is found: the one lookup every form, filter and judgement of "may this user
see that record?" goes through.

A rule is a selector `rule(user) -> QuerySet` of the records `user` may see (e.g. relations.selectors
.engagements_visible_to). A model's rule is the `visible_to` of its Wagtail snippet viewset, the selector its
listing, inspect page and chooser already read through; a model without a viewset of its own (an instrument of a
tie, a person's e-mail address) names its selector in the `register_visibility_rules` hook:

    @hooks.register("register_visibility_rules")
    def register_visibility_rules():
        return {TieInstrument: selectors.instruments_visible_to}

A model with no rule at all (users, tags) has no records hidden from anyone who may open the workspace.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from wagtail import hooks

VISIBILITY_RULES_HOOK = "register_visibility_rules"

Rule = Callable[[object], QuerySet]


def rule_for(model: type[Model]) -> Rule | None:
    """The selector deciding which `model` records a user may see, or None when the model has no rule."""
    model = model._meta.concrete_model
    for register in hooks.get_hooks(VISIBILITY_RULES_HOOK):
        rule = register().get(model)
        if rule is not None:
            return rule
    return getattr(getattr(model, "snippet_viewset", None), "visible_to", None)


def visible_to(model: type[Model], user) -> QuerySet:
    """The `model` records `user` may see. Asking for a model without a rule is a mistake, not "everything"."""
    rule = rule_for(model)
    if rule is None:
        raise LookupError(f"{model._meta.label} has no visibility rule")
    return rule(user)


def restrict_to_visible(queryset: QuerySet, user) -> QuerySet:
    """`queryset` (its order, its joins and its filters kept) narrowed to the records its model's rule lets `user`
    see. Unchanged when the model has no rule, or when the rule hides nothing from this user (no condition at all),
    so a user who may see everything pays nothing for it."""
    rule = rule_for(queryset.model)
    if rule is None:
        return queryset
    visible = rule(user)
    if not visible.query.has_filters():
        return queryset
    return queryset.filter(pk__in=visible.values("pk"))
