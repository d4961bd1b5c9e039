"""numjax.scipy.spatial (`jax.scipy.spatial`): import numjax.scipy.spatial.transform, as in
JAX, where this package itself is empty."""
