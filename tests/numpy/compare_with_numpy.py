#!/usr/bin/python3
"""The differential test's NumPy half: reads the JSON lines numpy_diff writes (from a file or
stdin), replays each expression with NumPy and compares dtype, shape and values with dagarray's
lazy result. Exits non-zero on any mismatch, printing the first few failing cases in full.

    numpy_diff 20261202 400 | /usr/bin/python3 compare_with_numpy.py
    /usr/bin/python3 compare_with_numpy.py --run ./numpy_diff --seed 7 --count 1000

Values: int64 and bool exactly. Floats within a bound on the rounding error both sides may make:
alongside each NumPy value the replay carries an absolute error bound (first-order error
analysis: each operation adds a few ulps of its result and propagates its operands' bounds), so
a chain such as exp(x - y) or a sum of many terms gets the tolerance its own conditioning needs,
instead of one rtol that is too tight for sums (summation order differs: Dask-style blocks and
dagarray's 16 lanes against NumPy's pairwise sum) and too loose for a single add. A result of
an int or bool computed from floats carrying error (a comparison, astype, floor, argmin...) is
checked only when no input is within its error bound of the decision point; otherwise the case
is counted as indeterminate, never as agreeing. The sign of a zero is checked where the bound is
zero (exact results), and ignored where rounding error may legitimately flip it.
"""

import argparse
import json
import subprocess
import sys

import numpy as np

ZERO_SIGN_FREE = False  # set by the replay of a min or max reduction, for the case being checked
ULPS = 4  # rounding of one operation, either side: correctly rounded ops need 0.5 ulp, libm ~1-4


class Indeterminate(Exception):
    """A discrete result (bool, int) of inexact floats that sits on its decision point."""


def array_from(j):
    dtype = np.dtype(j["dtype"])
    values = [float(v) if isinstance(v, str) else v for v in j["values"]]
    if dtype.kind == "f":
        flat = np.array(values, dtype=np.float64).astype(dtype)
    else:
        flat = np.array(values, dtype=dtype)
    return flat.reshape(j["shape"])


def eps(dtype):
    dtype = np.dtype(dtype)
    return float(np.finfo(dtype).eps) if dtype.kind == "f" else 0.0


def clean(err, shape):
    """An error bound of the result's shape, NaN (from inf * 0 and the like) counted as none."""
    err = np.broadcast_to(np.nan_to_num(np.asarray(err, dtype=np.float64), nan=0.0, posinf=np.inf), shape)
    return np.array(err)


def rounding(r):
    """What one operation may add: a few ulps of its result (none for exact int and bool)."""
    r = np.asarray(r)
    return ULPS * eps(r.dtype) * np.abs(r.astype(np.float64))


def f64(x):
    return np.asarray(x).astype(np.float64)


def guard(inexact, near):
    """Raises Indeterminate when an inexact input may sit on the other side of a decision."""
    if np.any(np.asarray(inexact) & np.asarray(near)):
        raise Indeterminate()


# ---- the operations: each gives NumPy's value and an error bound ----------------------------

BINARY = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "true_divide": np.true_divide,
          "less": np.less, "less_equal": np.less_equal, "greater": np.greater,
          "greater_equal": np.greater_equal, "equal": np.equal, "not_equal": np.not_equal,
          "power": np.power, "minimum": np.minimum, "maximum": np.maximum, "fmin": np.fmin,
          "fmax": np.fmax, "arctan2": np.arctan2, "hypot": np.hypot, "mod": np.mod}

# |f'(x)| for the unary ufuncs, given x and f(x): how an input error grows.
SLOPE = {
    "exp": lambda x, r: np.exp(x), "expm1": lambda x, r: np.exp(x),
    "log": lambda x, r: 1 / np.abs(x), "log1p": lambda x, r: 1 / np.abs(1 + x),
    "log2": lambda x, r: 1 / (np.abs(x) * np.log(2)), "log10": lambda x, r: 1 / (np.abs(x) * np.log(10)),
    "sin": lambda x, r: 1.0, "cos": lambda x, r: 1.0, "tan": lambda x, r: 1 + r * r,
    "arcsin": lambda x, r: 1 / np.sqrt(np.abs(1 - x * x)), "arccos": lambda x, r: 1 / np.sqrt(np.abs(1 - x * x)),
    "arctan": lambda x, r: 1.0, "sinh": lambda x, r: np.cosh(x), "cosh": lambda x, r: np.abs(np.sinh(x)),
    "tanh": lambda x, r: 1.0}
# Discrete unary ufuncs: where their result jumps.
JUMP = {"floor": lambda x: np.abs(x - np.round(x)), "ceil": lambda x: np.abs(x - np.round(x)),
        "trunc": lambda x: np.abs(x - np.round(x)), "rint": lambda x: np.abs(np.abs(x - np.floor(x)) - 0.5),
        "sign": lambda x: np.abs(x)}
