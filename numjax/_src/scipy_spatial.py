"""jax.scipy.spatial.transform: Rotation and Slerp.

A Rotation holds unit quaternions in SciPy's scalar-last order (x, y, z, w): shape (4,) for
one rotation, (N, 4) for N. Both classes are NamedTuples, hence pytrees, so they pass
through jit, vmap and grad. Every conversion is written over the last axis with `[..., i]`
indexing, so one call handles any number of rotations with whole-array operations; axis
sequences of Euler angles are static strings, resolved in Python.

Behaviour follows JAX 0.10.2 where it differs from SciPy: `identity` takes no count,
`random` is not implemented, `concatenate` joins the quaternion arrays as given, and
`from_euler` expects the last axis of `angles` to have one angle per axis of `seq` (SciPy
also reads a 1-D array as one angle per rotation for a single axis).
"""

from __future__ import annotations

import re
import typing

import numpy as np

from .numpy import namespace as jnp
from .numpy.util import promote_to_inexact


def _norm(v):
    return jnp.sqrt(jnp.sum(v * v, axis=-1))


def _normalize(quat):
    return quat / _norm(quat)[..., None]


def _compose(p, q):
    """Quaternion product p q (apply q, then p)."""
    pv, pw, qv, qw = p[..., :3], p[..., 3:], q[..., :3], q[..., 3:]
    vector = pw * qv + qw * pv + jnp.cross(pv, qv)
    scalar = pw * qw - jnp.sum(pv * qv, axis=-1, keepdims=True)
    scalar = jnp.broadcast_to(scalar, vector.shape[:-1] + (1,))
    return jnp.concatenate([vector, scalar], axis=-1)


def _as_matrix(quat):
    x, y, z, w = (quat[..., i] for i in range(4))
    x2, y2, z2, w2 = x * x, y * y, z * z, w * w
    xy, zw, xz, yw, yz, xw = x * y, z * w, x * z, y * w, y * z, x * w
    rows = [
        [x2 - y2 - z2 + w2, 2 * (xy - zw), 2 * (xz + yw)],
        [2 * (xy + zw), -x2 + y2 - z2 + w2, 2 * (yz - xw)],
        [2 * (xz - yw), 2 * (yz + xw), -x2 - y2 + z2 + w2],
    ]
    return jnp.stack([jnp.stack(row, axis=-1) for row in rows], axis=-2)


def _from_matrix(matrix):
    # Shepperd's method: build the quaternion from the largest of |w| and the |x|, |y|, |z|
    # (read off the diagonal and the trace), which keeps the division well conditioned.
    m = lambda i, j: matrix[..., i, j]
    trace = m(0, 0) + m(1, 1) + m(2, 2)
    candidates = []
    for i in range(3):
        j, k = (i + 1) % 3, (i + 2) % 3
        q = [None] * 4
        q[i] = 1 - trace + 2 * m(i, i)
        q[j] = m(j, i) + m(i, j)
        q[k] = m(k, i) + m(i, k)
        q[3] = m(k, j) - m(j, k)
        candidates.append(jnp.stack(q, axis=-1))
    candidates.append(
        jnp.stack([m(2, 1) - m(1, 2), m(0, 2) - m(2, 0), m(1, 0) - m(0, 1), 1 + trace], axis=-1)
    )
    decision = jnp.stack([m(0, 0), m(1, 1), m(2, 2), trace], axis=-1)
    choice = jnp.argmax(decision, axis=-1)
    stacked = jnp.stack(candidates, axis=-2)  # (..., candidate, 4)
    quat = jnp.take_along_axis(stacked, choice[..., None, None], axis=-2)[..., 0, :]
    return _normalize(quat)


def _as_rotvec(quat, degrees):
    quat = jnp.where(quat[..., 3:] < 0, -quat, quat)  # w >= 0 so that 0 <= angle <= pi
    angle = 2.0 * jnp.arctan2(_norm(quat[..., :3]), quat[..., 3])
    angle2 = angle * angle
    # angle / sin(angle / 2), with its Taylor series near 0
    small = 2 + angle2 / 12 + 7 * angle2 * angle2 / 2880
    scale = jnp.where(angle <= 1e-3, small, angle / jnp.sin(angle / 2))
    if degrees:
        scale = jnp.rad2deg(scale)
    return scale[..., None] * quat[..., :3]


