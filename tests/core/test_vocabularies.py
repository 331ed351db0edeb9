from workbench.core.vocabularies import DEFAULT, Vocabularies, normalise


def test_own_kinds_extend_the_built_in_lists_once():
    words = Vocabularies.from_settings(
        {
            "relationship_kinds": ["Advises", "works with"],
            "stakeholder_kinds": {"funder": "service"},
        }
    )
    assert words.relationship_kinds[: len(DEFAULT.relationship_kinds)] == DEFAULT.relationship_kinds
    assert words.relationship_kinds.count("works with") == 1
    assert words.relationship_kinds[-1] == "advises"
    assert "funder" in words.stakeholder_kinds and words.is_service("funder")


def test_kinds_compare_without_case_or_extra_spaces():
    assert normalise("  Industry   Organization ") == "industry organization"
    assert not DEFAULT.is_service("Industry  organization")
    assert DEFAULT.is_service("customer")
