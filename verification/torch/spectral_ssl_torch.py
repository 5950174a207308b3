#!/usr/bin/env python3
"""An independent float64 PyTorch implementation of spectral-ssl's cases, written from
spec/SPEC.md (E1-E25) and verification/FORMAT.md, never from the Java code.

Independence: the forward passes are plain torch; every gradient is torch autograd, except the
derivative of the matrix function F = U f(Lambda) U^T of ST, which autograd through eigh cannot
give at repeated eigenvalues (SPEC E17, "Why not autograd through eigh"): it is written from
E17's Daleckii-Krein formula. IterNorm (E18), W-MSE's Cholesky (E22), Barlow Twins and VICReg are
differentiated by autograd. Eigenvalues come from LAPACK (torch.linalg.eigh), not EJML.

Usage:
  spectral_ssl_torch.py eval CASE.json            print the result (FORMAT.md section 3)
  spectral_ssl_torch.py serve [--bug BUG]         the conformance protocol (FORMAT.md section 6):
                                                  one case per line on stdin, one result per line
Deliberate bugs, for showing that the conformance runner catches them:
  --bug divisor        the trace loss uses the biased variance whatever the case's divisor
                       (a "mixed-up divisor", SPEC 3.3)
  --bug eigh-autograd  ST's gradient by autograd through eigh (wrong at repeated eigenvalues)
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

RESULT_FORMAT = "spectral-ssl-result/1"


class CaseError(Exception):
    """A case this implementation refuses, with a one-line reason."""


# ----------------------------------------------------------------------------- JSON helpers

def array_from_json(name, v):
    if not isinstance(v, dict) or "shape" not in v or "data" not in v:
        raise CaseError(f"{name} must be {{\"shape\": [...], \"data\": [...]}}")
    shape = v["shape"]
    data = v["data"]
    if len(shape) != 2 or shape[0] * shape[1] != len(data):
        raise CaseError(f"{name} has shape {shape} but {len(data)} numbers")
    if any(not isinstance(x, (int, float)) or isinstance(x, bool) for x in data):
        raise CaseError(f"{name} must hold finite numbers")
    t = torch.tensor(data, dtype=torch.float64).reshape(shape[0], shape[1])
    if not torch.isfinite(t).all():
        raise CaseError(f"{name} has a non-finite value")
    return t


def number(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def to_json(t):
    t = t.detach()
    if t.dim() == 0:
        return number(t.item())
    return {"shape": list(t.shape), "data": [number(x) for x in t.reshape(-1).tolist()]}


# ----------------------------------------------------------------------------- E1, E2, modes

def to_variables(z, mode):
    """X (n x k): FEATURES X = Z^T, SAMPLES X = Z (SPEC 3.2)."""
    return z.t() if mode == "features" else z


def from_variables(x, mode):
    return x.t() if mode == "features" else x


def centre(x):
    """E1: each row loses its mean over the k observations."""
    return x - x.mean(dim=1, keepdim=True)


def divisor(k, div):
    if div == "unbiased":
        if k < 2:
            raise CaseError("the unbiased divisor needs at least 2 observations")
        return k - 1
    return k


def covariance(xc, q):
    """E2."""
    return xc @ xc.t() / q


def cov_of_batch(z, mode, div):
    xc = centre(to_variables(z, mode))
    return covariance(xc, divisor(xc.shape[1], div))


def scale_exponent(xc):
    """E9d: e with max|2^e X_c| in [1, 2)."""
    m = xc.detach().abs().max().item()
    return -math.frexp(m)[1] + 1


# ----------------------------------------------------------------------------- E5, E6 and E17

class Spectrum:
    """g and its cancellation-free divided differences (E5, E6, E17)."""

    def __init__(self, family, coef):
        self.family = family
        self.coef = coef

    def value(self, x):
        if self.family == "power":
            return torch.ones_like(x) if self.coef == 0 else x.pow(-self.coef)
        return torch.exp(self.coef * x)

    def derivative(self, x):
        if self.family == "power":
            return torch.zeros_like(x) if self.coef == 0 else -self.coef * x.pow(-self.coef - 1)
        return self.coef * torch.exp(self.coef * x)

    def divided(self, a, b):
        """g[a, b] elementwise, g'(a) where a == b (E17)."""
        same = a == b
        diff = torch.where(same, torch.ones_like(a), a - b)
        if self.family == "power":
            p = self.coef
            if p == 0:
                return torch.zeros_like(a)
            dd = b.pow(-p) * torch.expm1(-p * torch.log1p(diff / b)) / diff
        else:
            c = self.coef
            swap = c * a > c * b
            lo = torch.where(swap, b, a)
            hi = torch.where(swap, a, b)
            gap = torch.where(same, torch.ones_like(a), hi - lo)
            dd = torch.exp(c * lo) * torch.expm1(c * gap) / gap
        return torch.where(same, self.derivative(a), dd)


