"""Reader questions: multiple choice or a number, checked on the static page with no kernel.

A chapter's "Check your reading" section holds questions a reader answers from the page's text
and figures alone. Each is a ``question`` directive::

    ```{question}
    The stem: one or more paragraphs (roles, maths and glue allowed).

    - [ ] a wrong choice
    - [x] the right choice (exactly one)
    - [ ] another wrong choice

    The explanation, shown with the answer.
    ```

or, for a number (the answer glued from the model, never typed; a tolerance, absolute or
relative with ``%``; an optional unit)::

    ```{question}
    :answer: {glue:text}`key:.1f`
    :tolerance: 0.5
    :unit: °

    The stem.

    ---

    The explanation.
    ```

The HTML is a ``<fieldset>`` of real radio buttons (or a text box) with labels, a Check
button and a feedback line in a live region (``role="status"``), followed by a ``<details>``
"Show the answer" fold that holds the answer and the explanation. The fieldset is written
``disabled``: ``questions.js``, served from ``_ext/static/`` (copied to the site's ``_static/``) on the pages that have
questions, enables it and checks answers in the browser. With no JavaScript the controls stay
visibly disabled (none looks live when it is not) and the fold still gives the answer.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

import page_assets  # _ext/page_assets.py (this folder is on the path of local extensions)

MARKER = 'class="hs-question-form"'
CHOICE = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<text>.*)$")
LETTERS = "ABCDEFGH"


class question(nodes.General, nodes.Element):
    """The whole question: ``<div class="hs-question">``."""


class question_form(nodes.General, nodes.Element):
    """The fieldset: legend, stem, choices or number box, Check button, feedback."""


class question_stem(nodes.General, nodes.Element):
    pass


class question_choice(nodes.General, nodes.Element):
    """One labelled radio button; its children are inline nodes."""


class question_number(nodes.General, nodes.Element):
    """The labelled text box for a numeric answer."""


class question_answer(nodes.General, nodes.Element):
    """The ``<details>`` fold with the answer and the explanation."""


def parse_number(text: str) -> float:
    """A number as a glue role prints it: minus signs, thousands separators and a unit allowed."""
    cleaned = text.replace("\u2212", "-").replace("\u2009", "").replace(",", "")
    match = re.search(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", cleaned)
    if not match:
        raise ValueError(f"no number in {text!r}")
    return float(match.group())


def parse_tolerance(text: str, answer: float) -> float:
    text = text.strip()
    if text.endswith("%"):
        return abs(answer) * float(text[:-1]) / 100.0
    return abs(float(text))


class QuestionDirective(SphinxDirective):
    has_content = True
    required_arguments = 0
    optional_arguments = 0
    option_spec = {
        "answer": directives.unchanged,
        "tolerance": directives.unchanged,
        "unit": directives.unchanged,
        "class": directives.class_option,
    }

    def _inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [*parsed, *messages]

    def _block(self, lines: list[str], offset: int, into: nodes.Element) -> None:
        while lines and not lines[0].strip():
            lines, offset = lines[1:], offset + 1
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        if lines:
            self.state.nested_parse(StringList(lines, self.content.source(0)),
                                    self.content_offset + offset, into)

    def run(self) -> list[nodes.Node]:
        number = self.env.new_serialno("hs-question") + 1
        ident = f"question-{number}"
        lines = list(self.content)
        node = question(ids=[ident], classes=self.options.get("class", []), number=number)
        form = question_form(ident=ident, number=number)
        stem = question_stem(ident=f"{ident}-stem")
        answer = question_answer()
        explanation = nodes.container(classes=["hs-question-explanation"])

        if "answer" in self.options:
            node["kind"] = "number"
            glued = self._inline(self.options["answer"])
            shown = "".join(n.astext() for n in glued)
            try:
                value = parse_number(shown)
            except ValueError as error:
                raise self.error(f"question {number}: the :answer: is not a number ({error})") from None
            if "{glue" not in self.options["answer"]:
                raise self.error(f"question {number}: a numeric :answer: must be glued from "
                                 "the model ({glue:text}`key:format`), not typed")
            tolerance = parse_tolerance(self.options.get("tolerance", "5%"), value)
            node["answer"], node["tolerance"] = value, tolerance
            unit = self.options.get("unit", "")
            node["unit"] = unit
            splits = [i for i, line in enumerate(lines) if line.strip() == "---"]
            cut = splits[0] if splits else len(lines)
            self._block(lines[:cut], 0, stem)
            self._block(lines[cut + 1:], cut + 1, explanation)
            form += stem
            form += question_number(ident=ident, unit=unit)
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text="Answer: ")
            paragraph += glued
            if unit:
                paragraph += nodes.Text(("" if unit in "°%" else "\u00a0") + unit)
            answer += paragraph
        else:
            node["kind"] = "choice"
            indices = [i for i, line in enumerate(lines) if CHOICE.match(line)]
            if len(indices) < 2:
                raise self.error(f"question {number}: give at least two choices as '- [ ] text' "
                                 "lines, the right one '- [x] text' (or an :answer: number)")
            first, last = indices[0], indices[-1]
            while last + 1 < len(lines) and lines[last + 1].startswith("  ") and lines[last + 1].strip():
                last += 1
            choices: list[tuple[bool, str]] = []
            for line in lines[first:last + 1]:
                match = CHOICE.match(line)
                if match:
                    choices.append((match["mark"] != " ", match["text"].strip()))
                elif line.strip():
                    correct, text = choices[-1]
                    choices[-1] = (correct, text + " " + line.strip())
                else:
                    raise self.error(f"question {number}: no blank line between choices")
            right = [i for i, (correct, _) in enumerate(choices) if correct]
            if len(right) != 1:
                raise self.error(f"question {number}: mark exactly one choice '- [x]' "
                                 f"({len(right)} marked)")
            if len(choices) > len(LETTERS):
                raise self.error(f"question {number}: at most {len(LETTERS)} choices")
            node["correct"] = right[0]
            self._block(lines[:first], 0, stem)
            self._block(lines[last + 1:], last + 1, explanation)
            form += stem
            for i, (_correct, text) in enumerate(choices):
                choice = question_choice(ident=ident, index=i, letter=LETTERS[i])
                choice += self._inline(text)
                form += choice
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=f"Answer: {LETTERS[right[0]]}. ")
            paragraph += self._inline(choices[right[0]][1])
            answer += paragraph
        if not len(stem):
            raise self.error(f"question {number}: the question has no text")
        if len(explanation):
            answer += explanation
        node += form
        node += answer
        return [node]


# ------------------------------------------------------------------------------ HTML writer

def visit_question(self, node):
    attributes = {"data-kind": node["kind"]}
    if node["kind"] == "choice":
        attributes["data-correct"] = str(node["correct"])
    else:
        attributes["data-answer"] = repr(node["answer"])
        attributes["data-tolerance"] = repr(node["tolerance"])
        attributes["data-unit"] = node["unit"]
    self.body.append(self.starttag(node, "div", "", CLASS="hs-question", **attributes))


def depart_question(self, node):
    self.body.append("</div>\n")


def visit_question_form(self, node):
    ident = node["ident"]
    self.body.append(
        f'<fieldset class="hs-question-form" disabled aria-describedby="{ident}-stem">'
        f'<legend class="hs-question-legend">Question {node["number"]}</legend>\n')


def depart_question_form(self, node):
    ident = node["ident"]
    self.body.append(
        '<div class="hs-question-actions">'
        f'<button type="button" class="hs-question-check" id="{ident}-check">Check</button>'
        f'<p class="hs-question-feedback" id="{ident}-feedback" role="status" '
        'aria-live="polite"></p></div>\n</fieldset>\n')


def visit_question_stem(self, node):
    self.body.append(f'<div class="hs-question-stem" id="{node["ident"]}-stem">\n')


def depart_question_stem(self, node):
    self.body.append("</div>\n")


def visit_question_choice(self, node):
    ident, index = node["ident"], node["index"]
    self.body.append(
        f'<label class="hs-question-choice" for="{ident}-{index}">'
        f'<input type="radio" name="{ident}" id="{ident}-{index}" value="{index}">'
        f'<span class="hs-question-letter" aria-hidden="true">{node["letter"]}.</span> '
        '<span class="hs-question-choice-text">')


def depart_question_choice(self, node):
    self.body.append("</span></label>\n")


def visit_question_number(self, node):
    ident, unit = node["ident"], html.escape(node["unit"])
    unit_html = f' <span class="hs-question-unit">{unit}</span>' if unit else ""
    self.body.append(
        f'<p class="hs-question-number"><label for="{ident}-input">Your answer</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" size="8" '
        f'id="{ident}-input" name="{ident}">{unit_html}</p>\n')
    raise nodes.SkipNode


def visit_question_answer(self, node):
    self.body.append('<details class="hs-question-answer"><summary>Show the answer</summary>\n')


def depart_question_answer(self, node):
    self.body.append("</details>\n")


def _passthrough(self, node):
    pass


def _skip(self, node):
    raise nodes.SkipNode


def _add_assets(app, pagename, templatename, context, doctree):
    page_assets.add_to_page(app, context, MARKER, ("questions.js",), ("questions.css",))


def setup(app):
    others = ("latex", "text", "man", "texinfo")
    for node_class, visit, depart in (
            (question, visit_question, depart_question),
            (question_form, visit_question_form, depart_question_form),
            (question_stem, visit_question_stem, depart_question_stem),
            (question_choice, visit_question_choice, depart_question_choice),
            (question_answer, visit_question_answer, depart_question_answer)):
        app.add_node(node_class, html=(visit, depart),
                     **{name: (_passthrough, _passthrough) for name in others})
    app.add_node(question_number, html=(visit_question_number, None),
                 **{name: (_skip, None) for name in others})
    app.add_directive("question", QuestionDirective)
    # Before theme_fixes (priority 500), which copies the page's script list.
    app.connect("builder-inited", page_assets.serve_static)
    app.connect("html-page-context", _add_assets, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
