"""The inputs every benchmark reads, bit for bit as dagarray builds them: element k (row-major)
is the top 53 bits of k * 0x9E3779B97F4A7C15 (mod 2**64), times 2**-53."""


def hashed_uniform(np, rows, cols):
    """uint64 multiplication wraps as C++'s does."""
    k = np.arange(rows * cols, dtype=np.uint64)
    k *= np.uint64(0x9E3779B97F4A7C15)
    k >>= np.uint64(11)
    return (k.astype(np.float64) * 2.0**-53).reshape(rows, cols)