def stabilised_divided(g, lam, c, eps):
    """K_ij = f[lam_i, lam_j] for f(x) = g(max(x, c) + eps), c held constant (E17)."""
    a = lam[:, None].expand(-1, lam.shape[0])
    b = lam[None, :].expand(lam.shape[0], -1)
    low_a = a < c
    low_b = b < c
    cc = torch.full_like(a, c)
    hi = torch.maximum(a, b)
    lo = torch.minimum(a, b)
    both_high = g.divided(a + eps, b + eps)
    span = torch.where(hi == lo, torch.ones_like(hi), hi - lo)
    straddle = g.divided(hi + eps, cc + eps) * (hi - cc) / span
    k = torch.where(low_a & low_b, torch.zeros_like(a), torch.where(low_a | low_b, straddle, both_high))
    upper = torch.triu(k)
    return upper + torch.triu(k, 1).t()  # exactly symmetric: one value per unordered pair


class MatrixFunction(torch.autograd.Function):
    """F = U f(Lambda) U^T with the Daleckii-Krein backward dSigma = U (K o U^T sym(G) U) U^T (E17)."""

    @staticmethod
    def forward(ctx, sigma, g, eps, floor_ulps):
        lam, u = torch.linalg.eigh(sigma)
        n = lam.shape[0]
        lmax = lam[-1].item()
        c = floor_ulps * n * 2.0 ** -52 * lmax if lmax > 0 else 0.0
        f = g.value(torch.clamp(lam, min=c) + eps)
        if not torch.isfinite(f).all():
            raise CaseError("g is not finite at a stabilised eigenvalue; enable the floor or eps")
        ctx.save_for_backward(lam, u)
        ctx.g, ctx.c, ctx.eps = g, c, eps
        ctx.floored = int((lam < c).sum().item())
        return (u * f) @ u.t()

    @staticmethod
    def backward(ctx, grad):
        lam, u = ctx.saved_tensors
        m = u.t() @ (0.5 * (grad + grad.t())) @ u
        k = stabilised_divided(ctx.g, lam, ctx.c, ctx.eps)
        return u @ (k * m) @ u.t(), None, None, None


def matrix_function_eigh_autograd(sigma, g, eps, floor_ulps):
    """The same F, differentiated by autograd through eigh: the textbook way, wrong at ties."""
    lam, u = torch.linalg.eigh(sigma)
    n = lam.shape[0]
    lmax = lam[-1].item()
    c = floor_ulps * n * 2.0 ** -52 * lmax if lmax > 0 else 0.0
    f = g.value(torch.clamp(lam, min=c) + eps)
    return (u * f) @ u.t()


# ----------------------------------------------------------------------------- transforms