REDUCE = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "var": np.var, "std": np.std, "min": np.min,
          "max": np.max, "argmin": np.argmin, "argmax": np.argmax, "any": np.any, "all": np.all,
          "count_nonzero": np.count_nonzero, "nansum": np.nansum, "nanmean": np.nanmean,
          "nanmin": np.nanmin, "nanmax": np.nanmax}


def index_from(j):
    if isinstance(j, int):
        return j
    if j == "newaxis":
        return None
    if j == "ellipsis":
        return Ellipsis
    return slice(*j["slice"])


def binary(op, a, b, ea, eb):
    r = np.asarray(BINARY[op](a, b))
    fa, fb, fr = f64(a), f64(b), f64(r)
    if op in ("less", "less_equal", "greater", "greater_equal", "equal", "not_equal"):
        guard((ea + eb) > 0, np.abs(fa - fb) <= ea + eb)
        return r, 0.0
    if op in ("add", "subtract"):
        return r, ea + eb + rounding(r)
    if op == "multiply":
        return r, ea * np.abs(fb) + eb * np.abs(fa) + ea * eb + rounding(r)
    if op == "true_divide":
        room = np.abs(fb) - eb
        return r, np.where(room > 0, (ea + np.abs(fr) * eb) / np.where(room > 0, room, 1), np.inf) + rounding(r)
    if op in ("minimum", "maximum", "fmin", "fmax"):
        return r, np.maximum(ea, eb)
    if op == "hypot":
        return r, ea + eb + rounding(r)
    if op == "arctan2":
        return r, (np.abs(fb) * ea + np.abs(fa) * eb) / (fa * fa + fb * fb) + rounding(r)
    if op == "power":
        if r.dtype.kind != "f":
            return r, 0.0
        return r, np.abs(fr) * (np.abs(fb) * ea / np.abs(fa) + np.abs(np.log(np.abs(fa))) * eb) + rounding(r)
    if op == "mod":
        err = ea + eb * (np.abs(fa / fb) + 1) + rounding(r)
        guard(err > 0, (np.abs(fr) <= err) | (np.abs(np.abs(fr) - np.abs(fb)) <= err))
        return r, err
    raise KeyError(op)


def reduce(node, x, ex):
    op = node["op"]
    axis = node.get("axis", tuple(node["axes"]) if "axes" in node else None)
    keep = node.get("keepdims", False)
    kwargs = {"axis": axis}
    if keep:
        kwargs["keepdims"] = True
    if op in ("var", "std"):
        kwargs["ddof"] = node.get("ddof", 0)
    r = np.asarray(REDUCE[op](x, **kwargs))
    fx = f64(x)
    inexact = ex > 0
    n = fx.size // max(r.size, 1) if fx.size else 0
    total = lambda e: np.asarray(np.sum(e, axis=axis, keepdims=keep))
    if op in ("argmin", "argmax", "any", "all", "count_nonzero"):
        guard(inexact, True if op.startswith("arg") else np.abs(fx) <= ex)
        return r, 0.0
    if op in ("min", "max", "nanmin", "nanmax"):
        # Which of 0.0 and -0.0 a tie gives is not specified by NumPy (its loops keep the first
        # or the last, by SIMD path): the one place the sign of a zero is ignored.
        global ZERO_SIGN_FREE
        ZERO_SIGN_FREE = True
        return r, np.asarray(np.max(ex, axis=axis, keepdims=keep)) if ex.size else 0.0
    if op in ("sum", "nansum", "mean", "nanmean"):
        # Summation order differs (blocks and lanes against NumPy's pairwise sum): the classic
        # bound n * eps * sum |x| for any order, plus the inputs' own errors.
        mag = np.nan_to_num(np.abs(fx))
        err = total(ex) + n * eps(r.dtype) * total(mag) + rounding(r)
        return r, err / max(n, 1) if "mean" in op else err
    if op == "prod":
        mag = np.abs(fx)
        grown = np.asarray(np.prod(mag + ex, axis=axis, keepdims=keep)) - np.asarray(np.prod(mag, axis=axis, keepdims=keep))
        return r, grown + n * eps(r.dtype) * np.asarray(np.prod(mag, axis=axis, keepdims=keep)) + rounding(r)
    if op in ("var", "std"):
        # var = sum((x - mean)^2) / (n - ddof): dagarray merges Welford states, NumPy takes two
        # passes; both err by about n * eps * sum((|x| + |mean|)^2) / (n - ddof), plus the
        # inputs' errors through 2 * |x - mean|.
        m = np.mean(fx, axis=axis, keepdims=True) if fx.size else 0.0
        spread = np.abs(fx) + np.abs(m)
        dof = max(n - node.get("ddof", 0), 0)
        err_var = (n * eps(r.dtype) * total(spread * spread) + 2 * total(spread) * (np.max(ex) if ex.size else 0)) / (dof if dof else np.inf)
        if op == "var":
            return r, err_var + rounding(r)
        fr = f64(r)
        return r, np.where(fr > 0, err_var / (2 * np.where(fr > 0, fr, 1)), np.sqrt(err_var)) + rounding(r)
    raise KeyError(op)


