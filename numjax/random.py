"""numjax.random: JAX's PRNG (placeholder until the random issue lands)."""
