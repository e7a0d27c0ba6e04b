"""Names vulture (dead-code finder) reports as unused, each with why it stays.

`make deadcode` and tests/test_dead_code.py run vulture over the product and the tests with this
file; a new unused name fails them. Remove it, or add it here with a reason. Only names that are
used where vulture cannot see it, or public extension points, belong here.
"""

# ruff: noqa: B018, F821
# ----------------------------------------------------------------------- set on library objects
# python-pptx and zipfile read these attributes when they write the file
_.slide_height, _.slide_width  # reports/deck.py: 16:9 deck size (python-pptx Presentation)
_.word_wrap, _.space_after, _.alignment, _.vertical_anchor  # reports/deck.py: python-pptx text frames
_.rgb  # reports/deck.py: python-pptx font colour
_.creator, _.external_attr, _.compress_type  # sample_data/generate.py: zip member metadata

# ----------------------------------------------------------------------- read by name, not attribute
format_families  # warehouse/filters.py: Filters field, read through FIELD_COLUMNS / asdict (URL key)
prescription_only, reimbursed, device_class  # warehouse/products.py: Product fields, read by name
closes  # domain/community.py: ModerationAction record field (vocabulary record, what the queue needs)
problem  # domain/compliance.py: disclosure-level record field (vocabulary record)
is_video  # domain/formats.py: format-family record field (vocabulary record)
in_roster  # domain/audience.py: profile-type field, read by name (PROFILE_TYPES.where(in_roster=True))

# ----------------------------------------------------------------------- public extension points
register_step  # warehouse/steps.py: adds or replaces a derived load step (e.g. a learned classifier)
lexicon_names, lexicon_terms, lookup  # reactions/medicines.py: the shipped medicine lexicon's API

# ----------------------------------------------------------------------- pytest calls these by name
pytest_collection_modifyitems, pytest_collection_finish, pytest_sessionfinish  # tests/conftest.py hooks
pytestmark  # module-level markers
_isolated_pseudonymisation_key, _hmac_key, extended  # fixtures (autouse, or requested by parameter name)
COMMENTS_HEADER, comment_row  # tests/hostile/make_corpus.py: helpers of the hostile-corpus generator