def st_transform(z, mode, div, params, bug):
    """E3 with the stabilisers of E9. Returns (zhat, F, Sigma, notes)."""
    g = Spectrum(params.get("g", "power"), params.get("p", 0.5) if params.get("g", "power") == "power"
                 else params["a"])
    eps = params.get("eps", 0.0)
    floor_ulps = params.get("floor_ulps", 1.0)
    xc = centre(to_variables(z, mode))
    n, k = xc.shape
    q = divisor(k, div)
    sigma_nat = covariance(xc, q)
    if xc.detach().abs().max().item() == 0:
        if not torch.isfinite(g.value(torch.tensor(0.0 + eps))):
            # E9c: the zero-trace guard. The output is 0 and so is its gradient.
            return torch.zeros_like(z) * z, torch.zeros(n, n), sigma_nat, ["zero-trace guard"]
    homogeneous = g.family == "power" and eps == 0
    e = scale_exponent(xc) if homogeneous and xc.detach().abs().max().item() > 0 else 0
    s = 2.0 ** e
    xs = xc * s
    sigma_s = covariance(xs, q)
    if bug == "eigh-autograd":
        fs = matrix_function_eigh_autograd(sigma_s, g, eps, floor_ulps)
    else:
        fs = MatrixFunction.apply(sigma_s, g, eps, floor_ulps)
    h = -g.coef if homogeneous else 0.0
    out_factor = 2.0 ** (-e * (2 * h + 1)) if homogeneous else 1.0
    xhat = (fs @ xs) * out_factor
    transform = fs * (2.0 ** (-e * 2 * h) if homogeneous else 1.0)
    return from_variables(xhat, mode), transform, sigma_nat, []


def iternorm_transform(z, mode, div, t):
    """E10 in the scale frame E9d (output factor 1). Gradient: autograd through Newton (E18)."""
    xc = centre(to_variables(z, mode))
    n, k = xc.shape
    q = divisor(k, div)
    sigma_nat = covariance(xc, q)
    if xc.detach().abs().max().item() == 0:
        return torch.zeros_like(z) * z, torch.zeros(n, n), sigma_nat, ["zero-trace guard"]
    e = scale_exponent(xc)
    xs = xc * 2.0 ** e
    sigma = covariance(xs, q)
    tau = torch.trace(sigma)
    s = sigma / tau
    p = torch.eye(n)
    for _ in range(t):
        p = 1.5 * p - 0.5 * (p @ p @ p) @ s
    w = p / torch.sqrt(tau)
    xhat = w @ xs
    if not torch.isfinite(xhat).all():
        raise CaseError(f"IterNorm with T = {t} diverged")
    return from_variables(xhat, mode), w * 2.0 ** e, sigma_nat, []


# ----------------------------------------------------------------------------- losses

def trace_loss(zhat, mode, div):
    """E11."""
    xc = centre(to_variables(zhat, mode))
    v = (xc * xc).sum(dim=1) / divisor(xc.shape[1], div)
    return ((1 - v) ** 2).sum()


def alignment(z1, z2):
    """E12: F.normalize with its defaults, then 2 - 2 mean cos."""
    u1 = F.normalize(z1, dim=1, eps=1e-12)
    u2 = F.normalize(z2, dim=1, eps=1e-12)
    return 2 - 2 * (u1 * u2).sum(dim=1).mean()


def beta_rule(n):
    """E13."""
    if n <= 8:
        raise CaseError(f"the beta rule gives beta <= 0 for n = {n}; pass an explicit beta")
    return 0.01 * (math.log2(n) - 3)


def wmse_whiten(z, mode, div, eps):
    """E14: Cholesky of (1 - eps) Sigma + eps I, Y = H^-1 X_c."""
    xc = centre(to_variables(z, mode))
    n, k = xc.shape
    q = divisor(k, div)
    if eps == 0 and k - 1 < n:
        raise CaseError("covariance is singular; use eps > 0")
    a = (1 - eps) * covariance(xc, q) + eps * torch.eye(n)
    h, info = torch.linalg.cholesky_ex(a)
    if info.item() != 0:
        raise CaseError("covariance is not positive definite; use eps > 0")
    y = torch.linalg.solve_triangular(h, xc, upper=False)
    return from_variables(y, mode)


