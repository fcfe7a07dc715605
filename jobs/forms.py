from django import forms
from django.utils.translation import gettext_lazy as _

MAX_SEED_SCALE = 200


class SeedDemoForm(forms.Form):
    scale = forms.IntegerField(
        label=_("Scale"),
        min_value=1,
        max_value=MAX_SEED_SCALE,
        initial=1,
        help_text=_("1 is the demo size; 100 gives at least 50,000 people."),
    )
