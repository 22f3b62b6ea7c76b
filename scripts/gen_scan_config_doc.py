"""Generate the [scan] reference from the config models and their attribute docstrings."""
import ast, inspect, sys, textwrap, typing
from pydantic import BaseModel
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src"))
from relaywarden.scan.settings import ScanConfig

def docstrings(cls):
    out = {}
    for klass in reversed(cls.__mro__):
        if not isinstance(klass, type) or not issubclass(klass, BaseModel) or klass is BaseModel:
            continue
        try:
            src = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        body = ast.parse(src).body[0].body
        for a, b in zip(body, body[1:]):
            if isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name) and isinstance(b, ast.Expr) \
               and isinstance(b.value, ast.Constant) and isinstance(b.value.value, str):
                out[a.target.id] = " ".join(b.value.value.split())
    return out

def tname(ann):
    s = str(ann).replace("typing.", "").replace("<class '", "").replace("'>", "")
    s = s.replace("relaywarden.scan.verdict.", "").replace("NoneType", "None").replace("pathlib.Path", "path")
    import re
    s = re.sub(r"Annotated\[(\w+), .*\]$", r"\1", s)
    return s

def fmt_default(v):
    if isinstance(v, BaseModel): return None
    if isinstance(v, str): return f'`"{v}"`'
    if isinstance(v, bool): return "`true`" if v else "`false`"
    if v is None: return "none"
    if isinstance(v, (list, tuple)):
        if len(v) > 6: return f"{len(v)} built-in entries"
        return "`[" + ", ".join(f'"{x}"' if isinstance(x, str) else str(x) for x in v) + "]`"
    if isinstance(v, dict):
        return "`{}`" if not v else f"{len(v)} built-in entries"
    return f"`{v}`"

def walk(model, prefix, level, listed=False):
    docs = docstrings(model)
    head = f"[[{prefix}]]" if listed else f"[{prefix}]"
    lines = [f"{'#' * level} `{head}`", ""]
    if model.__doc__ and model.__doc__ != BaseModel.__doc__:
        lines += [" ".join(model.__doc__.split()), ""]
    subs = []
    try:
        inst = model()
    except Exception:
        inst = None
    for name, field in model.model_fields.items():
        ann = field.annotation
        cands = [s for s in (ann, *getattr(ann, "__args__", ())) if isinstance(s, type) and issubclass(s, BaseModel)]
        if cands and typing.get_origin(ann) is not list:
            subs.append((name, cands[0]))
            continue
        d = fmt_default(getattr(inst, name)) if inst is not None else ("required" if field.is_required() else fmt_default(field.default))
        text = docs.get(name, "")
        if typing.get_origin(ann) is dict:
            lines += [f"`{name}` (the table `[{prefix}.{name}]`) — {tname(ann)}; default {d}. {text}".rstrip(), ""]
        else:
            lines += [f"`{name}` — {tname(ann)}; default {d}. {text}".rstrip(), ""]
        if cands:
            subs.append((name, cands[0]))
    for name, sub in subs:
        listed = typing.get_origin(model.model_fields[name].annotation) is list
        lines += walk(sub, f"{prefix}.{name}", min(level + 1, 4), listed)
    return lines

print("\n".join(walk(ScanConfig, "scan", 2)))
