from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`mapping|get:key` — look up a key held in a variable."""
    if not mapping:
        return None
    return mapping.get(key)
