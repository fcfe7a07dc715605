"""Django's JSON serialisation format with date-times and times to the microsecond, for backups.

Django's own JSON encoder cuts them to the millisecond (ECMA-262's date format), so a backup would bring back
"09:30:00.123456" as "09:30:00.123". The output is ordinary Django JSON: loaddata reads it as the "json" format.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "kizuna_json"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
