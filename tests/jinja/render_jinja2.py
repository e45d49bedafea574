#!/usr/bin/env python3
"""Renders every template of the differential corpus with Python's Jinja2, configured as dbt-core
configures it (a sandboxed environment with the `do` and `loopcontrols` extensions), and prints
one JSON object: {name: {"output": text} or {"error": "Type: message"}}.

Usage: render_jinja2.py CORPUS_DIR

Each NAME.jinja may have a NAME.json beside it with
  "context":   the render's variables,
  "options":   trim_blocks, lstrip_blocks, keep_trailing_newline, the six delimiters,
               undefined ("default", "strict" or "lenient": dbt's parse-time undefined),
  "templates": other templates by name, for include and import.
Both renderers register the same host functions, stand-ins for what the dbt layer provides:
ref(*names) returns "ref:" + ".".join(names); config(...) returns ""; is_incremental() is true.
"""
import json
import os
import sys

import jinja2
import jinja2.sandbox


class LenientUndefined(jinja2.Undefined):
    """dbt's parse-time undefined: attribute access, subscripts and calls give undefined."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return LenientUndefined(name=name)

    def __getitem__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self


UNDEFINED = {
    "default": jinja2.Undefined,
    "strict": jinja2.StrictUndefined,
    "lenient": LenientUndefined,
}

SYNTAX_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "trim_blocks",
    "lstrip_blocks",
    "keep_trailing_newline",
)


def ref(*names):
    return "ref:" + ".".join(str(n) for n in names)


def render(source, spec):
    options = spec.get("options", {})
    kwargs = {k: v for k, v in options.items() if k in SYNTAX_OPTIONS}
    env = jinja2.sandbox.SandboxedEnvironment(
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        undefined=UNDEFINED[options.get("undefined", "default")],
        loader=jinja2.DictLoader(spec.get("templates", {})),
        **kwargs,
    )
    env.globals["ref"] = ref
    env.globals["config"] = lambda *args, **kwargs: ""
    env.globals["is_incremental"] = lambda: True
    return env.from_string(source).render(spec.get("context", {}))


def main():
    corpus = sys.argv[1]
    results = {}
    for file_name in sorted(os.listdir(corpus)):
        if not file_name.endswith(".jinja"):
            continue
        name = file_name[: -len(".jinja")]
        with open(os.path.join(corpus, file_name), encoding="utf-8", newline="") as f:
            source = f.read()
        spec_path = os.path.join(corpus, name + ".json")
        spec = {}
        if os.path.exists(spec_path):
            with open(spec_path, encoding="utf-8") as f:
                spec = json.load(f)
        try:
            results[name] = {"output": render(source, spec)}
        except Exception as e:  # every failure is a result to compare
            results[name] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