def _from_rotvec(rotvec, degrees):
    (rotvec,) = promote_to_inexact(jnp.asarray(rotvec))
    if degrees:
        rotvec = jnp.deg2rad(rotvec)
    angle = _norm(rotvec)
    angle2 = angle * angle
    # sin(angle / 2) / angle, with its Taylor series near 0
    small = 0.5 - angle2 / 48 + angle2 * angle2 / 3840
    scale = jnp.where(angle <= 1e-3, small, jnp.sin(angle / 2) / angle)
    return jnp.concatenate([scale[..., None] * rotvec, jnp.cos(angle / 2)[..., None]], axis=-1)


def _as_mrp(quat):
    sign = jnp.where(quat[..., 3] < 0, -1.0, 1.0)
    return (sign / (1.0 + sign * quat[..., 3]))[..., None] * quat[..., :3]


def _from_mrp(mrp):
    (mrp,) = promote_to_inexact(jnp.asarray(mrp))
    n2_plus_1 = jnp.sum(mrp * mrp, axis=-1, keepdims=True) + 1
    return jnp.concatenate([2 * mrp[..., :3], 2 - n2_plus_1], axis=-1) / n2_plus_1


def _make_canonical(quat):
    """The sign of `quat` whose first nonzero component, in the order w, x, y, z, is
    positive."""
    x, y, z, w = (quat[..., i] for i in range(4))
    neg = (w < 0) | ((w == 0) & (x < 0)) | ((w == 0) & (x == 0) & (y < 0))
    neg = neg | ((w == 0) & (x == 0) & (y == 0) & (z < 0))
    return jnp.where(neg[..., None], -quat, quat)


def _check_seq(seq):
    intrinsic = re.match(r"^[XYZ]{1,3}$", seq) is not None
    extrinsic = re.match(r"^[xyz]{1,3}$", seq) is not None
    if not (intrinsic or extrinsic):
        raise ValueError(
            f"Expected axes from `seq` to be from ['x', 'y', 'z'] or ['X', 'Y', 'Z'], got {seq}"
        )
    if any(seq[i] == seq[i + 1] for i in range(len(seq) - 1)):
        raise ValueError(f"Expected consecutive axes to be different, got {seq}")
    return extrinsic, ["xyz".index(a) for a in seq.lower()]


def _elementary_quat(axis, angle):
    parts = [jnp.zeros_like(angle)] * 3 + [jnp.cos(angle / 2)]
    parts[axis] = jnp.sin(angle / 2)
    return jnp.stack(parts, axis=-1)


def _as_euler(quat, extrinsic, axes, degrees):
    # Bernardes & Viollet (2022), "Quaternion to Euler angles conversion: a direct, general
    # and computationally efficient method", in the form JAX implements.
    first, third = (0, 2) if extrinsic else (2, 0)
    i, j, k = axes if extrinsic else axes[::-1]
    symmetric = i == k
    if symmetric:
        k = 3 - i - j
    sign = (i - j) * (j - k) * (k - i) // 2
    q = [quat[..., n] for n in range(4)]
    if symmetric:
        a, b, c, d = q[3], q[i], q[j], q[k] * sign
    else:
        a, b, c, d = q[3] - q[j], q[i] + q[k] * sign, q[j] + q[3], q[k] * sign - q[i]
    middle = 2 * jnp.arctan2(jnp.hypot(c, d), jnp.hypot(a, b))
    eps = 1e-7
    regular = (jnp.abs(middle) > eps) & (jnp.abs(middle - np.pi) > eps)
    half_sum, half_diff = jnp.arctan2(b, a), jnp.arctan2(d, c)
    # Gimbal lock: the first slot gets the whole rotation about the (merged) axis, the other 0.
    locked = jnp.where(jnp.abs(middle) <= eps, 2 * half_sum,
                       2 * half_diff * (-1 if extrinsic else 1))  # fmt: skip
    angles = [locked, middle, jnp.zeros_like(middle)]
    angles[first] = jnp.where(regular, half_sum - half_diff, angles[first])
    angles[third] = jnp.where(regular, half_sum + half_diff, angles[third])
    if not symmetric:
        angles[third] = angles[third] * sign
        angles[1] = angles[1] - np.pi / 2
    out = (jnp.stack(angles, axis=-1) + np.pi) % (2 * np.pi) - np.pi
    return jnp.rad2deg(out) if degrees else out


