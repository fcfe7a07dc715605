from django import template

register = template.Library()


@register.filter
def report_cells(row, metrics):
    """(metric, current, previous, change %) per metric for one report row."""
    return row.cells(metrics)
