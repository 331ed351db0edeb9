import pytest

from workbench.core.errors import EngagementError, StoreError
from workbench.core.tomlfile import MAX_TOML_BYTES, parse_toml, read_toml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("client = Acme\n", r"line 1.*'client = Acme'.*Fix: put text values in double quotes"),
        ('client = "Acme\n', r"Fix: close the quote"),
        ("[a]\nx = 1\n[a]\ny = 2\n", r"twice.*Fix: each key and each \[section\] may appear only"),
    ],
)
def test_syntax_errors_quote_the_line_and_fit_the_fix(text, expected):
    with pytest.raises(EngagementError, match=expected) as info:
        parse_toml(text.encode(), "settings.toml")
    assert str(info.value).startswith("settings.toml: not valid TOML")


def test_a_binary_file_is_not_read_as_text(tmp_path):
    path = tmp_path / "model.toml"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02")
    with pytest.raises(StoreError, match=r"models/x.toml: is not a text file.*Fix: save it"):
        read_toml(path, StoreError, label="models/x.toml")


def test_latin1_text_names_the_byte(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes('client = "Café"\n'.encode("cp1252"))
    with pytest.raises(EngagementError, match=r"not UTF-8 text \(byte 14.*Fix: save it again"):
        read_toml(path)


def test_size_limit_and_missing_file(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_TOML_BYTES)
    with pytest.raises(EngagementError, match=r"too large for a settings file"):
        read_toml(big)
    with pytest.raises(EngagementError, match=r"cannot be read.*Fix: check that the file exists"):
        read_toml(tmp_path / "missing.toml")