class Rotation(typing.NamedTuple):
    """scipy.spatial.transform.Rotation over unit quaternions `quat` (..., 4), scalar last.

    Build one with a `from_*` constructor; compose with `*` (r1 * r2 applies r2 first)."""

    quat: typing.Any

    @classmethod
    def concatenate(cls, rotations: typing.Sequence):
        """One Rotation holding the given ones' quaternions, joined along axis 0."""
        return cls(jnp.concatenate([r.quat for r in rotations]))

    @classmethod
    def from_euler(cls, seq: str, angles, degrees: bool = False):
        """From angles about 1-3 axes: 'xyz'-style (lower case) extrinsic, fixed axes;
        'XYZ'-style (upper case) intrinsic, axes that move with the body."""
        if len(seq) < 1 or len(seq) > 3:
            raise ValueError(
                "Expected axis specification to be a non-empty string of upto 3 characters, "
                f"got {seq}"
            )
        extrinsic, axes = _check_seq(seq)
        (angles,) = promote_to_inexact(jnp.atleast_1d(angles))
        angles = angles.astype(angles.dtype)  # a strong type, as JAX's vectorized version gives
        if angles.shape[-1] != len(axes):
            raise ValueError(
                f"inconsistent size for core dimension 'm': {len(axes)} vs {angles.shape[-1]} on "
                "vectorized function with excluded=frozenset() and "
                "signature='(m),(m),(),()->(n)'"
            )
        if degrees:
            angles = jnp.deg2rad(angles)
        result = _elementary_quat(axes[0], angles[..., 0])
        for n in range(1, len(axes)):
            quat = _elementary_quat(axes[n], angles[..., n])
            result = _compose(quat, result) if extrinsic else _compose(result, quat)
        return cls(result)

    @classmethod
    def from_matrix(cls, matrix):
        """From rotation matrices (..., 3, 3)."""
        (matrix,) = promote_to_inexact(jnp.asarray(matrix))
        return cls(_from_matrix(matrix))

    @classmethod
    def from_mrp(cls, mrp):
        """From modified Rodrigues parameters (..., 3): axis * tan(angle / 4)."""
        return cls(_from_mrp(mrp))

    @classmethod
    def from_quat(cls, quat):
        """From quaternions (..., 4), scalar last; they are normalised."""
        (quat,) = promote_to_inexact(jnp.asarray(quat))
        return cls(_normalize(quat))

    @classmethod
    def from_rotvec(cls, rotvec, degrees: bool = False):
        """From rotation vectors (..., 3): axis * angle."""
        return cls(_from_rotvec(rotvec, degrees))

    @classmethod
    def identity(cls, num: int | None = None, dtype=float):
        """The single identity rotation (JAX does not support `num`)."""
        assert num is None
        return cls(jnp.array([0.0, 0.0, 0.0, 1.0], dtype=dtype))

    @classmethod
    def random(cls, random_key, num: int | None = None):
        """Not implemented, as in JAX."""
        raise NotImplementedError()

    def __getitem__(self, indexer):
        if self.single:
            raise TypeError("Single rotation is not subscriptable.")
        return Rotation(self.quat[indexer])

    def __len__(self):
        if self.single:
            raise TypeError("Single rotation has no len().")
        return self.quat.shape[0]

    def __mul__(self, other) -> Rotation:
        """The composition applying `other` first, then `self`."""
        return Rotation.from_quat(_compose(self.quat, other.quat))

    def apply(self, vectors, inverse: bool = False):
        """The rotated vectors (..., 3), broadcasting rotations against vectors."""
        matrix = self.as_matrix()
        if inverse:
            matrix = jnp.swapaxes(matrix, -1, -2)
        return (matrix @ jnp.asarray(vectors)[..., None])[..., 0]

    def as_euler(self, seq: str, degrees: bool = False):
        """Angles (..., 3) about the three axes of `seq` (see from_euler), each in
        [-pi, pi); the middle one in [0, pi] for symmetric sequences ('zxz')."""
        if len(seq) != 3:
            raise ValueError(f"Expected 3 axes, got {seq}.")
        extrinsic, axes = _check_seq(seq)
        return _as_euler(self.quat, extrinsic, axes, degrees)

    def as_matrix(self):
        """Rotation matrices (..., 3, 3)."""
        return _as_matrix(self.quat)

    def as_mrp(self):
        """Modified Rodrigues parameters (..., 3), of the rotation angle at most pi."""
        return _as_mrp(self.quat)

    def as_rotvec(self, degrees: bool = False):
        """Rotation vectors (..., 3), of norm at most pi (or 180 with degrees=True)."""
        return _as_rotvec(self.quat, degrees)

    def as_quat(self, canonical: bool = False, scalar_first: bool = False):
        """Quaternions (..., 4); canonical=True picks the sign with w >= 0."""
        quat = _make_canonical(self.quat) if canonical else self.quat
        return jnp.roll(quat, shift=1, axis=-1) if scalar_first else quat

    def inv(self):
        """The inverse rotations (conjugate quaternions)."""
        return Rotation(self.quat * jnp.array([-1, -1, -1, 1], dtype=self.quat.dtype))

    def magnitude(self):
        """Rotation angles in [0, pi]."""
        return 2.0 * jnp.arctan2(_norm(self.quat[..., :3]), jnp.abs(self.quat[..., 3]))

    def mean(self, weights=None):
        """The (weighted) mean rotation: the quaternion maximising sum w_i (q . q_i)^2, the
        top eigenvector of sum w_i q_i q_i^T (Markley et al., 2007)."""
        dtype = self.quat.dtype
        if weights is None:
            w = jnp.ones(self.quat.shape[0], dtype=dtype)
        else:
            w = jnp.asarray(weights, dtype=dtype)
        if w.ndim != 1:
            raise ValueError(f"Expected `weights` to be 1 dimensional, got shape {w.shape}.")
        if w.shape[0] != len(self):
            raise ValueError(
                "Expected `weights` to have number of values equal to number of rotations, "
                f"got {w.shape[0]} values and {len(self)} rotations."
            )
        K = jnp.dot(w[None, :] * self.quat.T, self.quat)
        _, v = jnp.linalg.eigh(K)
        return Rotation(v[:, -1])

    @property
    def single(self) -> bool:
        """Whether this holds one rotation (quat of shape (4,))."""
        return self.quat.ndim == 1


