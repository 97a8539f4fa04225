// Reader questions (_ext/questions.py): check a choice or a number in the browser, no kernel.
// The page is written with every question's fieldset disabled; this script enables it, so a
// reader without JavaScript sees disabled controls and can still open "Show the answer".
(function () {
  "use strict";

  function parseNumber(text) {
    var cleaned = String(text).trim().replace(/\u2212/g, "-").replace(/\s/g, "");
    // A decimal comma is accepted when there is no decimal point.
    if (cleaned.indexOf(".") < 0) cleaned = cleaned.replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return NaN;
    return parseFloat(cleaned);
  }

  function say(question, text, state) {
    var feedback = question.querySelector(".hs-question-feedback");
    feedback.textContent = text;
    question.classList.remove("hs-question-right", "hs-question-wrong");
    if (state) question.classList.add("hs-question-" + state);
  }

  function check(question) {
    var answer = question.querySelector("details.hs-question-answer");
    if (question.dataset.kind === "choice") {
      var picked = question.querySelector("input[type=radio]:checked");
      if (!picked) {
        say(question, "Pick one of the choices first.", null);
        return;
      }
      if (picked.value === question.dataset.correct) {
        say(question, "Right. The explanation is open below.", "right");
        answer.open = true;
      } else {
        var letter = picked.parentNode.querySelector(".hs-question-letter").textContent;
        say(question, "Not " + letter.replace(".", "") +
            ": look again at the page and try another choice, or open \u201cShow the answer\u201d.",
            "wrong");
      }
      return;
    }
    var input = question.querySelector("input[type=text]");
    var value = parseNumber(input.value);
    if (isNaN(value)) {
      say(question, "Type a number, for example 12.5.", null);
      return;
    }
    var target = parseFloat(question.dataset.answer);
    var tolerance = parseFloat(question.dataset.tolerance);
    if (Math.abs(value - target) <= tolerance + 1e-12) {
      say(question, "Right. The explanation is open below.", "right");
      answer.open = true;
    } else {
      say(question, (value > target ? "Too high" : "Too low") +
          ": try again, or open \u201cShow the answer\u201d.", "wrong");
    }
  }

  function setUp(question) {
    var form = question.querySelector("fieldset.hs-question-form");
    form.disabled = false;
    question.classList.add("hs-question-ready");
    question.querySelector("button.hs-question-check").addEventListener("click", function () {
      check(question);
    });
    var input = question.querySelector("input[type=text]");
    if (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          check(question);
        }
      });
    }
  }

  function start() {
    document.querySelectorAll("div.hs-question").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
