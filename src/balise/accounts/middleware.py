from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _supported(code: str | None) -> str | None:
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else None


class LanguageMiddleware:
    """French unless the person chose otherwise.

    The choice is the language cookie set by the switch, then the signed-in person's
    saved preference. The browser's Accept-Language is deliberately not used: Balise
    speaks French first, whatever the browser was installed with.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = (
            _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or (_supported(user.language) if user.is_authenticated else None)
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
