"""Reading paths (issue 13, item 2): no page of the book has over LIMIT words of prose.

Prose is counted by tools/prose_words.py (its docstring says what counts: running text,
headings, admonitions and captions; not code cells, exercises, solutions, reader questions,
maths, directive options, glue roles or citations).
"""

from __future__ import annotations

import pytest

from book_toc import toc_files  # tools/, put on sys.path by conftest
from conftest import ROOT
from prose_words import LIMIT, page_source, prose_words

PAGES = toc_files()


@pytest.mark.parametrize("name", PAGES)
def test_no_page_is_too_long_to_read(name):
    words = prose_words(page_source(name, ROOT).read_text(encoding="utf-8"))
    assert words <= LIMIT, f"{name}: {words} words of prose (at most {LIMIT}); split the page"


# ------------------------------------------------------------------- the counter itself

def test_prose_counts_and_code_exercises_questions_maths_do_not():
    page = """---
kernelspec:
  name: python3
---
(label)=
# A title here

Five words of plain prose {cite:p}`key` with {glue:text}`x:.1f` glue.

```{code-cell} python
print("many words that are code and never prose")
```

$$
a + b = c \\quad \\text{words in maths}
$$

```{admonition} Two words
:class: tip
Three more words.
```

```{exercise} Not counted
:label: ex-a
Exercise words are not prose.
```

```{solution-start} ex-a
:class: dropdown
```
Solution words, between start and end, are not prose.
```{solution-end}
```

````{question}
Question words are not prose.

- [x] yes
- [ ] no
````

See [the link text](https://example.org/not/counted) and {ref}`shown words <label>`.
"""
    # "A title here" 3; "Five words of plain prose with glue" 7; "Two words" 2;
    # "Three more words" 3; "See the link text and shown words" 7
    assert prose_words(page) == 3 + 7 + 2 + 3 + 7


def test_a_figure_caption_is_prose_and_its_file_is_not():
    page = """```{figure} ../figures/some-file-name.png
:alt: the alt text
:name: fig-x

The caption is prose.
```
"""
    assert prose_words(page) == 4