def barlow_twins(z1, z2, lam, bn_eps):
    """E15."""
    def bn(z):
        mu = z.mean(dim=0, keepdim=True)
        var = ((z - mu) ** 2).mean(dim=0, keepdim=True)
        return (z - mu) / torch.sqrt(var + bn_eps)
    c = bn(z1).t() @ bn(z2) / z1.shape[0]
    diag = torch.diagonal(c)
    on = ((1 - diag) ** 2).sum()
    off = (c ** 2).sum() - (diag ** 2).sum()
    return on + lam * off, {"on_diag": on, "off_diag": off}


def vicreg(z1, z2, sim, std_c, cov_c, std_eps):
    """E16."""
    m, d = z1.shape
    inv = ((z1 - z2) ** 2).mean()
    vterm = 0
    cterm = 0
    for z in (z1, z2):
        zc = z - z.mean(dim=0, keepdim=True)
        cov = zc.t() @ zc / (m - 1)
        std = torch.sqrt(torch.diagonal(cov) + std_eps)
        vterm = vterm + torch.relu(1 - std).mean() / 2
        cterm = cterm + ((cov ** 2).sum() - (torch.diagonal(cov) ** 2).sum()) / d
    return sim * inv + std_c * vterm + cov_c * cterm, {"invariance": inv, "variance": vterm, "covariance": cterm}


# ----------------------------------------------------------------------------- evaluation

OPS = ("st", "iternorm", "intl", "trace_loss", "alignment", "wmse", "barlow_twins", "vicreg")