class Slerp(typing.NamedTuple):
    """scipy.spatial.transform.Slerp: rotations interpolated at constant angular velocity
    between key rotations at increasing key times. Build with `Slerp.init(times, rotations)`.
    """

    times: typing.Any
    timedelta: typing.Any
    rotations: Rotation  # the key rotations but the last: each interval's start
    rotvecs: typing.Any  # each interval's rotation from start to end, as a rotation vector

    @classmethod
    def init(cls, times, rotations: Rotation):
        if not isinstance(rotations, Rotation):
            raise TypeError("`rotations` must be a `Rotation` instance.")
        if rotations.single or len(rotations) == 1:
            raise ValueError("`rotations` must be a sequence of at least 2 rotations.")
        times = jnp.asarray(times, dtype=rotations.quat.dtype)
        if times.ndim != 1:
            raise ValueError(
                "Expected times to be specified in a 1 dimensional array, got "
                f"{times.ndim} dimensions."
            )
        if times.shape[0] != len(rotations):
            raise ValueError(
                "Expected number of rotations to be equal to number of timestamps given, "
                f"got {len(rotations)} rotations and {times.shape[0]} timestamps."
            )
        starts = Rotation(rotations.quat[:-1])
        steps = starts.inv() * Rotation(rotations.quat[1:])
        return cls(
            times=times, timedelta=jnp.diff(times), rotations=starts, rotvecs=steps.as_rotvec()
        )

    def __call__(self, times):
        """The interpolated rotation(s) at `times` (a scalar or a 1-D array)."""
        t = jnp.asarray(times, dtype=self.times.dtype)
        if t.ndim > 1:
            raise ValueError("`times` must be at most 1-dimensional.")
        single = t.ndim == 0
        t = jnp.atleast_1d(t)
        ind = jnp.maximum(jnp.searchsorted(self.times, t) - 1, 0)
        alpha = (t - self.times[ind]) / self.timedelta[ind]
        result = self.rotations[ind] * Rotation.from_rotvec(self.rotvecs[ind] * alpha[:, None])
        return result[0] if single else result
