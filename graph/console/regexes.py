"""Which regular expressions the console lets an engine run.

Neo4j matches `=~` with Java's backtracking matcher, and no transaction timeout interrupts a match
in progress: `'aaaa...a!' =~ '(a|aa)+$'` can hold a server core for hours. So a console regular
expression must be one string literal (graph.console.values checks that), with no repeated group
that itself repeats or alternates (`(a+)+`, `(a|aa)*`, `(.*a){20}`), no back-reference, and at
most two open-ended repeats (`*`, `+`; each more multiplies the work by the text's length).
LadybugDB's matcher runs in linear time; the same rule keeps the door identical on both engines.
"""

from __future__ import annotations

__all__ = ["REGEX_ADVICE", "regex_problem"]

REGEX_ADVICE = (
    "a regular expression in the console must be one string literal with at most two "
    "open-ended repeats (* or +) and no repeated group that itself repeats or alternates, "
    "such as (a+)+ or (a|aa)*, which can take exponential time"
)


def regex_problem(pattern: str) -> str | None:
    """Why a regular expression could take exponential (or high polynomial) time, or None."""
    open_ended, groups, i = 0, [[False]], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1 : i + 2].isdigit():
                return REGEX_ADVICE  # a back-reference
            i += 2
            continue
        if char == "[":
            end = pattern.find("]", i + 2)
            i = len(pattern) if end < 0 else end + 1
            continue
        if char == "(":
            groups.append([False])
        elif char == ")" and len(groups) > 1:
            inner = groups.pop()[0]
            repeated = pattern[i + 1 : i + 2] in ("*", "+", "{")
            if inner and repeated:
                return REGEX_ADVICE
            groups[-1][0] = groups[-1][0] or inner
        elif char in "*+{" or (char == "|" and len(groups) > 1):
            groups[-1][0] = True
            open_ended += char in "*+"
        i += 1
    return REGEX_ADVICE if open_ended > 2 else None