def replay(node, inputs):
    """NumPy's value of `node` and a bound on its absolute rounding error."""
    op = node["op"]
    if op == "input":
        x = inputs[node["id"]]
        return x, np.zeros(x.shape)
    if op == "scalar":
        return node["value"], 0.0
    args = [replay(a, inputs) for a in node["args"]]
    values = [a[0] for a in args]
    errs = [a[1] for a in args]
    x, ex = values[0], errs[0]
    # Operations that move elements about move their error bounds the same way.
    def moved(f):
        return f(x), f(np.broadcast_to(ex, np.shape(x)))
    if op in BINARY:
        r, err = binary(op, values[0], values[1], errs[0], errs[1])
    elif op == "where":
        c, ec = values[0], errs[0]
        guard(np.asarray(ec) > 0, np.abs(f64(c)) <= ec)
        r = np.asarray(np.where(c, values[1], values[2]))
        err = np.where(c, errs[1], errs[2])
    elif op == "broadcast_to":
        r, err = moved(lambda a: np.broadcast_to(a, node["shape"]))
    elif op in SLOPE:
        r = np.asarray(getattr(np, op)(x))
        err = np.abs(SLOPE[op](f64(x), f64(r))) * ex + rounding(r)
    elif op in JUMP:
        r = np.asarray(getattr(np, op)(x))
        guard(ex > 0, JUMP[op](f64(x)) <= ex)
        err = 0.0
    elif op in ("isnan", "isinf", "isfinite"):
        r, err = np.asarray(getattr(np, op)(x)), 0.0
    elif op == "clip":
        r, err = np.asarray(np.clip(x, values[1], values[2])), ex
    elif op == "astype":
        r = x.astype(node["dtype"])
        if r.dtype.kind == "f":
            err = ex + rounding(r)
        else:
            # To int64 truncates, so it jumps at every integer; to bool it jumps at zero.
            fx = f64(x)
            guard(ex > 0, (np.abs(fx - np.round(fx)) if r.dtype.kind == "i" else np.abs(fx)) <= ex)
            err = 0.0
    elif op == "view":
        index = tuple(index_from(j) for j in node["index"])
        r, err = moved(lambda a: np.asarray(a[index]))
    elif op == "take":
        indices = np.array(node["indices"], dtype=np.int64)
        r, err = moved(lambda a: np.take(a, indices, axis=node["axis"]))
    elif op == "transpose":
        r, err = moved(lambda a: np.transpose(a, node.get("axes")))
    elif op == "moveaxis":
        r, err = moved(lambda a: np.moveaxis(a, node["source"], node["destination"]))
    elif op == "swapaxes":
        r, err = moved(lambda a: np.swapaxes(a, node["axis1"], node["axis2"]))
    elif op == "squeeze":
        axes = node.get("axis", tuple(node["axes"]) if "axes" in node else None)
        r, err = moved(lambda a: np.squeeze(a, axis=axes))
    elif op == "expand_dims":
        axes = node.get("axis", tuple(node.get("axes", ())))
        r, err = moved(lambda a: np.expand_dims(a, axes))
    elif op in ("cumsum", "cumprod"):
        axis = node.get("axis")
        r = np.asarray(getattr(np, op)(x, axis=axis))
        fx = np.broadcast_to(ex, np.shape(x))
        n = max(np.size(x) if axis is None else np.shape(np.atleast_1d(x))[axis], 1)
        mag = np.abs(f64(x))
        if op == "cumsum":
            err = np.cumsum(fx, axis=axis) + n * eps(r.dtype) * np.cumsum(np.nan_to_num(mag), axis=axis)
        else:
            err = np.cumprod(mag + fx, axis=axis) - np.cumprod(mag, axis=axis) + n * eps(r.dtype) * np.cumprod(mag, axis=axis)
        err = err + rounding(r)
    elif op in REDUCE:
        r, err = reduce(node, x, np.broadcast_to(ex, np.shape(x)))
    elif op == "reshape":
        r, err = moved(lambda a: np.reshape(a, node["shape"]))
    elif op == "ravel":
        r, err = moved(np.ravel)
    elif op in ("concatenate", "stack"):
        e = [np.broadcast_to(err_, np.shape(v)) for v, err_ in zip(values, errs)]
        r = getattr(np, op)(values, axis=node["axis"])
        err = getattr(np, op)(e, axis=node["axis"])
    elif op == "flip":
        axes = node.get("axis", tuple(node["axes"]) if "axes" in node else None)
        r, err = moved(lambda a: np.flip(a, axes))
    else:
        raise KeyError("the expression names an operation this script does not know: " + op)
    r = np.asarray(r)
    return r, clean(err, r.shape)


