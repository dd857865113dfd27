from steer.extract import extract_answer, extract_code, extract_code_blocks, last_line


def test_answer_takes_last_span_and_strips() -> None:
    assert extract_answer("first <<<1>>> then <<< 42 >>>") == "42"


def test_answer_tolerates_truncated_reply() -> None:
    assert extract_answer("so the result is <<<16593222") == "16593222"


def test_answer_tolerates_a_short_closer() -> None:
    # the embedded model's programs often print f"<<<{x}>>" (a brace eats one '>')
    assert extract_answer("<<<41773120>>\n") == "41773120"
    assert extract_answer("<<<[1, 2]>") == "[1, 2]"
    assert extract_answer("<<<>>") is None
    assert extract_answer("<<<a > b>>>") == "a > b"


def test_answer_missing_or_empty() -> None:
    assert extract_answer("no format here") is None
    assert extract_answer("<<<   >>>") is None
    assert extract_answer("") is None


def test_code_blocks_in_order_python_or_untagged_only() -> None:
    reply = "```python\na = 1\n```\ntext\n```sh\nls\n```\n```\nprint(a)\n```"
    assert extract_code_blocks(reply) == ["a = 1\n", "print(a)\n"]
    assert extract_code(reply) == "a = 1\n"  # a block tagged python wins over untagged ones


def test_imagined_output_after_the_program_is_not_run() -> None:
    reply = "```python\nprint(f'<<<{6*7}>>>')\n```\nIt will output:\n```\n<<<42>>>\n```"
    assert extract_code(reply) == "print(f'<<<{6*7}>>>')\n"
    assert extract_code("```\nprint(1)\n```\n```\n<<<1>>>\n```") == "print(1)\n"  # untagged: last that parses


def test_unclosed_final_fence_still_counts() -> None:
    assert extract_code("here:\n```python\nprint(2)\n") == "print(2)\n"


def test_last_line() -> None:
    assert last_line("a\nb\n\n") == "b"
    assert last_line("  \n") is None
