"""Application's state and level labels (shown on every row of the lists and dockets) are looked up directly; they
say exactly what Django's generic ``get_FOO_display`` says, in both languages, for every value."""

import pytest
from django.utils import translation

from titles.catalogue import LEVEL_NAMES
from titles.models import Application
from titles.models.applications import ApplicationState


def _generic(app: Application, name: str) -> str:
    return app._get_FIELD_display(Application._meta.get_field(name))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_application_state_and_level_labels_are_djangos(language):
    with translation.override(language):
        for state in [*ApplicationState.values, "no_such_state"]:
            app = Application(state=state, level="intermediate")
            assert app.get_state_display() == _generic(app, "state")
        for level in [*LEVEL_NAMES, "no_such_level"]:
            app = Application(level=level)
            assert app.get_level_display() == _generic(app, "level")


def test_application_state_label_follows_the_active_language():
    with translation.override("zh-hans"):
        zh = Application(state="hr_review", level="intermediate")
        zh_state, zh_level = zh.get_state_display(), zh.get_level_display()
    with translation.override("en"):
        en_state, en_level = zh.get_state_display(), zh.get_level_display()
    assert (zh_state, zh_level) == ("人社部门审核中", LEVEL_NAMES["intermediate"][0])
    assert en_state.isascii() and en_state != zh_state and en_level == LEVEL_NAMES["intermediate"][1]