# ---- comparing -------------------------------------------------------------------------------

def mismatch(got, ref, err):
    """Why dagarray's `got` differs from NumPy's `ref` (None when it does not)."""
    if got.dtype != ref.dtype:
        return "dtype %s, NumPy gives %s" % (got.dtype, ref.dtype)
    if got.shape != ref.shape:
        return "shape %s, NumPy gives %s" % (got.shape, ref.shape)
    if got.dtype.kind != "f":
        bad = got != ref
    else:
        g, r = got.astype(np.float64), ref.astype(np.float64)
        both_nan = np.isnan(g) & np.isnan(r)
        tiny = ULPS * eps(got.dtype) * float(np.finfo(got.dtype).tiny)
        within = np.abs(g - r) <= ULPS * eps(got.dtype) * np.abs(r) + 2 * err + tiny
        exact_inf = np.isinf(r) & (g == r)
        unbounded = np.isinf(err) & ~np.isnan(g) & ~np.isnan(r)
        ok = both_nan | exact_inf | unbounded | (np.isfinite(r) & within)
        zero_sign = (g == 0) & (r == 0) & (err == 0) & (np.signbit(g) != np.signbit(r)) & (not ZERO_SIGN_FREE)
        bad = ~ok | zero_sign
    if not np.any(bad):
        return None
    at = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    return "%d of %d elements differ; first at %s: dagarray %r, NumPy %r (error bound %g)" % (
        int(np.sum(bad)), bad.size, at, got[at].item(), ref[at].item(), float(np.asarray(err)[at]))


ORDER_DEPENDENT = ("sum", "nansum", "mean", "nanmean", "var", "std", "prod", "cumsum", "cumprod")


def uses(node, ops):
    return node["op"] in ops or any(uses(a, ops) for a in node.get("args", ()))


def check(case):
    """(outcome, reason): outcome is agree, both_reject, indeterminate or fail."""
    global ZERO_SIGN_FREE
    ZERO_SIGN_FREE = False
    inputs = [array_from(j) for j in case["inputs"]]
    try:
        with np.errstate(all="ignore"):
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref, err = replay(case["expression"], inputs)
    except Indeterminate:
        return "indeterminate", None
    except Exception as e:  # NumPy rejected the expression
        if "error" in case:
            return "both_reject", None
        return "fail", "NumPy raises %s: %s; dagarray accepts it" % (type(e).__name__, e)
    if "error" in case:
        return "fail", "dagarray raises (%s); NumPy accepts it" % case["error"]
    if "lazy_error" in case:
        return "fail", "lazy compute raises (%s); the eager twin does not" % case["lazy_error"]
    with np.errstate(all="ignore"):
        if not case["lazy_equals_eager"]:
            # Lazy and eager must agree bit for bit, except downstream of a float reduction or
            # scan: lazily it combines per-block partial results, so its last bits follow the
            # chunks (as Dask's do). There both must agree with NumPy.
            if not uses(case["expression"], ORDER_DEPENDENT):
                return "fail", "lazy result differs from the eager one"
            why = mismatch(array_from(case["eager"]), ref, err)
            if why:
                return "fail", "eager: " + why
        why = mismatch(array_from(case["result"]), ref, err)
    return ("fail", why) if why else ("agree", None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", help="JSON lines (default: stdin)")
    parser.add_argument("--run", help="the numpy_diff program: run it instead of reading cases")
    parser.add_argument("--seed", default="20261202")
    parser.add_argument("--count", default="400")
    parser.add_argument("--show", type=int, default=5, help="failing cases printed in full")
    args = parser.parse_args()
    if args.run:
        lines = subprocess.run([args.run, args.seed, args.count], check=True, capture_output=True,
                               text=True).stdout.splitlines()
    else:
        lines = (open(args.cases) if args.cases else sys.stdin).read().splitlines()
    counts = {"agree": 0, "both_reject": 0, "indeterminate": 0, "fail": 0}
    shown = 0
    for line in lines:
        case = json.loads(line)
        outcome, why = check(case)
        counts[outcome] += 1
        if outcome == "fail" and shown < args.show:
            shown += 1
            print("FAIL case %d: %s\n  %s" % (case["case"], why, line))
    print("numpy_diff: %d cases: %d agree with NumPy, %d rejected by both, %d indeterminate "
          "(inexact input on a decision point), %d mismatches" % (
              len(lines), counts["agree"], counts["both_reject"], counts["indeterminate"], counts["fail"]))
    return 1 if counts["fail"] or not lines else 0


if __name__ == "__main__":
    sys.exit(main())