def evaluate(case, bug=None):
    op = case.get("op")
    if op not in OPS:
        raise CaseError(f"unknown op {op!r}")
    params = case.get("params", {})
    covariance_op = op in ("st", "iternorm", "intl", "trace_loss", "wmse")
    mode = case.get("mode", "features" if op == "wmse" else "samples") if covariance_op else None
    div = case.get("divisor", "unbiased") if covariance_op else None
    z1 = array_from_json("z1", case["z1"]).requires_grad_(True)
    z2 = array_from_json("z2", case["z2"]).requires_grad_(True) if op != "trace_loss" else None
    tl_div = "biased" if bug == "divisor" else div
    out = {"format": RESULT_FORMAT}
    if "id" in case:
        out["id"] = case["id"]
    out["op"] = op
    if op in ("st", "iternorm", "intl"):
        if op == "st":
            zh1, tr1, cov1, notes1 = st_transform(z1, mode, div, params, bug)
            zh2, _, _, notes2 = st_transform(z2, mode, div, params, bug)
            beta = params.get("beta", 0.0)
        else:
            t = int(params.get("T", 4))
            zh1, tr1, cov1, notes1 = iternorm_transform(z1, mode, div, t)
            zh2, _, _, notes2 = iternorm_transform(z2, mode, div, t)
            if "beta" in params:
                beta = params["beta"]
            elif op == "iternorm":
                beta = 0.0
            else:
                m, d = z1.shape
                beta = beta_rule(d if mode == "features" else m)
        tl1 = trace_loss(zh1, mode, tl_div)
        tl2 = trace_loss(zh2, mode, tl_div)
        al = alignment(zh2, zh1)
        loss = al + beta * (tl1 + tl2)
        g1, g2 = torch.autograd.grad(loss, (z1, z2))
        cov_out = cov_of_batch(zh1.detach(), mode, div)
        out.update({
            "zhat1": to_json(zh1), "zhat2": to_json(zh2), "transform1": to_json(tr1),
            "cov_in1": to_json(cov1), "eig_in1": to_json(torch.linalg.eigvalsh(cov1.detach())),
            "cov_out1": to_json(cov_out), "eig_out1": to_json(torch.linalg.eigvalsh(cov_out)),
            "trace_loss1": to_json(tl1), "trace_loss2": to_json(tl2), "align": to_json(al),
            "beta": float(beta), "loss": to_json(loss), "grad_z1": to_json(g1), "grad_z2": to_json(g2)})
        notes = [f"view 1: {x}" for x in notes1] + [f"view 2: {x}" for x in notes2]
        if notes:
            out["notes"] = notes
    elif op == "trace_loss":
        loss = trace_loss(z1, mode, tl_div)
        (g1,) = torch.autograd.grad(loss, (z1,))
        cov = cov_of_batch(z1.detach(), mode, div)
        out.update({"cov_out1": to_json(cov), "eig_out1": to_json(torch.linalg.eigvalsh(cov)),
                    "trace_loss1": to_json(loss), "loss": to_json(loss), "grad_z1": to_json(g1)})
    elif op == "alignment":
        loss = alignment(z1, z2)
        g1, g2 = torch.autograd.grad(loss, (z1, z2))
        out.update({"align": to_json(loss), "loss": to_json(loss), "grad_z1": to_json(g1), "grad_z2": to_json(g2)})
    elif op == "wmse":
        eps = params.get("eps", 0.0)
        zh1 = wmse_whiten(z1, mode, div, eps)
        zh2 = wmse_whiten(z2, mode, div, eps)
        loss = alignment(zh1, zh2)
        g1, g2 = torch.autograd.grad(loss, (z1, z2))
        cov = cov_of_batch(z1.detach(), mode, div)
        cov_out = cov_of_batch(zh1.detach(), mode, div)
        out.update({"zhat1": to_json(zh1), "zhat2": to_json(zh2), "cov_in1": to_json(cov),
                    "eig_in1": to_json(torch.linalg.eigvalsh(cov)), "cov_out1": to_json(cov_out),
                    "eig_out1": to_json(torch.linalg.eigvalsh(cov_out)), "align": to_json(loss),
                    "loss": to_json(loss), "grad_z1": to_json(g1), "grad_z2": to_json(g2)})
    else:
        if op == "barlow_twins":
            loss, terms = barlow_twins(z1, z2, params.get("lambda", 0.0051), params.get("bn_eps", 1e-5))
        else:
            loss, terms = vicreg(z1, z2, params.get("sim_coeff", 25.0), params.get("std_coeff", 25.0),
                                 params.get("cov_coeff", 1.0), params.get("std_eps", 1e-4))
        g1, g2 = torch.autograd.grad(loss, (z1, z2))
        out.update({"loss": to_json(loss), "terms": {k: to_json(v) for k, v in terms.items()},
                    "grad_z1": to_json(g1), "grad_z2": to_json(g2)})
    return out


def answer(line, bug):
    case = None
    try:
        case = json.loads(line)
        return evaluate(case, bug)
    except (CaseError, KeyError, ValueError, TypeError, RuntimeError) as e:
        err = {"error": (str(e) or type(e).__name__).splitlines()[0]}
        if isinstance(case, dict) and "id" in case:
            err["id"] = case["id"]
        return err


def main(argv):
    bug = None
    if "--bug" in argv:
        i = argv.index("--bug")
        bug = argv[i + 1]
        if bug not in ("divisor", "eigh-autograd"):
            sys.exit(f"unknown --bug {bug}")
        del argv[i:i + 2]
    if len(argv) >= 2 and argv[0] == "eval":
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
        case = doc["case"] if doc.get("format") == "spectral-ssl-vector/1" else doc
        res = answer(json.dumps(case), bug)
        print(json.dumps(res, allow_nan=False))
        return 0 if "error" not in res else 2
    if argv and argv[0] == "serve":
        for line in sys.stdin:
            if line.strip():
                sys.stdout.write(json.dumps(answer(line, bug), allow_nan=False) + "\n")
                sys.stdout.flush()
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
