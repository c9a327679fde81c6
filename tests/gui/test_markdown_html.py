"""Markdown rendering for Qt rich text: structure, code blocks, and the untrusted-input rules."""

from __future__ import annotations

from app.ui.common.markdown_html import render_markdown


def test_heading_and_emphasis() -> None:
    html = render_markdown("# Title\n\nSome **bold** and ~~old~~ text").html
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<s>old</s>" in html


def test_lists() -> None:
    html = render_markdown("- one\n- two\n\n1. first\n2. second").html
    assert html.count("<li>") == 4
    assert "<ul>" in html and "<ol>" in html


def test_table_has_borders() -> None:
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |").html
    assert '<table class="grid" border="1"' in html
    assert "<th>a</th>" in html
    assert '<td style="text-align:right">2</td>' in html


def test_fenced_code_block_gets_header_and_copy_link() -> None:
    source = "Intro\n\n```python\ndef f(x):\n    return x < 1 and '&'\n```\n\nafter"
    rendered = render_markdown(source)
    assert rendered.code_blocks == ("def f(x):\n    return x < 1 and '&'",)
    assert '<a href="copy-code:0">Copy</a>' in rendered.html
    assert ">python</td>" in rendered.html
    # The code is escaped inside <pre>, so `<` cannot start a tag.
    assert "<pre>def f(x):\n    return x &lt; 1 and '&amp;'</pre>" in rendered.html


def test_indented_code_and_several_blocks_are_numbered() -> None:
    rendered = render_markdown("    plain = 1\n\ntext\n\n```sh\nls\n```")
    assert rendered.code_blocks == ("plain = 1", "ls")
    assert 'href="copy-code:0"' in rendered.html and 'href="copy-code:1"' in rendered.html
    assert ">code</td>" in rendered.html  # no language given: a neutral label


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render_markdown('Hi <script>alert("x")</script> <b onclick="x">b</b>').html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b " not in html


def test_unterminated_fence_renders_as_code_block() -> None:
    rendered = render_markdown("Here you go:\n\n```python\nimport os\nprint(os.getcwd(")
    assert rendered.code_blocks == ("import os\nprint(os.getcwd(",)
    assert "<pre>import os\nprint(os.getcwd(</pre>" in rendered.html
    assert "```" not in rendered.html


def test_only_web_and_mail_links_are_links() -> None:
    html = render_markdown(
        "[ok](https://example.org) [mail](mailto:a@b.c) [local](file:///etc/passwd) "
        "[rel](notes.html) <ftp://x.org/f>"
    ).html
    assert '<a href="https://example.org">ok</a>' in html
    assert '<a href="mailto:a@b.c">mail</a>' in html
    assert 'href="file:' not in html
    assert 'href="notes.html"' not in html and "rel" in html
    assert 'href="ftp:' not in html


def test_images_are_never_loaded() -> None:
    html = render_markdown("![chart](https://x.org/c.png) ![secret](/home/me/a.png)").html
    assert "<img" not in html
    assert '<a href="https://x.org/c.png">[chart]</a>' in html
    assert "[secret]" in html and "/home/me" not in html
